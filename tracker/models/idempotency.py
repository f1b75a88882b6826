"""The API's idempotency keys: a request's key, its body's fingerprint and the response it got."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.types import UTCDateTime, utcnow
from tracker.tenancy import CongressOwned


class IdempotencyKey(CongressOwned, db.Model):
    """One caller's key (an API client's Idempotency-Key header): claimed when its request starts,
    its response kept in the same transaction as the action, replayed to a retry for 24 hours
    (tracker.domain.idempotency)."""

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("congress_id", "caller", "key", name="uq_idempotency_key_caller"),
                      Index("ix_idempotency_key_created", "created_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    # Who sent it: "user:<id>:token:<id>" for an API token, "user:<id>:session" for a signed-in page.
    caller: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 hex of method, path and body
    status: Mapped[int | None]  # None: claimed, the request still running (or it never said)
    body: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
