"""When pages read the Celery-refreshed metric rollups: shared by the dashboard and publication pages."""

from __future__ import annotations

from flask import current_app

SUMMARY_MIN_ITEMS = 20_000


def summary_from() -> int:
    """Databases with at least this many suggestions read the Celery-refreshed rollups."""
    return int(current_app.config.get("METRICS_SUMMARY_MIN_ITEMS", SUMMARY_MIN_ITEMS))
