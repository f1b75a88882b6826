"""Roster import pages (代表名册): upload, preview with row problems, confirm, report, templates."""
