"""Supervisors' and the office's dashboard, drill-down lists and the yearly report figures."""
