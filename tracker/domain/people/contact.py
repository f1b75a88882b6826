"""An administrator's checks of a person's contact details: a mainland mobile, a valid email address,
neither another account's (the account's name said, for the office to look it up). Numbers are made
comparable by the accounts work's normalize_phone, which sign-in codes use too. An account of
another congress that the details name is offered, never shown: its name and the last four digits
of its mobile only (AccountElsewhere)."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select

from tracker.domain.accounts.contact import normalize_email, normalize_phone
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


class AccountElsewhere(InvalidData):
    """The details typed are those of someone with an account in another congress: the page offers
    to add that account here (tracker.domain.people.users.join_person) instead of a second one."""

    code = "account_elsewhere"

    def __init__(self, user: User, field: str):
        tail = user.phone[-4:] if user.phone else ""
        msgid = N_("This person already has an account in another congress: %(name)s, mobile number "
                   "ending in %(tail)s. Add them to this congress with the roles below, or change the "
                   "details.") if tail else N_(
            "This person already has an account in another congress: %(name)s. Add them to this "
            "congress with the roles below, or change the details.")
        super().__init__(msgid, field=field, name=user.name, tail=tail)
        self.account_id = user.id


def accounts_named(session, *, username: str, phone: str, email: str) -> dict[int, tuple[User, str]]:
    """The accounts (of any congress: User is global) that a typed mobile, email or username is,
    each with the first of those fields that names it."""
    typed = {"phone": (User.phone, normalize_phone(phone) if (phone or "").strip() else None),
             "email": (func.lower(User.email), normalize_email(email)),
             "username": (func.lower(User.username), (username or "").strip().lower())}
    found: dict[int, tuple[User, str]] = {}
    for field, (column, value) in typed.items():
        if value:
            for user in session.scalars(select(User).where(column == value).limit(2)):
                found.setdefault(user.id, (user, field))
    return found
