"""Keeps reminder_schedule in step with the deadline rows, whatever code path opens, moves or closes one.

Mapper events, not calls sprinkled over the domain: deadlines are opened by the engine, closed by
several effects (a released unit, an item that ends) and moved by an approved extension or a newly
entered calendar year; the ledger must follow every one of them.
A new row's first moment is a cautious early guess (a month before the due day); the planner puts
the exact moment of the first step there when it first looks, which costs one extra touch per
deadline and keeps opening a deadline free of ladder and calendar reads.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, event, insert, inspect, select, update

from tracker.domain.deadlines.calendar import CHINA
from tracker.models import Deadline, Reminder, ReminderSchedule, Suggestion
from tracker.models.reminder import ReminderStatus
from tracker.workflow import WINDOW_KINDS

AT_ONCE = datetime(2000, 1, 1, tzinfo=UTC)  # before any tick: the planner recomputes the exact moment
LOOK_AHEAD = timedelta(days=31)  # covers MAX_BEFORE working days even across the Spring Festival


def first_look(due_on: date) -> datetime:
    return datetime.combine(due_on - LOOK_AHEAD, time.min, CHINA).astimezone(UTC)


def _schedule_new(mapper, connection, target: Deadline) -> None:
    if target.closed_at is None and target.kind not in WINDOW_KINDS:
        connection.execute(insert(ReminderSchedule).values(
            congress_id=target.congress_id, deadline_id=target.id, next_level=1,
            next_at=first_look(target.due_on)))


def _follow_changes(mapper, connection, target: Deadline) -> None:
    state = inspect(target)
    closed, moved = state.attrs.closed_at.history, state.attrs.due_on.history
    if closed.has_changes() and target.closed_at is not None:
        cancel_pending(connection, target.id)
        connection.execute(delete(ReminderSchedule).where(ReminderSchedule.deadline_id == target.id))
    elif moved.has_changes() and target.closed_at is None and target.kind not in WINDOW_KINDS:
        # A new due day restarts the ladder (the ledger key holds the due day); what was still
        # pending about the old one is void.
        cancel_pending(connection, target.id, keep_due_on=target.due_on)
        connection.execute(delete(ReminderSchedule).where(ReminderSchedule.deadline_id == target.id))
        connection.execute(insert(ReminderSchedule).values(
            congress_id=target.congress_id, deadline_id=target.id, next_level=1,
            next_at=first_look(target.due_on)))


def _key_items_look_again(mapper, connection, target: Suggestion) -> None:
    """Marked for key supervision: its steps come sooner, so the planner looks again at once."""
    if inspect(target).attrs.is_key.history.has_changes() and target.is_key:
        open_ids = select(Deadline.id).where(Deadline.suggestion_id == target.id,
                                              Deadline.closed_at.is_(None))
        connection.execute(update(ReminderSchedule)
                           .where(ReminderSchedule.deadline_id.in_(open_ids),
                                  ReminderSchedule.next_at.is_not(None))
                           .values(next_at=AT_ONCE))


def cancel_pending(connection, deadline_id: int, keep_due_on: date | None = None) -> None:
    stmt = (update(Reminder).where(Reminder.deadline_id == deadline_id,
                                   Reminder.status == ReminderStatus.PENDING)
            .values(status=ReminderStatus.CANCELLED, lease_token=None, lease_until=None))
    if keep_due_on is not None:
        stmt = stmt.where(Reminder.due_on != keep_due_on)
    connection.execute(stmt)


def install() -> None:
    """The ledger follows every insert and update of a deadline, and a suggestion marked key."""
    event.listen(Deadline, "after_insert", _schedule_new)
    event.listen(Deadline, "after_update", _follow_changes)
    event.listen(Suggestion, "after_update", _key_items_look_again)
