"""Supervision desks: key items, the office's pending requests, dissatisfied and escalated items.

Lists only: every decision on them is an engine action taken through the generic action form, and
the buttons on each row are the engine's offers for this user, filtered to the page's subject.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.domain import supervision
from tracker.domain.engine import offers
from tracker.domain.queries import UNIT_ROLES, sees_all
from tracker.extensions import db
from tracker.models import Assignment, Promise
from tracker.models.handling import AssignmentState
from tracker.workflow import Action

bp = Blueprint("supervision", __name__)

A = Action
KEY_ACTIONS = (A.REPORT_PROGRESS,)
REQUEST_ACTIONS = (A.APPROVE_EXTENSION, A.REFUSE_EXTENSION, A.APPROVE_REASSIGNMENT,
                   A.REFUSE_REASSIGNMENT)
DISSATISFACTION_ACTIONS = (A.ORDER_REHANDLING, A.CONCLUDE)


def _buttons(items, wanted) -> dict:
    out = {}
    for item in items:
        if item.id not in out:
            out[item.id] = [o for o in offers(item, current_user) if o.action in wanted]
    return out


def _require_desk() -> None:
    if not sees_all(current_user):
        abort(403)


@bp.route("/supervision/key")
@login_required
def key_items():
    if sees_all(current_user):
        unit_id = None
    elif current_user.roles & UNIT_ROLES and current_user.unit_id is not None:
        unit_id = current_user.unit_id
    else:
        abort(403)
    rows = supervision.key_items(db.session, unit_id=unit_id)
    return render_template("supervision/key.html", rows=rows,
                           buttons=_buttons([r.item for r in rows], KEY_ACTIONS))


@bp.route("/supervision/requests")
@login_required
def requests():
    _require_desk()
    rows = supervision.pending_requests(db.session)
    return render_template("supervision/requests.html", rows=rows,
                           counts=supervision.desk_counts(db.session),
                           buttons=_buttons([r.item for r in rows], REQUEST_ACTIONS))


@bp.route("/supervision/dissatisfied")
@login_required
def dissatisfied():
    _require_desk()
    rows = supervision.dissatisfied_items(db.session)
    return render_template("supervision/dissatisfied.html", rows=rows,
                           counts=supervision.desk_counts(db.session),
                           buttons=_buttons([r.item for r in rows], DISSATISFACTION_ACTIONS))


# What the help above an action form shows (templates/supervision/help/<action>.html).

@bp.app_template_global()
def co_opinions_of(item_id: int):
    """The co-handling units' opinions, which the lead's reply must state."""
    return list(db.session.scalars(select(Assignment).where(
        Assignment.suggestion_id == item_id, Assignment.is_lead.is_(False),
        Assignment.state != AssignmentState.RELEASED).order_by(Assignment.id)))


@bp.app_template_global()
def promises_of(item_id: int):
    return list(db.session.scalars(select(Promise).where(Promise.suggestion_id == item_id)
                                   .order_by(Promise.due_on, Promise.id)))


@bp.app_template_global()
def pending_request_of(item_id: int):
    """The item's undecided request, for the help shown above the office's decision form."""
    found = supervision.pending_requests(db.session, item_id)
    return found[0] if found else None


@bp.app_template_global()
def extension_bounds_of(item):
    return supervision.extension_bounds(db.session, item)


@bp.app_template_global()
def key_item_of(item_id: int):
    """The item's key-supervision record and its progress reports, for the item page."""
    return next(iter(supervision.key_items(db.session, item_id=item_id)), None)
