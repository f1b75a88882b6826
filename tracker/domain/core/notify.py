"""Which notifications an action queues in the outbox: one per event per person, the workers deliver them.

A person who both follows the item and owes a deadline the step opened gets one notice that says
both: what happened (with the reason or comment in full) and what they must do next. Notices about
work that is now done (a deadline the step closed) are marked read: the count on arrival is work.
"""

from __future__ import annotations

from sqlalchemy import select

from tracker.domain.core.context import Context
from tracker.domain.deadlines.rows import owners_of
from tracker.models import AuditEvent, Deadline, Outbox
from tracker.workflow import Action

A = Action
# Actions that keep the state but that the lead deputy must hear about (DOMAIN §4–§5).
DEPUTY_HEARS = frozenset({A.APPROVE_EXTENSION, A.LOG_CONTACT, A.APPROVE_REASSIGNMENT,
                          A.MARK_KEY, A.DECLINE_COSIGN, A.CONFIRM_COSIGN})
OWED, CHANGED = "deadline_opened", "item_changed"  # the kinds: something to do, or something to know


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
    unread = ctx.scalars(select(Outbox).join(AuditEvent, AuditEvent.id == Outbox.event_id)
                         .where(AuditEvent.suggestion_id == ctx.item.id, Outbox.kind == OWED,
                                Outbox.read_at.is_(None)))
    wanted = {r.payload.get("deadline_id") for r in unread} - {None}
    if not wanted:
        return 0
    closed = set(ctx.scalars(select(Deadline.id).where(Deadline.id.in_(wanted),
                                                       Deadline.closed_at.is_not(None))))
    done = [r for r in unread if r.payload.get("deadline_id") in closed]
    for r in done:
        r.read_at = ctx.at
    return len(done)
