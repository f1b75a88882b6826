"""The public list's query arguments: the search text, the period chosen, and why a text is refused."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from tracker.domain.reads.search import tokens

MAX_QUERY = 200  # as the signed-in search: longer is a paste, not a search


@dataclass
class PublicQuery:
    text: str
    periods: list
    chosen: object = None
    message: str | None = None

    @classmethod
    def from_args(cls, args, periods: list) -> PublicQuery:
        text = args.get("q", "").strip()[:MAX_QUERY]
        chosen = next((p for p in periods if p.key == args.get("period")), None)
        message = None
        if text and (len(text) < 2 or not tokens(text)):
            message = _("Type at least two Chinese characters or one Latin word.")
        return cls(text, periods, chosen, message)

    def filters(self) -> dict:
        """What `public_replies` takes: the period's session or year, the text when it is usable."""
        chosen = self.chosen
        return {"session_id": chosen.session_id if chosen else None,
                "year": chosen.between_year if chosen else None,
                "query": self.text if not self.message else None}
