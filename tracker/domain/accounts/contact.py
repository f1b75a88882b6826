"""Contact details made comparable: mainland mobile numbers, email addresses, and whose they are."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tracker.domain.errors import InvalidData
from tracker.models import CodeChannel, User
from tracker.workflow.i18n import N_

MOBILE = re.compile(r"1[3-9]\d{9}")
# What people type around a number: spaces, hyphens, brackets and the country code +86 / 0086.
NOISE = re.compile(r"[\s\-()（）]")
COUNTRY = re.compile(r"^(\+86|0086|86(?=\d{11}$))")


def normalize_phone(raw: str | None) -> str | None:
    """The 11-digit mainland mobile number in `raw`, or None when it is not one."""
    number = COUNTRY.sub("", NOISE.sub("", raw or ""))
    return number if MOBILE.fullmatch(number) else None


def normalize_email(raw: str | None) -> str:
    """Compared without case: mail systems treat addresses so in practice."""
    return (raw or "").strip().lower()


def channel_of(target: str) -> CodeChannel | None:
    """Which channel a typed phone number or email address reaches, None when it is neither."""
    if normalize_phone(target):
        return CodeChannel.SMS
    return CodeChannel.EMAIL if "@" in (target or "") else None


def find_account(session, target: str) -> User | None:
    """The one account whose mobile number or email address `target` is. Two accounts that share
    one (legacy data) are nobody: a code must never reach the wrong person."""
    phone = normalize_phone(target)
    if phone:
        where = User.phone == phone
    elif "@" in (target or ""):
        where = func.lower(User.email) == normalize_email(target)
    else:
        return None
    users = session.scalars(select(User).where(where).limit(2)).all()
    return users[0] if len(users) == 1 else None


def checked_phone(session, user: User, raw: str) -> str:
    """The number to store for `user` ("" for none); refused when malformed or another's."""
    if not (raw or "").strip():
        return ""
    phone = normalize_phone(raw)
    if phone is None:
        raise InvalidData(N_("Enter a mainland mobile number: 11 digits starting with 1."), field="phone")
    if session.scalar(select(User.id).where(User.phone == phone, User.id != user.id).limit(1)):
        raise InvalidData(N_("Another account already uses this mobile number."), field="phone")
    return phone


def checked_email(session, user: User, raw: str) -> str:
    """The address to store for `user` ("" for none); refused when it is another account's."""
    email = (raw or "").strip()
    if not email:
        return ""
    if "@" not in email:
        raise InvalidData(N_("Enter an email address."), field="email")
    if session.scalar(select(User.id).where(func.lower(User.email) == normalize_email(email),
                                            User.id != user.id).limit(1)):
        raise InvalidData(N_("Another account already uses this email address."), field="email")
    return email
