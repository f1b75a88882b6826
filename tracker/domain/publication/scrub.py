"""Personal data taken out of published text: mainland mobile numbers, ID-card numbers and email addresses.

A deputy's reasons or a unit's reply may quote a constituent's mobile or ID-card number; the public
page and its export show the text with each such part replaced by a marker, and the office sees the
same text beforehand with the parts marked (`parts`). Found, not guessed:
- mobile: 1[3-9] and nine more digits, optionally +86 / 0086 / 86 before it and a space or dash
  after the 3rd and 7th digits (138 1234 5678, 138-1234-5678), never inside a longer run of digits;
- ID card: 18 digits (the last may be X) or the old 15, whose birth-date part is a real date, never
  inside a longer run of digits. The check digit is not required: a mistyped card number is still a
  person's card number;
- email: name@domain.tld.
Full-width digits, dashes, spaces and ＠ count as their ASCII twins. Landlines (0971-1234567) and
service numbers (12345) are left alone: in replies they are the units' published office lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tracker.translations import Message
from tracker.workflow.i18n import N_

MOBILE, ID_CARD, EMAIL = "mobile", "id_card", "email"
MARKERS = {MOBILE: N_("[mobile number removed]"), ID_CARD: N_("[ID card number removed]"),
           EMAIL: N_("[email address removed]")}

# One character for one character, so a match in the folded text is at the same place in the original.
_FOLD = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "＋": "+", "＠": "@", "．": ".",
                       "－": "-", "‐": "-", "‑": "-", "–": "-", "—": "-", "\u3000": " ", "\u00a0": " ",
                       "ｘ": "x", "Ｘ": "X"})
_SEP = r"[ -]?"
_MOBILE = re.compile(rf"(?<![\d+])(?:(?:\+|00)?86{_SEP})?1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}(?!\d)")
_ID18 = re.compile(r"(?<!\d)\d{6}((?:18|19|20)\d{2})(\d{2})(\d{2})\d{3}[\dXx](?![\dA-Za-z])")
_ID15 = re.compile(r"(?<!\d)\d{6}(\d{2})(\d{2})(\d{2})\d{3}(?!\d)")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])",
                    re.ASCII)


@dataclass(frozen=True)
class Part:
    text: str
    kind: str | None = None  # None: kept; else what it is and why it is taken out

    @property
    def removed(self) -> bool:
        return self.kind is not None


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _spans(text: str) -> list[tuple[int, int, str]]:
    folded = text.translate(_FOLD)
    found = [(m.start(), m.end(), EMAIL) for m in _EMAIL.finditer(folded)]
    found += [(m.start(), m.end(), ID_CARD) for m in _ID18.finditer(folded)
              if _real_date(int(m[1]), int(m[2]), int(m[3]))]
    found += [(m.start(), m.end(), ID_CARD) for m in _ID15.finditer(folded)
              if _real_date(1900 + int(m[1]), int(m[2]), int(m[3]))]
    found += [(m.start(), m.end(), MOBILE) for m in _MOBILE.finditer(folded)]
    kept, end = [], -1
    for start, stop, kind in sorted(found, key=lambda s: (s[0], -s[1])):  # first and longest wins
        if start >= end:
            kept.append((start, stop, kind))
            end = stop
    return kept


def parts(text: str | None) -> list[Part]:
    """The text cut into kept parts and parts to take out, in order."""
    text = text or ""
    out, at = [], 0
    for start, stop, kind in _spans(text):
        if start > at:
            out.append(Part(text[at:start]))
        out.append(Part(text[start:stop], kind))
        at = stop
    if at < len(text) or not out:
        out.append(Part(text[at:]))
    return out


def has_personal_data(text: str | None) -> bool:
    return bool(_spans(text or ""))


def public_text(text: str | None, lang: str = "zh") -> str:
    """The text as it is published: each part taken out replaced by its marker."""
    return "".join(Message(MARKERS[p.kind]).render(lang) if p.removed else p.text for p in parts(text))
