"""Supervision desks: key items, the office's pending requests, dissatisfied and escalated items.

Lists only: every decision on them is an engine action taken through the generic action form, and
the buttons on each row are the engine's offers for this user, filtered to the page's subject.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from tracker.domain.core.engine import offers_for
from tracker.domain.reads import supervision
from tracker.domain.reads.queries import UNIT_ROLES, sees_all
from tracker.extensions import db
from tracker.workflow import Action

bp = Blueprint("supervision", __name__)

A = Action
KEY_ACTIONS = (A.REPORT_PROGRESS,)
REQUEST_ACTIONS = (A.APPROVE_EXTENSION, A.REFUSE_EXTENSION, A.APPROVE_REASSIGNMENT,
                   A.REFUSE_REASSIGNMENT)
DISSATISFACTION_ACTIONS = (A.ORDER_REHANDLING, A.CONCLUDE)


@dataclass(frozen=True)
class Desk:
    """One desk: its rows (for a unit, or every unit), the actions its buttons offer, its page."""

    template: str
    rows: Callable[..., list]  # (session, unit_id) -> rows
    actions: tuple[Action, ...]
    for_units: bool = False  # unit staff see their own unit's rows here
    tabs: bool = True  # the office's desks show their counts in tabs


DESKS = {
    "key_items": Desk("supervision/key.html", lambda s, unit_id: supervision.key_items(s, unit_id=unit_id),
                      KEY_ACTIONS, for_units=True, tabs=False),
    "requests": Desk("supervision/requests.html", lambda s, _: supervision.pending_requests(s),
                     REQUEST_ACTIONS),
    "dissatisfied": Desk("supervision/dissatisfied.html", lambda s, _: supervision.dissatisfied_items(s),
                         DISSATISFACTION_ACTIONS),
}


def desk_unit(desk: Desk) -> int | None:
    """Whose rows the user sees: every unit's (None) for the office and supervisors, their own
    unit's on a desk open to units; anyone else gets 403."""
    if sees_all(current_user):
        return None
    if desk.for_units and current_user.roles & UNIT_ROLES and current_user.unit_id is not None:
        return current_user.unit_id
    abort(403)


@bp.route("/supervision/key", endpoint="key_items", defaults={"name": "key_items"})
@bp.route("/supervision/requests", endpoint="requests", defaults={"name": "requests"})
@bp.route("/supervision/dissatisfied", endpoint="dissatisfied", defaults={"name": "dissatisfied"})
@login_required
def desk(name: str):
    desk = DESKS[name]
    rows = desk.rows(db.session, desk_unit(desk))
    counts = supervision.desk_counts(db.session) if desk.tabs else None
    return render_template(desk.template, rows=rows, counts=counts,
                           buttons=offers_for([r.item for r in rows], current_user, desk.actions))
