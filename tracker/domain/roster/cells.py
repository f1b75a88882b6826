"""A roster cell read as what it means: text, a mainland mobile number, an email address, yes or no."""

from __future__ import annotations

import re
from datetime import date, datetime

MOBILE = re.compile(r"1[3-9]\d{9}")
# What people type around a number: spaces (full-width too), hyphens, dots, brackets, +86 / 0086.
PHONE_NOISE = re.compile(r"[\s\u3000\-–—.()（）]")
COUNTRY = re.compile(r"^(?:\+86|0086|86(?=\d{11}$))")
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
    """The 11 digits of a mainland mobile number, or None when the cell holds none."""
    number = COUNTRY.sub("", PHONE_NOISE.sub("", text(value)))
    return number if MOBILE.fullmatch(number) else None


def email(value) -> str | None:
    address = text(value)
    return address if EMAIL.match(address) and len(address) <= 120 else None


def card(value) -> str:
    """A card number compared as written, without spaces and in capitals (cd18001 is CD18001)."""
    return re.sub(r"\s", "", text(value)).upper()


def yes_no(value) -> bool | None:
    word = text(value).lower()
    return True if word in YES else False if word in NO else None
