"""Reminder tasks: `tick` (every minute: plan due steps, deliver due rows) and `digest` (working mornings).

Tasks take no rows as arguments: each reads the ledger, claims under a lease and commits, so a
redelivered task, a doubled beat or several workers share the work instead of repeating it.
A worker queues one tick when it starts, so reminders that came due while nothing ran go out at once.
"""

from __future__ import annotations

import os
from datetime import timedelta

from celery import shared_task
from celery.signals import worker_ready
from celery.utils.log import get_task_logger
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from tracker.clock import now
from tracker.extensions import db
from tracker.jobs.deliver import Delivery, deliver_digests, deliver_due
from tracker.jobs.reminders import plan_due
from tracker.models import Reminder, ReminderSchedule
from tracker.models.reminder import ReminderStatus

logger = get_task_logger(__name__)
RETRY = dict(autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=300, max_retries=8)


def delivery(worker: str = "") -> Delivery:
    c = current_app.config
    return Delivery(mail_url=c["MAIL_URL"], mail_from=c["MAIL_FROM"], sms_url=c["SMS_URL"],
                    sms_key=c["SMS_KEY"], base_url=c["BASE_URL"],
                    lease=timedelta(seconds=c["REMINDER_LEASE_SECONDS"]), batch=c["REMINDER_BATCH"],
                    worker=worker)


def _piled_up(moment) -> bool:
    """More than a batch waiting: worth waking the other workers."""
    batch = current_app.config["REMINDER_BATCH"]
    planned = db.session.scalars(select(ReminderSchedule.deadline_id).where(
        ReminderSchedule.next_at.is_not(None), ReminderSchedule.next_at <= moment).limit(batch + 1)).all()
    pending = db.session.scalars(select(Reminder.id).where(
        Reminder.status == ReminderStatus.PENDING, Reminder.due_at <= moment).limit(batch + 1)).all()
    return len(planned) > batch or len(pending) > batch


@shared_task(bind=True, **RETRY, per_congress=True)
def tick(self, fan_out: bool = True) -> dict:
    """Plan every step whose moment has come, then deliver what is due; safe to run many at once."""
    moment = now()
    if fan_out and _piled_up(moment):
        for _ in range(max(0, current_app.config["REMINDER_PARALLEL"] - 1)):
            tick.apply_async(kwargs={"fan_out": False})
    planned = plan_due(db.session, moment, batch=current_app.config["REMINDER_BATCH"])
    sent = deliver_due(db.session, moment, delivery(self.request.hostname or ""))
    if planned or sent:
        logger.info("reminders at %s: %d planned, %d sent", moment.isoformat(timespec="seconds"),
                    planned, sent)
    return {"planned": planned, "sent": sent}


@shared_task(bind=True, **RETRY, per_congress=True)
def digest(self) -> int:
    """Each person who chose a daily digest gets one mail (and one SMS) with what waited for it."""
    moment = now()
    sent = deliver_digests(db.session, moment, delivery(self.request.hostname or ""))
    logger.info("digest at %s: %d reminders sent", moment.isoformat(timespec="seconds"), sent)
    return sent


@worker_ready.connect
def _tick_on_start(sender=None, **kwargs):
    app = getattr(sender, "app", None)
    if app is not None and os.environ.get("TRACKER_REMINDER_TICK_ON_START", "1") != "0":
        app.send_task("workers.tasks.reminders.tick")
