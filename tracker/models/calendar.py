"""Time: the working-day calendar, configurable deadline rules, and the open and closed deadlines."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.types import UTCDateTime, checked_enum
from tracker.tenancy import CongressOwned, SharedWithPlatform, one_per_scope
from tracker.workflow import Anchor, Channel, DeadlineKind, Owner, Unit


class CalendarDay(SharedWithPlatform, db.Model):
    """A day that differs from the weekend rule: a public holiday or a make-up workday (调休).

    congress_id NULL: the national calendar; a congress's row is its own local holiday or working
    day (an autonomous prefecture's festival), which counts for its deadlines only and wins there.
    """

    __tablename__ = "calendar_day"
    __table_args__ = (one_per_scope("uq_calendar_day_scope", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    is_workday: Mapped[bool]
    name: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(String(12), default="official")  # official / admin


class CalendarYear(db.Model):
    """A year whose official schedule has been entered; deadlines in other years are provisional."""

    __tablename__ = "calendar_year"
    year: Mapped[int] = mapped_column(primary_key=True)
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(40), default="chinesecalendar")


class DeadlineRule(SharedWithPlatform, db.Model):
    """The period of a kind of deadline, per channel where they differ; seeded from DOMAIN's defaults.

    congress_id NULL: the platform's (statutory) rule; a congress's row overrides it there.
    """

    __tablename__ = "deadline_rule"
    __table_args__ = (one_per_scope("uq_deadline_rule_scope", "kind", "channel", nullable=("channel",)),
                      CheckConstraint("amount >= 0", name="ck_rule_amount"))
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DeadlineKind] = mapped_column(checked_enum(DeadlineKind, "rule_kind"))
    channel: Mapped[Channel | None] = mapped_column(checked_enum(Channel, "rule_channel"))
    amount: Mapped[int]
    unit: Mapped[Unit] = mapped_column(checked_enum(Unit, "rule_unit"))
    anchor: Mapped[Anchor] = mapped_column(checked_enum(Anchor, "rule_anchor"))
    # The local rule an administrator's period follows (e.g. 处理办法第十条); empty for the default.
    basis: Mapped[str] = mapped_column(String(200), default="", server_default="")


class Deadline(CongressOwned, db.Model):
    """An open or closed deadline on an item or one of its parts, with the owner of the next step."""

    __tablename__ = "deadline"
    __table_args__ = (Index("ix_deadline_open_due", "closed_at", "due_on"),
                      # What a unit owes per item, index-only (the inbox; tracker.domain.reads.inbox).
                      Index("ix_deadline_unit_open", "owner_unit_id", "suggestion_id", "due_on", "kind",
                            sqlite_where=text("closed_at IS NULL"),
                            postgresql_where=text("closed_at IS NULL")))
    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id"), index=True)
    kind: Mapped[DeadlineKind] = mapped_column(checked_enum(DeadlineKind, "deadline_kind"))
    owner: Mapped[Owner] = mapped_column(checked_enum(Owner, "deadline_owner"))
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("handling_unit.id"))
    # The part it concerns, when not the whole item.
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"))
    cosigner_id: Mapped[int | None] = mapped_column(ForeignKey("cosigner.id"))
    promise_id: Mapped[int | None] = mapped_column(ForeignKey("promise.id"))
    progress_id: Mapped[int | None] = mapped_column(ForeignKey("progress_report.id"))
    request_id: Mapped[int | None]
    # How it was counted, so a provisional date can be recomputed when the year is entered.
    counted_from: Mapped[date]
    amount: Mapped[int]
    unit: Mapped[Unit] = mapped_column(checked_enum(Unit, "deadline_unit"))
    due_on: Mapped[date]
    provisional: Mapped[bool] = mapped_column(default=False)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    opened_by_event_id: Mapped[int | None] = mapped_column(ForeignKey("audit_event.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_event_id: Mapped[int | None] = mapped_column(ForeignKey("audit_event.id"))

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
