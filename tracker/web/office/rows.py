"""The batch routing form's rows, read from the posted form (include, lead unit and co-units per
item), and the send of them: every row judged by the engine, the ones it refuses listed with why."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import flash
from flask_babel import gettext as _
from flask_login import current_user

from tracker.clock import now
from tracker.domain.core.engine import offers
from tracker.domain.steps.routing import (
    ROUTE_ONLY,
    Decision,
    Proposal,
    RoutingRow,
    routable_by_id,
    route_many,
    row_proposal,
)
from tracker.extensions import db
from tracker.models import Suggestion
from tracker.web.i18n import lang


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
    # A phone routes one row at a time: its button names the row ("only"), whatever is ticked.
    included = {_int(form["only"])} if form.get("only") else {_int(v) for v in form.getlist("include")}
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


def page_choices(rows: list[RoutingRow], defaults, posted: dict[int, RowChoice]) -> dict[int, RowChoice]:
    """Each row's choices as the page shows them: what was posted for it, else the proposal
    (`defaults`: tracker.domain.steps.routing.category_defaults)."""
    return {r.id: posted.get(r.id) or RowChoice.proposed(row_proposal(r, defaults)) for r in rows}


def may_route(item) -> bool:
    """Which rows are routable is the engine's answer for this user, not the page's."""
    return bool(offers(item, current_user, only=ROUTE_ONLY))


def _posted_ids(form) -> set[int]:
    raw = {*form.getlist("include"), *form.getlist("only"),
           *(k.split("-", 1)[1] for k in form if k.startswith("lead-"))}
    return {int(v) for v in raw if v.isascii() and v.isdigit() and len(v) < 10}


@dataclass
class Sent:
    """What a send of the routing page did: the rows routed, the refused ones with why, the input."""

    routed: list = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)
    posted: dict[int, RowChoice] = field(default_factory=dict)
    empty: bool = False  # nothing was ticked

    def status(self, valid: bool) -> int:
        return 400 if not valid or self.empty or self.failed else 200


def route_sent(form) -> Sent:
    """Route the posted rows (the page the user saw); each is still judged by the engine."""
    sent = [i for i in routable_by_id(db.session, _posted_ids(form)) if may_route(i)]
    posted, failed = parse_rows(form, {i.id for i in sent})
    wanted = [i for i in sent if i.id in posted and posted[i.id].included and i.id not in failed]
    if not wanted and not failed:
        flash(_("Tick “include” on at least one row."), "info")
    decisions = [Decision(i, posted[i.id].lead_id, posted[i.id].co_ids) for i in wanted]
    result = route_many(db.session, current_user, decisions, now())
    failed |= {k: e.message(lang()) for k, e in result.failed.items()}
    return Sent([db.session.get(Suggestion, i.id) for i in result.routed], failed, posted,
                empty=not wanted and not failed)
