"""Housekeeping: `ping` proves a round trip, `heartbeat` proves a worker reaches the database."""

from __future__ import annotations

from celery import shared_task
from celery.utils.log import get_task_logger
from sqlalchemy import func, select

from tracker.clock import now
from tracker.extensions import db
from tracker.models import Deadline

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
