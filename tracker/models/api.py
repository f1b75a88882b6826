"""Programmatic access: personal API tokens and the service accounts systems act through."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.liaison import LiaisonStation
from tracker.models.org import HandlingUnit, User
from tracker.models.types import UTCDateTime
from tracker.tenancy import CongressOwned

# The scope sets a token may carry, as stored: space-separated, in this order.
SCOPE_SETS = ("read", "act", "read act")


class ApiToken(CongressOwned, db.Model):
    """A bearer token for the JSON API, working in ONE congress (the one its person was working in
    when they made it, or its service account's). Only the SHA-256 of the secret is kept: the
    secret is 256 random bits, so a slow hash would add nothing but a cost on every request."""

    __tablename__ = "api_token"
    __table_args__ = (
        Index("ix_api_token_digest", "digest", unique=True),
        Index("ix_api_token_user", "user_id", "revoked_at"),
        CheckConstraint("scopes IN ('read', 'act', 'read act')", name="ck_api_token_scopes"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(60))
    prefix: Mapped[str] = mapped_column(String(16))  # shown in lists to tell tokens apart; not secret
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 hex of the whole token
    scopes: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))  # the person, or the administrator
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())


class ServiceAccount(CongressOwned, db.Model):
    """A system's account in one congress (an OA system, the 12345 hotline's intake), made by an
    administrator and bound to what it acts for: a handling unit (as its handler) or a liaison
    station (logging opinions there). Its User has no password and signs in on no page."""

    __tablename__ = "service_account"
    __table_args__ = (
        UniqueConstraint("user_id"),
        CheckConstraint("(unit_id IS NULL) != (station_id IS NULL)", name="ck_service_account_binding"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("handling_unit.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("liaison_station.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    unit: Mapped[HandlingUnit | None] = relationship()
    station: Mapped[LiaisonStation | None] = relationship()
