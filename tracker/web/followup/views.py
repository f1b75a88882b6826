"""GET /followup: the promises review; the office and supervisors see every unit, unit staff their own.

The buttons on each row are the engine's offers for the promise actions, so a unit sees "report
kept / not kept" and the office "accept / send back" only where the table allows them now, and
only on the promise they fit; each button's link names its promise for the action form.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from tracker.domain.core.engine import offers_for
from tracker.domain.reads import followup
from tracker.domain.reads.queries import UNIT_ROLES, sees_all
from tracker.extensions import db
from tracker.web.labels import today
from tracker.web.params import int_arg

bp = Blueprint("followup", __name__)

PROMISE_ACTIONS = tuple(followup.PROMISE_ACTIONS)


def own_unit() -> int | None:
    """The unit whose promises the user reviews: None for the office and supervisors (all units)."""
    if sees_all(current_user):
        return None
    if current_user.roles & UNIT_ROLES and current_user.unit_id is not None:
        return current_user.unit_id
    abort(403)


@bp.route("/followup")
@login_required
def index():
    mine = own_unit()
    unit_id = mine if mine is not None else int_arg("unit")
    standing = request.args.get("standing") or None
    data = followup.review(db.session, today(), unit_id=unit_id, standing=standing)
    if mine is not None:  # a unit sees only its own line of the counts
        data.only_unit(mine)
    item_offers = offers_for([row.item for row in data.rows], current_user, PROMISE_ACTIONS)
    # Per promise: an item with several promises gets each row's buttons for that promise only.
    buttons = followup.offers_per_promise(data.rows, item_offers)
    return render_template("followup/index.html", data=data, buttons=buttons, unit_id=unit_id,
                           chips=data.chips(unit_id), standing=standing,
                           standings=list(followup.Standing), all_units=mine is None)
