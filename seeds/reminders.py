"""The demo's reminders as if the workers had run all along: the ladder steps of its past went out.

Without this the first tick of `make demo` would send, at once, every step the demo's months of
history passed (escalations of promises broken months ago among them), by mail and SMS too. The
steps that came more than a week before the load went out then; the owner's word on work still owed
stays unread, older news to others (escalations) has been read, as the loader treats all old news.
The first tick sends what came due in the last week and the workers go on from there.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from tracker.domain.core.notify import settle_repeats
from tracker.domain.reminders.plan import Planner
from tracker.jobs.deliver import reminder_notice
from tracker.models import Outbox, Reminder
from tracker.models.reminder import Audience, ReminderStatus, Via

SENT_BEFORE = timedelta(days=7)


def remind_as_if_running(session, now: datetime) -> int:
    """Plan and mark sent every step due by a week before `now`; returns the ledger rows. Flushes."""
    then = now - SENT_BEFORE
    planner = Planner(session, then)
    while planner.plan_batch() is not None:
        pass
    rows = session.scalars(select(Reminder).where(Reminder.status == ReminderStatus.PENDING)).all()
    notices = []
    for r in rows:
        r.status, r.sent_at, r.due_at = ReminderStatus.SENT, then, then
        if r.via is Via.INAPP and r.payload.get("event_id"):
            # News to others, a week old, has been read; the owner's word on work still owed has not.
            # (Every row names read_at: an executemany takes its columns from the first row.)
            read_at = None if r.audience is Audience.OWNER else then
            notices.append(reminder_notice(r, then) | {"processed_at": then, "read_at": read_at})
    if notices:
        session.execute(Outbox.__table__.insert(), notices)
    settle_repeats(session, {r.suggestion_id for r in rows}, then)
    session.flush()
    return len(rows)
