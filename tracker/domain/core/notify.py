"""Which notifications an action queues in the outbox: one per event per person, the workers deliver them.

A person who both follows the item and owes a deadline the step opened gets one notice that says
both: what happened (with the reason or comment in full) and what they must do next. Notices about
work that is now done (a deadline the step closed) are marked read, and of a person's unread notices
about one deadline only the newest stays unread (a reminder replaces the notice that opened the work
and the reminders before it): the count on arrival is work, each piece of it once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.domain.core.context import Context
from tracker.domain.deadlines.rows import owners_of
from tracker.models import AuditEvent, Deadline, Outbox
from tracker.workflow import Action

A = Action
# Actions that keep the state but that the lead deputy must hear about (DOMAIN §4–§5).
DEPUTY_HEARS = frozenset({A.APPROVE_EXTENSION, A.LOG_CONTACT, A.APPROVE_REASSIGNMENT,
                          A.MARK_KEY, A.DECLINE_COSIGN, A.CONFIRM_COSIGN})
OWED, CHANGED = "deadline_opened", "item_changed"  # the kinds: something to do, or something to know
REMINDED = "reminder"  # written by the reminder workers (tracker.jobs.deliver) about an open deadline
ABOUT_WORK = (OWED, REMINDED)  # the kinds that ask for work on one deadline (payload deadline_id)


def queue(ctx: Context, event: AuditEvent, opened: list[Deadline]) -> list[Outbox]:
    rows: dict[int, Outbox] = {}
    base = {"suggestion_id": ctx.item.id, "title": ctx.item.title, "action": event.action,
            "to_state": str(event.to_state), "reason": event.reason or ""}

    def add(user_id: int | None, kind: str, **payload) -> None:
        if user_id is None or user_id == ctx.actor.id or user_id in rows:
            return  # the first thing said to a person wins: what they owe comes first
        rows[user_id] = Outbox(event_id=event.id, recipient_id=user_id, kind=kind,
                               payload=base | payload, created_at=ctx.at)

    for d in opened:
        for user in owners_of(ctx.session, d, ctx.item):
            add(user.id, OWED, deadline_id=d.id, deadline_kind=str(d.kind), due_on=d.due_on.isoformat())
    if event.from_state != event.to_state or A(event.action) in DEPUTY_HEARS:
        for user_id in [ctx.item.author_id, *(c.deputy_id for c in ctx.confirmed_cosigners())]:
            add(user_id, CHANGED)
    for row in rows.values():
        ctx.session.add(row)
    settle_done(ctx)
    return list(rows.values())


def settle_done(ctx: Context) -> int:
    """Mark read the unread notices of this item that asked for work now done (their deadline closed)."""
    unread = unread_about_work(ctx.session, [ctx.item.id])
    wanted = {r.payload.get("deadline_id") for r in unread} - {None}
    if not wanted:
        return 0
    closed = set(ctx.scalars(select(Deadline.id).where(Deadline.id.in_(wanted),
                                                       Deadline.closed_at.is_not(None))))
    done = [r for r in unread if r.payload.get("deadline_id") in closed]
    for r in done:
        r.read_at = ctx.at
    return len(done)


def settle_repeats(session: Session, suggestion_ids: Iterable[int], at: datetime) -> int:
    """Of each person's unread notices about one deadline of these items, mark all but the newest
    read: a reminder settles the notice that opened the work and the reminders sent before it."""
    newest: dict[tuple[int, int], Outbox] = {}
    repeated = []
    for row in unread_about_work(session, suggestion_ids):  # oldest first: a later row replaces
        key = (row.recipient_id, row.payload.get("deadline_id"))
        if key[1] is None:
            continue
        if key in newest:
            repeated.append(newest[key])
        newest[key] = row
    for row in repeated:
        row.read_at = at
    session.flush()
    return len(repeated)


def unread_about_work(session: Session, suggestion_ids: Iterable[int]) -> list[Outbox]:
    """The unread notices asking for work on a deadline of these items, oldest first."""
    return list(session.scalars(
        select(Outbox).join(AuditEvent, AuditEvent.id == Outbox.event_id)
        .where(AuditEvent.suggestion_id.in_(list(suggestion_ids)), Outbox.kind.in_(ABOUT_WORK),
               Outbox.read_at.is_(None))
        .order_by(Outbox.created_at, Outbox.id)))
