"""An administrator's checks of a person's contact details: a mainland mobile, a valid email address,
neither another account's (the account's name said, for the office to look it up). Numbers are made
comparable by the accounts work's normalize_phone, which sign-in codes use too."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select

from tracker.domain.accounts.contact import normalize_phone
from tracker.domain.errors import InvalidData
from tracker.models import User
from tracker.workflow.i18n import N_


def checked_phone(session, raw: str, *, owner_id: int | None) -> str:
    """The number to store ("" for none); refused when malformed or another account's."""
    phone = normalize_phone(raw) if (raw or "").strip() else ""
    if phone is None:
        raise InvalidData(N_("Enter a mainland mobile number: 11 digits starting with 1."), field="phone")
    if not phone:
        return ""
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
