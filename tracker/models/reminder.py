"""The reminder ladder, the quiet-hours setting, each open deadline's next step and the delivery ledger."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.types import UTCDateTime, checked_enum
from tracker.tenancy import CongressOwned, SharedWithPlatform, one_per_scope
from tracker.workflow import DeadlineKind


class Audience(enum.StrEnum):
    """Who a ladder step reaches; escalation climbs these (DOMAIN §8)."""

    OWNER = "owner"
    UNIT_LEADER = "unit_leader"
    OFFICE = "office"
    SUPERVISORS = "supervisors"


class Via(enum.StrEnum):
    INAPP = "inapp"
    EMAIL = "email"
    SMS = "sms"


class ReminderStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    CANCELLED = "cancelled"   # the deadline closed first
    SKIPPED = "skipped"       # nothing to send it with (no address, no event to hang a notice on)


class ReminderStep(SharedWithPlatform, db.Model):
    """One rung of a kind's ladder: `day_offset` working days from the due day (negative: before).

    congress_id NULL: the platform's ladder; a congress with rows of its own for a kind uses those.
    """

    __tablename__ = "reminder_step"
    __table_args__ = (one_per_scope("uq_reminder_step_scope", "kind", "level"),
                      CheckConstraint("level >= 1", name="ck_step_level"),
                      CheckConstraint("key_day_offset <= day_offset", name="ck_step_key_sooner"))
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DeadlineKind] = mapped_column(checked_enum(DeadlineKind, "step_kind"))
    level: Mapped[int]
    day_offset: Mapped[int]
    # Key-supervised items (重点督办) take this offset instead: never later than `day_offset`.
    key_day_offset: Mapped[int]
    audience: Mapped[Audience] = mapped_column(checked_enum(Audience, "step_audience"))


class ReminderSetting(SharedWithPlatform, db.Model):
    """Delivery hours, one row for the platform and at most one per congress: nothing goes out
    outside them or on rest days."""

    __tablename__ = "reminder_setting"
    __table_args__ = (one_per_scope("uq_reminder_setting_scope"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    quiet_hours: Mapped[bool] = mapped_column(default=True)
    day_starts: Mapped[str] = mapped_column(String(5), default="08:30")  # China time, HH:MM
    day_ends: Mapped[str] = mapped_column(String(5), default="18:00")


class ReminderPreference(db.Model):
    """Which outside channels a person wants besides the notice centre (no row: both where possible)."""

    __tablename__ = "reminder_preference"
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    by_email: Mapped[bool] = mapped_column(default=True)
    by_sms: Mapped[bool] = mapped_column(default=True)


class ReminderSchedule(CongressOwned, db.Model):
    """An open deadline's next ladder step; the planner reads only the rows whose moment has come."""

    __tablename__ = "reminder_schedule"
    __table_args__ = (Index("ix_reminder_schedule_next", "next_at",
                            postgresql_where=text("next_at IS NOT NULL"),
                            sqlite_where=text("next_at IS NOT NULL")),)
    deadline_id: Mapped[int] = mapped_column(ForeignKey("deadline.id", ondelete="CASCADE"),
                                             primary_key=True)
    next_level: Mapped[int] = mapped_column(default=1)
    next_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Reminder(CongressOwned, db.Model):
    """The ledger: one row per deadline (as due on a date), level, recipient and channel, ever."""

    __tablename__ = "reminder"
    __table_args__ = (
        UniqueConstraint("deadline_id", "due_on", "level", "recipient_id", "via",
                         name="uq_reminder_once"),
        # The sender's claim reads this in order and stops at its batch: cost follows the due rows.
        Index("ix_reminder_pending_due", "due_at", "id",
              postgresql_where=text("status = 'pending'"), sqlite_where=text("status = 'pending'")),
        CheckConstraint("attempts >= 0", name="ck_reminder_attempts"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    deadline_id: Mapped[int] = mapped_column(ForeignKey("deadline.id", ondelete="CASCADE"))
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id"), index=True)
    # The due date the reminder was about: an approved extension restarts the ladder.
    due_on: Mapped[date]
    level: Mapped[int]
    audience: Mapped[Audience] = mapped_column(checked_enum(Audience, "reminder_audience"))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    via: Mapped[Via] = mapped_column(checked_enum(Via, "reminder_via"))
    digest: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ReminderStatus] = mapped_column(checked_enum(ReminderStatus, "reminder_status"),
                                                   default=ReminderStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)  # not before; moved on by quiet hours, retries
    lease_token: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    failures: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the message says, fixed when planned: title, kind, due day, owner, the event to hang on.
    payload: Mapped[dict] = mapped_column(JSON, default=dict)

    @property
    def message_id(self) -> str:
        """Stable across retries and redeliveries, so a receiver can drop a repeat."""
        return f"reminder-{self.id}-{self.via}"
