"""Files attached to a suggestion (by its deputy) or to a reply (by the handling unit).

The bytes live in the attachment store (tracker.storage: the ATTACHMENT_DIR folder or an S3 bucket),
named by their SHA-256, so the row keeps only what a page needs. A removed attachment keeps its row
(removed_at): a frozen version still lists what was attached when it was frozen, and the audit trail
can point at it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.org import User
from tracker.models.types import UTCDateTime
from tracker.tenancy import CongressOwned


class Attachment(CongressOwned, db.Model):
    __tablename__ = "attachment"
    __table_args__ = (CheckConstraint("size > 0", name="ck_attachment_size"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id"), index=True)
    # Set for a unit's reply attachment; a deputy's attachment belongs to the suggestion itself.
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("reply.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))  # as the uploader named it, shown, never a path
    mime: Mapped[str] = mapped_column(String(50))       # from the content's magic bytes
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))     # also the file's name on disk
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    uploaded_by: Mapped[User] = relationship(foreign_keys=[uploaded_by_id])

    @property
    def is_live(self) -> bool:
        return self.removed_at is None

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")
