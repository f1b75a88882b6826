"""POST /api/items/<id>/actions/<action> with JSON {as_role, reason, data}: one engine call.

The same lifecycle as the pages (tracker.web.errors.perform): a refusal answers with the same
HTTP status as the action's page, as JSON. CSRF stays on: a browser script sends the page's
token in the X-CSRFToken header.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user, login_required

from tracker.domain.core.engine import apply, offers
from tracker.domain.errors import InvalidData
from tracker.web.access import default_role, find_offer, load_item, parse_action
from tracker.web.errors import perform
from tracker.workflow.i18n import N_

bp = Blueprint("api", __name__, url_prefix="/api")


def json_body() -> dict:
    """The request's JSON object {as_role, reason, data, seen_version}; anything else is a 400."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("data") or {}, dict):
        raise InvalidData(N_("The body must be a JSON object: {as_role, reason, data}."))
    return body


@bp.route("/items/<int:item_id>/actions/<action>", methods=["POST"])
@login_required
def act(item_id: int, action: str):
    item, action, body = load_item(item_id), parse_action(action), json_body()
    as_role = body.get("as_role") or default_role(find_offer(item, action))
    event = perform(lambda: apply(item, action, actor=current_user, as_role=as_role,
                                  reason=body.get("reason"), data=body.get("data") or {},
                                  seen_version=body.get("seen_version")))
    return jsonify(state=item.state.value, event_id=event.id,
                   offers=[o.action.value for o in offers(item, current_user)])
