"""GET /search?q= (a page of suggestions the reader may see) and GET /api/similar (JSON for drafts)."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_

from tracker.domain.reads import listing
from tracker.domain.reads.queries import _visible, can_see, sees_all
from tracker.domain.reads.search import search, similar, tokens
from tracker.extensions import db
from tracker.models import Suggestion
from tracker.web.i18n import tr
from tracker.web.params import int_arg
from tracker.workflow import DRAFTING, Role

bp = Blueprint("search", __name__)

MAX_QUERY = 200  # longer is not a search but a paste; refuse it before jieba sees it
MAX_TITLE, MAX_TEXT = 200, 20_000  # the draft form's own limits, with room


@bp.route("/search")
@login_required
def page():
    query = request.args.get("q", "").strip()
    if len(query) > MAX_QUERY:
        message = _("The search text is too long: at most %(n)d characters.", n=MAX_QUERY)
        return render_template("search/index.html", query=query[:MAX_QUERY], items=None,
                               message=message), 400
    items, message = None, None
    if not query:
        message = _("Type a word of the title or text, for example 公交 or 物业.")
    elif not tokens(query) or len(query) < 2:
        message = _("Type at least two Chinese characters or one Latin word.")
    else:
        items = search(db.session, query, limit=50, where=_visible(current_user))
        listing.preload_list_columns(db.session, items)  # no query per row
    return render_template("search/index.html", query=query, items=items, message=message)


@bp.route("/api/similar")
@login_required
def similar_json():
    if not (current_user.has_role(Role.DEPUTY) or sees_all(current_user)):
        return jsonify(error="forbidden", message=_("You do not have access to this page.")), 403
    title, text = request.args.get("title", ""), request.args.get("text", "")
    exclude = int_arg("exclude")
    if len(title) > MAX_TITLE or len(text) > MAX_TEXT:
        return jsonify(error="too_long", message=_("The title or text is too long to compare.")), 400
    # A deputy sees the titles of everyone's submitted suggestions here, so as to join or differ,
    # but others' unsent drafts stay private; only items the reader may open get a link.
    visible = _visible(current_user)
    found = similar(db.session, title, text, exclude_id=exclude, limit=8,
                    where=or_(visible, Suggestion.state.not_in(DRAFTING)) if visible is not True
                    else None)
    return jsonify([_row(item, score) for item, score in found])


def _row(item: Suggestion, score: float) -> dict:
    openable = sees_all(current_user) or item.author_id == current_user.id or _can_open(item)
    return {"id": item.id, "title": item.title, "label": item.registration_label or f"#{item.id}",
            "state": item.state.value, "state_label": tr(item.state), "score": score,
            "percent": round(score * 100),
            "url": url_for("items.show", item_id=item.id) if openable else None}


def _can_open(item: Suggestion) -> bool:
    return can_see(db.session, current_user, item)
