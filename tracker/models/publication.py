"""Published yearly reports: each version a frozen snapshot of the report's figures, sentences and tables."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.org import User
from tracker.models.types import UTCDateTime, checked_enum
from tracker.tenancy import CongressOwned


class FiguresSource(enum.StrEnum):
    """Where the frozen numbers were read from: the live tables or the Celery-refreshed rollups."""

    LIVE = "live"
    SUMMARY = "summary"


class PublishedReport(CongressOwned, db.Model):
    """One published version of the handling report of a congress session or a year.

    Never edited after publishing: re-publishing adds the next version, withdrawing only stamps
    who, when and why, so the public copy and the office's record of it cannot drift apart.
    """

    __tablename__ = "published_report"
    __table_args__ = (
        UniqueConstraint("congress_id", "scope_key", "version", name="uq_published_report_version"),
        CheckConstraint("(session_id IS NULL) <> (year IS NULL)", name="ck_published_report_scope"),
        CheckConstraint("version >= 1", name="ck_published_report_version"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # "session-<id>" or "year-<year>": the public address and the series the versions number.
    scope_key: Mapped[str] = mapped_column(String(30))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("congress_session.id"))
    year: Mapped[int | None]
    version: Mapped[int]
    # The report as data in both languages (tracker.domain.publication.build_snapshot).
    snapshot: Mapped[dict] = mapped_column(JSON)
    figures_source: Mapped[FiguresSource] = mapped_column(checked_enum(FiguresSource, "figures_source"))
    figures_at: Mapped[datetime] = mapped_column(UTCDateTime)  # when the numbers were counted
    published_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")
    published_by: Mapped[User] = relationship(foreign_keys=[published_by_id])
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])

    @property
    def is_public(self) -> bool:
        return self.withdrawn_at is None
