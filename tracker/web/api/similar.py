"""GET /api/v1/similar?title=&text=: submitted suggestions like a draft, for the draft form's panel
(tracker/static/similar.js) and for intake systems checking before they send one in."""

from __future__ import annotations

from flask import abort, url_for
from flask.views import MethodView
from flask_login import current_user
from marshmallow import Schema, fields, validate
from sqlalchemy import or_

from tracker.domain.reads.queries import can_see, sees_all, visible_to
from tracker.domain.reads.search import similar
from tracker.extensions import db
from tracker.models import Suggestion
from tracker.web.api import shapes
from tracker.web.api.blueprint import blp
from tracker.web.api.schemas import coded
from tracker.web.i18n import tr
from tracker.workflow import DRAFTING, Role, State

MAX_TITLE, MAX_TEXT = 200, 20_000  # the draft form's own limits, with room


class SimilarArgs(Schema):
    title = fields.String(load_default="", validate=validate.Length(max=MAX_TITLE))
    text = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))
    exclude = fields.Integer(validate=validate.Range(1, 2**31 - 1),
                             metadata={"description": "The draft's own id, left out."})


class SimilarRow(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    label = fields.String(required=True)
    state = coded(State, required=True)
    state_label = fields.String(required=True)
    score = fields.Float(required=True)
    percent = fields.Integer(required=True)
    url = fields.String(allow_none=True, required=True,
                        metadata={"description": "The page, when the caller may open it."})


@blp.route("/similar", endpoint="similar")
class Similar(MethodView):
    @blp.doc(operationId="findSimilar", security=shapes.SECURITY, tags=["suggestions"])
    @blp.arguments(SimilarArgs, location="query", as_kwargs=True)
    @blp.response(200, SimilarRow(many=True))
    def get(self, title: str, text: str, exclude: int | None = None):
        """Up to 8 suggestions like the given title and text, best first (deputies and the office)."""
        if not (current_user.has_role(Role.DEPUTY) or sees_all(current_user)):
            abort(403)
        # A deputy sees the titles of everyone's submitted suggestions here, so as to join or differ,
        # but others' unsent drafts stay private; only items the reader may open get a link.
        visible = visible_to(current_user)
        found = similar(db.session, title, text, exclude_id=exclude, limit=8,
                        where=or_(visible, Suggestion.state.not_in(DRAFTING)) if visible is not True
                        else None)
        return [_row(item, score) for item, score in found]


def _row(item: Suggestion, score: float) -> dict:
    openable = (sees_all(current_user) or item.author_id == current_user.id
                or can_see(db.session, current_user, item))
    return {"id": item.id, "title": item.title, "label": item.registration_label or f"#{item.id}",
            "state": item.state, "state_label": tr(item.state), "score": score,
            "percent": round(score * 100),
            "url": url_for("items.show", item_id=item.id) if openable else None}
