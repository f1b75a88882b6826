"""The dashboard's rollups: `refresh` rewrites them from the live facts (beat runs it periodically)."""

from __future__ import annotations

from celery import shared_task
from celery.utils.log import get_task_logger

from tracker.clock import now
from tracker.domain.deadlines.calendar import china_date
from tracker.domain.metrics.summary import refresh_summary
from tracker.extensions import db

logger = get_task_logger(__name__)


@shared_task(per_congress=True)
def refresh() -> float:
    """Rewrite the rollups as of now, in one transaction; returns the seconds it took."""
    moment = now()
    try:
        seconds = refresh_summary(db.session, china_date(moment), moment)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    logger.info("metrics rollups refreshed in %.1f s", seconds)
    return seconds
