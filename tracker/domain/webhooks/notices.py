"""The notice to a congress's administrators that one of its webhook endpoints was switched off."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from tracker.models import AuditEvent, Outbox, User, UserRole, WebhookEndpoint
from tracker.translations import Message
from tracker.workflow import Role
from tracker.workflow.i18n import N_

KIND = "webhook_disabled"
TEXT = N_(
    "Webhook %(url)s was switched off: its deliveries failed for %(hours)s hours (last: %(error)s). "
    "Deliveries wait; switch it on again at Administration → Webhooks."
)


def administrators(session) -> list[int]:
    return list(
        session.scalars(
            select(UserRole.user_id)
            .join(User, User.id == UserRole.user_id)
            .where(UserRole.role == Role.ADMIN, User.is_active_user.is_(True))
            .distinct()
            .order_by(UserRole.user_id)
        )
    )


def tell_administrators(session, endpoint: WebhookEndpoint, *, hours: int, error: str, at: datetime) -> int:
    """One notice per administrator, hung on the congress's newest audit event (a notice hangs on
    one; the endpoint's creation is always there). Flushes; returns how many."""
    event_id = session.scalar(
        select(func.max(AuditEvent.id)).where(AuditEvent.congress_id == endpoint.congress_id)
    )
    ids = administrators(session)
    if event_id is None or not ids:
        return 0
    payload = {"endpoint_id": endpoint.id, "url": endpoint.url, "hours": hours, "error": error[:200]}
    session.add_all(
        [
            Outbox(event_id=event_id, recipient_id=user_id, kind=KIND, payload=payload, created_at=at)
            for user_id in ids
        ]
    )
    session.flush()
    return len(ids)


def notice_line(p: dict) -> Message:
    """The notice centre's sentence."""
    return Message(TEXT, url=p.get("url", ""), hours=p.get("hours", 24), error=p.get("error", ""))
