"""Housekeeping: `ping` proves a round trip, `heartbeat` proves a worker reaches the database,
`sweep_files` removes files nothing needs any more (tracker.domain.authoring.file_sweep),
`prune_sign_ins` the sign-in log and ended logins past their retention (tracker.domain.accounts.pruning),
`prune_idempotency_keys` forgets the API's idempotency keys past their day (tracker.domain.idempotency)."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from celery.utils.log import get_task_logger
from flask import current_app
from sqlalchemy import func, select

from tracker.clock import now
from tracker.domain import idempotency
from tracker.domain.accounts.pruning import prune_sign_in_records
from tracker.domain.authoring import file_sweep
from tracker.extensions import db
from tracker.models import Deadline
from tracker.storage import attachment_store
from workers.tasks.exports import export_files, import_files

logger = get_task_logger(__name__)


@shared_task
def ping(value):
    """Return `value` unchanged: a broker and result-backend round trip with no database."""
    return value


@shared_task
def heartbeat() -> int:
    """Count the open deadlines, so a beat-driven run shows the worker reads the app's database."""
    count = db.session.scalar(select(func.count()).select_from(Deadline).where(Deadline.closed_at.is_(None)))
    logger.info("heartbeat at %s: %d open deadlines", now().isoformat(timespec="seconds"), count)
    return count


@shared_task
def sweep_files() -> dict:
    """Remove unreferenced attachment blobs past their grace period and old export/import files.

    ATTACHMENT_BLOB_GRACE_HOURS and JOB_FILE_KEEP_DAYS say how old; every removal is logged."""
    config, at = current_app.config, now()
    swept = file_sweep.sweep_attachment_blobs(
        db.session, attachment_store(config),
        cutoff=at - timedelta(hours=float(config.get("ATTACHMENT_BLOB_GRACE_HOURS", 24))))
    file_sweep.sweep_job_files(
        db.session, [export_files(), import_files()],
        cutoff=at - timedelta(days=float(config.get("JOB_FILE_KEEP_DAYS", 7))), out=swept)
    db.session.commit()
    for path in swept.blobs:
        logger.info("sweep: removed unreferenced attachment blob %s", path)
    for path in swept.job_files:
        logger.info("sweep: removed old job file %s", path)
    logger.info("sweep at %s: %d attachment blobs, %d job files removed (%d jobs forgot theirs)",
                at.isoformat(timespec="seconds"), len(swept.blobs), len(swept.job_files),
                len(swept.jobs_forgotten))
    return {"blobs": len(swept.blobs), "job_files": len(swept.job_files),
            "jobs": swept.jobs_forgotten}


@shared_task
def prune_sign_ins() -> dict:
    """Delete sign-in attempts older than SIGN_IN_LOG_KEEP_DAYS and logins ended more than
    ENDED_LOGIN_KEEP_DAYS ago; one platform-wide audit event of the system says how many."""
    config = current_app.config
    pruned = prune_sign_in_records(db.session, at=now(), attempt_days=float(config["SIGN_IN_LOG_KEEP_DAYS"]),
                                   login_days=float(config["ENDED_LOGIN_KEEP_DAYS"]))
    db.session.commit()
    logger.info("prune: %d sign-in attempts and %d ended logins removed", pruned.sign_in_attempts,
                pruned.logins)
    return {"sign_in_attempts": pruned.sign_in_attempts, "logins": pruned.logins}


@shared_task
def prune_idempotency_keys() -> int:
    """Delete the idempotency keys older than a day (every congress's: the rows carry their own)."""
    pruned = idempotency.prune(db.session, now() - idempotency.KEEP)
    db.session.commit()
    logger.info("idempotency keys: %d older than %s forgotten", pruned, idempotency.KEEP)
    return pruned
