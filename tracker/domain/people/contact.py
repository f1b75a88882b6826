"""A person's contact details made comparable and checked: mainland mobiles, email addresses."""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select

from tracker.domain.errors import InvalidData
from tracker.models import User
from tracker.workflow.i18n import N_

MOBILE = re.compile(r"1[3-9]\d{9}")
# What people type around a number: spaces, hyphens, brackets, and the country code +86 / 0086.
NOISE = re.compile(r"[\s\-()（）]")
COUNTRY = re.compile(r"^(\+86|0086|86(?=\d{11}$))")


def normalize_phone(raw: str | None) -> str | None:
    """The 11-digit mainland mobile number in `raw`, or None when it is not one."""
    number = COUNTRY.sub("", NOISE.sub("", raw or ""))
    return number if MOBILE.fullmatch(number) else None


def checked_phone(session, raw: str, *, owner_id: int | None) -> str:
    """The number to store ("" for none); refused when malformed or another account's."""
    if not (raw or "").strip():
        return ""
    phone = normalize_phone(raw)
    if phone is None:
        raise InvalidData(N_("Enter a mainland mobile number: 11 digits starting with 1."), field="phone")
    clash = session.scalar(select(User.username).where(User.phone == phone, User.id != (owner_id or 0))
                           .limit(1))
    if clash is not None:
        raise InvalidData(N_("Another account (%(username)s) already uses this mobile number."),
                          field="phone", username=clash)
    return phone


def checked_email(session, raw: str, *, owner_id: int | None) -> str:
    """The address to store ("" for none); refused when malformed or another account's. Checked
    offline (no DNS: an office intranet may have none); .test addresses are the demo's."""
    if not (raw or "").strip():
        return ""
    try:
        email = validate_email(raw.strip(), check_deliverability=False,
                               globally_deliverable=False, test_environment=True).normalized
    except EmailNotValidError:
        raise InvalidData(N_("Enter a valid email address, such as name@example.gov.cn."),
                          field="email") from None
    clash = session.scalar(select(User.username).where(func.lower(User.email) == email.lower(),
                                                       User.id != (owner_id or 0)).limit(1))
    if clash is not None:
        raise InvalidData(N_("Another account (%(username)s) already uses this email address."),
                          field="email", username=clash)
    return email
