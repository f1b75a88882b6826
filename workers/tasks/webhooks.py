"""Webhook delivery: `deliver` sends the due deliveries of a congress; beat sweeps every congress
often (WEBHOOK_SWEEP_SECONDS), and a commit that wrote deliveries queues one at once (`install_kick`)."""

from __future__ import annotations

from celery import shared_task
from celery.utils.log import get_task_logger
from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tracker.domain.webhooks.emit import DUE
from tracker.extensions import db
from tracker.jobs.webhooks import Sender, deliver_due

logger = get_task_logger(__name__)
NAME = "workers.tasks.webhooks.deliver"


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=8,
    per_congress=True,
)
def deliver() -> int:
    """Send what is due; rows are claimed under a lease, so many of these at once share the work."""
    try:
        sent = deliver_due(db.session, Sender.from_config(current_app.config))
    except Exception:
        db.session.rollback()
        raise
    if sent:
        logger.info("webhooks: %d delivered", sent)
    return sent


def _kick(session) -> None:
    """After a commit that wrote deliveries, queue `deliver` for the congress in scope (carried in
    the message's headers, workers.congresses). Best effort: a broker that is down costs nothing
    here, and beat's sweep sends them anyway. Not in the tests' app: their workers sweep."""
    if not session.info.pop(DUE, False) or not has_app_context() or current_app.testing:
        return
    celery = current_app.extensions.get("celery")
    if celery is None:
        return
    try:
        celery.send_task(NAME, retry=False)
    except Exception as exc:  # noqa: BLE001  (any broker error: the sweep is the safety net)
        logger.warning("webhooks: could not queue a delivery (%s); beat's sweep will send it", exc)


def _forget(session, *_args) -> None:
    session.info.pop(DUE, None)  # rolled back: the rows are gone, nothing to send


def install_kick() -> None:
    """Once per process (celery_init_app calls it for the web app and the workers alike)."""
    if not event.contains(Session, "after_commit", _kick):
        event.listen(Session, "after_commit", _kick)
        event.listen(Session, "after_soft_rollback", _forget)
