"""A roster cell read as what it means: text, a mainland mobile number, an email address, yes or no."""

from __future__ import annotations

import re
from datetime import date, datetime

from tracker.domain.accounts.contact import normalize_phone

# Dashes and dots some rosters put between a number's groups, beyond what accounts.contact drops.
DASHES = re.compile(r"[–—.]")
# An address with one @, a dot in the domain, no spaces: what a roster needs, not RFC 5322.
EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")
YES = {"是", "y", "yes", "true", "1", "√", "✓", "组长", "x"}
NO = {"", "否", "n", "no", "false", "0", "×", "/", "-", "—", "无"}


def text(value) -> str:
    """A cell as trimmed text: 13800138000.0 (a number typed in Excel) reads as 13800138000."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def mobile(value) -> str | None:
    """The 11 digits of a mainland mobile number, or None when the cell holds none: the rule the
    sign-in by code uses (tracker.domain.accounts.contact), so an imported number is found there."""
    return normalize_phone(DASHES.sub("", text(value)))


def email(value) -> str | None:
    address = text(value)
    return address if EMAIL.match(address) and len(address) <= 120 else None


def card(value) -> str:
    """A card number compared as written, without spaces and in capitals (cd18001 is CD18001)."""
    return re.sub(r"\s", "", text(value)).upper()


def yes_no(value) -> bool | None:
    word = text(value).lower()
    return True if word in YES else False if word in NO else None
