"""A congress's standard return reasons: the phrases a reviewer of a layer picks when returning a draft."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.types import UTCDateTime, checked_enum
from tracker.tenancy import CongressOwned
from tracker.workflow import State


class ReturnReason(CongressOwned, db.Model):
    """One standard reason of one review layer; retired rather than deleted (old returns quote it)."""

    __tablename__ = "return_reason"
    __table_args__ = (CheckConstraint("position >= 0", name="ck_return_reason_position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    layer: Mapped[State] = mapped_column(checked_enum(State, "return_reason_layer"))
    text: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
