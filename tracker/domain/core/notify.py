"""Which notifications an action queues in the outbox: the workers deliver them after commit."""

from __future__ import annotations

from tracker.domain.core.context import Context
from tracker.domain.deadlines.rows import owners_of
from tracker.models import AuditEvent, Deadline, Outbox
from tracker.workflow import Action

A = Action
# Actions that keep the state but that the lead deputy must hear about (DOMAIN §4–§5).
DEPUTY_HEARS = frozenset({A.APPROVE_EXTENSION, A.LOG_CONTACT, A.APPROVE_REASSIGNMENT,
                          A.MARK_KEY, A.DECLINE_COSIGN, A.CONFIRM_COSIGN})


def queue(ctx: Context, event: AuditEvent, opened: list[Deadline]) -> list[Outbox]:
    rows: dict[tuple[int, str], Outbox] = {}

    def add(user_id: int | None, kind: str, **payload) -> None:
        if user_id is None or user_id == ctx.actor.id or (user_id, kind) in rows:
            return
        payload |= {"suggestion_id": ctx.item.id, "title": ctx.item.title,
                    "action": event.action}  # the notice shows its label in the reader's language
        rows[(user_id, kind)] = Outbox(event_id=event.id, recipient_id=user_id, kind=kind,
                                       payload=payload, created_at=ctx.at)

    for d in opened:
        for user in owners_of(ctx.session, d, ctx.item):
            add(user.id, "deadline_opened", deadline_id=d.id, deadline_kind=str(d.kind),
                due_on=d.due_on.isoformat())
    if event.from_state != event.to_state or A(event.action) in DEPUTY_HEARS:
        followers = [ctx.item.author_id, *(c.deputy_id for c in ctx.confirmed_cosigners())]
        for user_id in followers:
            add(user_id, "item_changed", to_state=str(event.to_state))
    for row in rows.values():
        ctx.session.add(row)
    return list(rows.values())
