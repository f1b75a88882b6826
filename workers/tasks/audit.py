"""Audit chain tasks: `seal` (every minute) appends seals; `check` (daily) verifies every chain and
tells each congress's administrators and supervisors the day's head or the first broken link.

Both run platform-wide (not per congress): the platform's own chain has no congress, and each
chain is one walk whichever congress is in scope.
"""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from celery.utils.log import get_task_logger
from flask import current_app
from sqlalchemy.exc import OperationalError

from tracker.clock import now
from tracker.extensions import db
from tracker.jobs.audit_chain import check_and_tell, seal_all

logger = get_task_logger(__name__)
RETRY = dict(autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=300, max_retries=8)


@shared_task(**RETRY)
def seal() -> int:
    """Seal every chain's rows that are ready; a second sealer at the same time skips the chain."""
    config = current_app.config
    count = seal_all(db.session, algorithm=config["AUDIT_HASH"], at=now(), batch=config["AUDIT_SEAL_BATCH"])
    if count:
        logger.info("audit chain: %d rows sealed", count)
    return count


@shared_task(**RETRY)
def check() -> dict:
    """Verify every chain; notices to each congress's administrators and supervisors."""
    minutes = current_app.config["AUDIT_UNSEALED_MINUTES"]
    reports = check_and_tell(db.session, now=now(), unsealed_after=timedelta(minutes=minutes))
    for r in reports:
        if not r.ok:
            logger.error("audit chain %s: %s", r.chain, r.broken or f"{r.unsealed_count} rows unsealed")
    return {"chains": len(reports), "broken": sum(not r.ok for r in reports)}
