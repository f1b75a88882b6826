"""Single sign-on: a congress's OpenID Connect providers and the provider subjects linked to its people."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.org import User
from tracker.models.types import UTCDateTime
from tracker.tenancy import CongressOwned


class SsoProvider(CongressOwned, db.Model):
    """An OpenID provider a congress's administrator configured (统一身份认证). The client secret is
    kept encrypted with a key derived from the app's secret (tracker.security.seal) and never shown."""

    __tablename__ = "sso_provider"
    __table_args__ = (UniqueConstraint("congress_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))        # the button: 使用 政务统一身份认证 登录
    issuer: Mapped[str] = mapped_column(String(300))     # read: <issuer>/.well-known/openid-configuration
    client_id: Mapped[str] = mapped_column(String(200))
    client_secret_sealed: Mapped[str] = mapped_column(Text, default="")
    scopes: Mapped[str] = mapped_column(String(200), default="openid profile")
    is_enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SsoLink(CongressOwned, db.Model):
    """A provider's subject (`sub`, unique per issuer) that signs in one existing person. Keyed by
    the issuer, so a provider whose issuer is changed no longer matches its old subjects."""

    __tablename__ = "sso_link"
    __table_args__ = (UniqueConstraint("congress_id", "issuer", "subject"),
                      UniqueConstraint("provider_id", "user_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("sso_provider.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    user: Mapped[User] = relationship()
