"""Background jobs of one user: long XLSX exports and spreadsheet imports, with their progress."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.org import User
from tracker.models.types import UTCDateTime, checked_enum, utcnow
from tracker.tenancy import CongressOwned


class JobKind(enum.StrEnum):
    EXPORT = "export"
    IMPORT = "import"
    ROSTER = "roster"  # a roster of deputies or of units and their staff (tracker.domain.roster)


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(CongressOwned, db.Model):
    """One export or import: who asked, with which filters, how far it got, and where the file is."""

    __tablename__ = "job"
    __table_args__ = (Index("ix_job_user_created", "user_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[JobKind] = mapped_column(checked_enum(JobKind, "job_kind"))
    # Which list was exported (items, inbox, review ...) or the imported file's name.
    source: Mapped[str] = mapped_column(String(200), default="")
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[JobStatus] = mapped_column(checked_enum(JobStatus, "job_status"),
                                              default=JobStatus.QUEUED)
    rows_done: Mapped[int] = mapped_column(default=0)
    rows_total: Mapped[int | None]
    # The key of an export's file in the export store, or of an import's upload in the import store
    # (tracker.storage; "" once the upload has served); rows written before keys hold a full path.
    file_path: Mapped[str] = mapped_column(String(400), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    # An import's per-row report and outcome; an export leaves it empty.
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user: Mapped[User] = relationship()

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 100 if self.status is JobStatus.DONE else 0
        return min(100, round(100 * self.rows_done / self.rows_total))
