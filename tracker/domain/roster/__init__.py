"""Roster import (代表名册): deputies, and handling units with their staff, from XLSX or CSV,
checked row by row in a preview before anything is written, then written in one transaction."""
