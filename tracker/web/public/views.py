"""GET /public (the list of 主动公开 replies, searchable) and GET /public/items/<id>; no login."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from tracker.domain.disclosure import periods, public_item, public_replies
from tracker.domain.search import tokens
from tracker.extensions import db

bp = Blueprint("public", __name__)

MAX_QUERY = 200  # as the signed-in search: longer is a paste, not a search


@bp.route("/public")
def index():
    query = request.args.get("q", "").strip()[:MAX_QUERY]
    choices = periods(db.session)
    chosen = next((p for p in choices if p.key == request.args.get("period")), None)
    message = None
    if query and (len(query) < 2 or not tokens(query)):
        message = _("Type at least two Chinese characters or one Latin word.")
    page = public_replies(db.session, session_id=chosen.session_id if chosen else None,
                          year=chosen.between_year if chosen else None,
                          query=query if not message else None,
                          page=request.args.get("page", 1, type=int) or 1)
    return render_template("public/index.html", page=page, query=query, periods=choices,
                           chosen=chosen, message=message)


@bp.route("/public/items/<int:item_id>")
def show(item_id: int):
    item = public_item(db.session, item_id)
    if item is None:  # not found and not public look alike, so nothing leaks about private items
        abort(404)
    return render_template("public/show.html", item=item)
