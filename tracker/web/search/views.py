"""GET /search?q=: a page of suggestions the reader may see (the drafts' finder is /api/v1/similar)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.domain.reads import listing
from tracker.domain.reads.queries import can_see, visible_to
from tracker.domain.reads.search import search, tokens
from tracker.extensions import db
from tracker.models import Suggestion

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
        items = search(db.session, query, limit=50, where=visible_to(current_user))
        listing.preload_list_columns(db.session, items)  # no query per row
    return render_template("search/index.html", query=query, items=items, message=message)


def _can_open(item: Suggestion) -> bool:
    return can_see(db.session, current_user, item)
