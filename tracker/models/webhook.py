"""Webhooks: a congress's endpoints, the events written with the changes they announce, their deliveries."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.types import UTCDateTime, checked_enum
from tracker.tenancy import CongressOwned


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"  # to be sent at next_attempt_at (also while its endpoint is switched off)
    DELIVERED = "delivered"  # the endpoint answered 2xx


class WebhookEndpoint(CongressOwned, db.Model):
    """A URL the administrator registered for some event types. The signing secret is kept sealed
    under a key derived from the app's secret (tracker.security.seal) and shown once, on creation."""

    __tablename__ = "webhook_endpoint"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(String(200), default="")
    event_types: Mapped[list] = mapped_column(JSON, default=list)
    secret_sealed: Mapped[str] = mapped_column(Text)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    # Since when every attempt failed (None after a 2xx); a day of it switches the endpoint off.
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    disabled_reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WebhookEvent(CongressOwned, db.Model):
    """One thing that happened, written in the transaction of the change; `uid` is the stable
    webhook-id every delivery and redelivery of it carries, so receivers drop repeats."""

    __tablename__ = "webhook_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    type: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WebhookDelivery(CongressOwned, db.Model):
    """One event owed to one endpoint: attempts, when the next is due, what the last one got."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        UniqueConstraint("event_id", "endpoint_id"),
        # The sweep's question: what is pending and due (tracker.jobs.webhooks).
        Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
        Index("ix_webhook_delivery_endpoint", "endpoint_id", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("webhook_event.id", ondelete="CASCADE"))
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoint.id", ondelete="CASCADE"))
    status: Mapped[DeliveryStatus] = mapped_column(
        checked_enum(DeliveryStatus, "webhook_delivery_status"), default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A claim: the worker sending it now; its writes are conditional on it (a lease that ran out
    # and was taken over writes nothing).
    lease_token: Mapped[str | None] = mapped_column(String(32))
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status_code: Mapped[int | None]
    last_error: Mapped[str] = mapped_column(String(500), default="")
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    event: Mapped[WebhookEvent] = relationship()
    endpoint: Mapped[WebhookEndpoint] = relationship()
