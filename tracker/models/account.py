"""One-time codes that activate an account, sign a person in or reset a password: global, not per congress."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.types import UTCDateTime, checked_enum


class CodePurpose(enum.StrEnum):
    ACTIVATE = "activate"  # an imported account without a password: the first password
    SIGN_IN = "sign_in"    # 短信验证码登录
    RESET = "reset"        # a forgotten password, by the person or issued by an administrator
    CHANGE_PHONE = "change_phone"  # a new mobile number of one's own, proven by a code sent to it


class CodeChannel(enum.StrEnum):
    SMS = "sms"
    EMAIL = "email"
    OFFICE = "office"  # issued by an administrator and handed over by them (a one-time link)


class LoginCode(db.Model):
    """A code as its keyed digest only (HMAC-SHA256 with the app's secret, tracker.security): a copy of
    the table cannot be turned back into the million six-digit codes it would take to try them all."""

    __tablename__ = "login_code"
    __table_args__ = (Index("ix_login_code_user_purpose", "user_id", "purpose"),
                      CheckConstraint("attempts >= 0", name="ck_login_code_attempts"))
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    purpose: Mapped[CodePurpose] = mapped_column(checked_enum(CodePurpose, "code_purpose"))
    channel: Mapped[CodeChannel] = mapped_column(checked_enum(CodeChannel, "code_channel"))
    code_digest: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # spent: used, or another was used
    attempts: Mapped[int] = mapped_column(default=0)  # wrong guesses while it was live
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))  # the administrator, if any
    sent_to: Mapped[str | None] = mapped_column(String(20))  # CHANGE_PHONE: the new number it proves


class LoginEnd(enum.StrEnum):
    """Why a login ended."""

    LOGOUT = "logout"            # the person signed out
    BY_SELF = "by_self"          # ended from their profile page (another device, or all)
    BY_ADMIN = "by_admin"        # ended by an administrator
    DEACTIVATED = "deactivated"  # the account was switched off
    PASSWORD = "password"        # the password changed: the other logins end


class Login(db.Model):
    """One sign-in on one device, platform-wide (not per congress): the session cookie and the
    "keep me signed in" cookie name it by id and a random secret, kept here as its SHA-256 only, so
    the database decides whether a cookie still opens anything (logout, deactivation, an
    administrator's end) and a copy of the table opens nothing."""

    __tablename__ = "login"
    __table_args__ = (Index("ix_login_user_ended", "user_id", "ended_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    secret_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the absolute limit, set at sign-in
    remember: Mapped[bool] = mapped_column(default=False)  # "keep me signed in": no idle limit
    address: Mapped[str] = mapped_column(String(45), default="")  # the client's IP (v6 at most 45)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    # NULL also for a login that timed out: no cookie opens it, and its row says when it was last seen.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[LoginEnd | None] = mapped_column(checked_enum(LoginEnd, "login_end"))
