"""The batch routing form's rows, read from the posted form: include, lead unit and co-units per item."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from tracker.domain.steps.routing import Proposal


@dataclass(frozen=True)
class RowChoice:
    included: bool
    lead_id: int | None
    co_ids: tuple[int, ...]

    @classmethod
    def proposed(cls, proposal: Proposal) -> RowChoice:
        return cls(False, proposal.lead_id, proposal.co_ids)


def _int(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


def parse_rows(form, listed: set[int]) -> tuple[dict[int, RowChoice], dict[int, str]]:
    """Each listed row's posted choices, and a message for each row whose input is not even shaped
    right (a non-number); the engine judges the rest. Rows not on the page are ignored."""
    included = {_int(v) for v in form.getlist("include")}
    rows, bad = {}, {}
    for item_id in listed:
        if f"lead-{item_id}" not in form and item_id not in included:
            continue
        raw_lead, raw_co = form.get(f"lead-{item_id}", ""), form.getlist(f"co-{item_id}")
        lead, co = _int(raw_lead), tuple(_int(v) for v in raw_co)
        if item_id in included and ((raw_lead.strip() and lead is None) or None in co):
            bad[item_id] = _("Invalid unit choice.")
            co = tuple(c for c in co if c is not None)
        rows[item_id] = RowChoice(item_id in included, lead, co)
    return rows, bad
