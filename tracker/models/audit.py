"""The append-only audit trail of every action, and the outbox of notifications it queues."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, JSON, BigInteger, ForeignKey, Index, String, Text, event, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.org import User
from tracker.models.types import UTCDateTime, checked_enum, utcnow
from tracker.tenancy import CongressOwned, SharedWithPlatform
from tracker.workflow import Role, State


class AuditEvent(SharedWithPlatform, db.Model):
    """Who did what, as which role, from which state to which, why, and when (UTC)."""

    __tablename__ = "audit_event"
    # When an item last entered a state: the review queue's order (tracker.domain.reads.review_queue).
    __table_args__ = (Index("ix_audit_event_suggestion_state_at", "suggestion_id", "to_state", "at"),
                      # The sealer's walk of one chain in its order (tracker.domain.audit_chain).
                      Index("ix_audit_event_chain_order", "congress_id", "xact_id", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int | None] = mapped_column(ForeignKey("suggestion.id"), index=True)
    # NULL: the system itself, a scheduled task acting platform-wide (tracker.domain.audit.record).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    # NULL: a person acting on their own account (profile, codes), as no role of any congress.
    role: Mapped[Role | None] = mapped_column(checked_enum(Role, "audit_role"))
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[State | None] = mapped_column(checked_enum(State, "audit_from"))
    to_state: Mapped[State | None] = mapped_column(checked_enum(State, "audit_to"))
    reason: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # The chain's order: on PostgreSQL the inserting transaction's id, stamped by a trigger (so it
    # cannot be forged); on SQLite 0, where one writer at a time makes ids the commit order.
    xact_id: Mapped[int] = mapped_column(BigInteger, default=0, server_default=text("0"))
    # When the row was written (not `at`, which replays may set in the past): how long it is unsealed.
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[User | None] = relationship()


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

# Each row's place in the chain and its time come from the database, whatever the INSERT says, and
# neither table can be emptied by TRUNCATE (which row triggers do not see).
STAMP_SQL = """
CREATE OR REPLACE FUNCTION audit_event_stamp() RETURNS trigger AS $$
BEGIN
    NEW.xact_id := pg_current_xact_id()::text::bigint;
    NEW.recorded_at := clock_timestamp();
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_stamp BEFORE INSERT ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_stamp();
CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only: TRUNCATE refused';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
"""
event.listen(AuditEvent.__table__, "after_create", DDL(STAMP_SQL).execute_if(dialect="postgresql"))


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
