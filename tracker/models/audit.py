"""The append-only audit trail of every action, and the outbox of notifications it queues."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, JSON, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.org import User
from tracker.models.types import UTCDateTime, checked_enum
from tracker.tenancy import CongressOwned, SharedWithPlatform
from tracker.workflow import Role, State


class AuditEvent(SharedWithPlatform, db.Model):
    """Who did what, as which role, from which state to which, why, and when (UTC)."""

    __tablename__ = "audit_event"
    # When an item last entered a state: the review queue's order (tracker.domain.reads.review_queue).
    __table_args__ = (Index("ix_audit_event_suggestion_state_at", "suggestion_id", "to_state", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int | None] = mapped_column(ForeignKey("suggestion.id"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    # NULL: a person acting on their own account (profile, codes), as no role of any congress.
    role: Mapped[Role | None] = mapped_column(checked_enum(Role, "audit_role"))
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[State | None] = mapped_column(checked_enum(State, "audit_from"))
    to_state: Mapped[State | None] = mapped_column(checked_enum(State, "audit_to"))
    reason: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[User] = relationship()


# On PostgreSQL the database itself refuses to rewrite history, whoever connects.
APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""
event.listen(AuditEvent.__table__, "after_create",
             DDL(APPEND_ONLY_SQL).execute_if(dialect="postgresql"))


@event.listens_for(AuditEvent, "before_update")
def _audit_is_append_only(mapper, connection, target):
    raise ValueError("audit events are append-only")


@event.listens_for(AuditEvent, "before_delete")
def _audit_is_never_deleted(mapper, connection, target):
    raise ValueError("audit events are append-only")


class Outbox(CongressOwned, db.Model):
    """A notification queued in the same transaction as the action; the workers deliver it."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("audit_event.id"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
