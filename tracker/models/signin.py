"""The platform's sign-in log: every attempt to sign in, kept outside the congresses' audit trails."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.types import UTCDateTime, checked_enum


class SignInMethod(enum.StrEnum):
    PASSWORD = "password"
    CODE = "code"          # 短信验证码 (or an emailed code)
    SECOND_FACTOR = "totp"  # the 6-digit code of an authenticator app, after the password
    SSO = "sso"


class SignInOutcome(enum.StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"    # a wrong password or code, or a username nobody has
    DELAYED = "delayed"    # refused unchecked: too many failures from this address for this account
    LOCKED = "locked"      # refused unchecked: too many failures from this address
    SECOND_STEP = "second_step"  # the password was right; the authenticator's code is asked next


class SignInAttempt(db.Model):
    """One attempt, whoever it names. Not congress-owned: a person may belong to several congresses
    and a mistyped username to none; each administrator sees their own people's rows
    (tracker.domain.people.sign_ins). Not in an audit chain: failures by strangers are not acts
    of a congress's people, and the table can be pruned without breaking a seal."""

    __tablename__ = "sign_in_attempt"
    __table_args__ = (Index("ix_sign_in_attempt_user_at", "user_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # The account the typed name (or number, or provider subject) belongs to; NULL: nobody's.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(120), default="")  # as typed, cut to length
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    method: Mapped[SignInMethod] = mapped_column(checked_enum(SignInMethod, "sign_in_method"))
    outcome: Mapped[SignInOutcome] = mapped_column(checked_enum(SignInOutcome, "sign_in_outcome"))
