"""Liaison-station referrals: `follow_ups` (daily) tells each deputy once when a referral is due."""

from __future__ import annotations

from celery import shared_task
from celery.utils.log import get_task_logger

from tracker.clock import now
from tracker.domain.deadlines.calendar import china_date
from tracker.domain.liaison.followup import notify_due_referrals
from tracker.extensions import db

logger = get_task_logger(__name__)


@shared_task(per_congress=True)
def follow_ups() -> int:
    """Write the in-app notices of referrals due by today (China time); returns how many."""
    moment = now()
    try:
        written = notify_due_referrals(db.session, china_date(moment), moment)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    if written:
        logger.info("liaison follow-ups at %s: %d notices", moment.isoformat(timespec="seconds"), written)
    return written
