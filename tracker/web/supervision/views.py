"""Supervision desks: key items, the office's pending requests, dissatisfied and escalated items.

Lists only: every decision on them is an engine action taken through the generic action form, and
the buttons on each row are the engine's offers for this user, filtered to the page's subject.
"""

from __future__ import annotations

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


def _buttons(items, wanted) -> dict:
    return offers_for(items, current_user, wanted)


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
