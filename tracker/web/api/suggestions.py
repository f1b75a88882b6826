"""GET /api/v1/suggestions…: the list with the pages' filters and keyset paging, one suggestion
with everything its page shows the caller, its history, versions and the diff of two versions."""

from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_login import current_user
from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import defer, joinedload, lazyload, load_only

from tracker.domain.authoring.diff import diff_fields
from tracker.domain.errors import InvalidData
from tracker.domain.reads import listing
from tracker.domain.reads.dossier import item_history, load_dossier
from tracker.domain.reads.queries import visible_to
from tracker.extensions import db
from tracker.models import Category, Suggestion, SuggestionVersion, User
from tracker.web.api import shapes
from tracker.web.api.blueprint import blp, load_suggestion
from tracker.workflow import Channel, State
from tracker.workflow.i18n import N_

# What an API row shows besides the item's own columns: its author's name, its session (for the
# number); not the long texts, nor the author's roles and place.
ROW_LOADS = (defer(Suggestion.reasons), defer(Suggestion.proposals), defer(Suggestion.origin),
             defer(Suggestion.original_text), joinedload(Suggestion.session),
             joinedload(Suggestion.author).options(load_only(User.id, User.name), lazyload(User.role_rows),
                                                   lazyload(User.memberships)))


class ListArgs(Schema):
    state = fields.String(validate=validate.OneOf([s.value for s in State]))
    channel = fields.String(validate=validate.OneOf([c.value for c in Channel]))
    session = fields.Integer(strict=False, validate=validate.Range(1, 2**31 - 1))
    category = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    unit = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    deputy = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    year = fields.Integer(validate=validate.Range(2000, 2100))
    sort = fields.String(load_default=listing.DEFAULT_SORT, validate=validate.OneOf(list(listing.SORTS)))
    after = fields.String(validate=validate.Length(max=200),
                          metadata={"description": "The `next` cursor of the page before."})
    limit = fields.Integer(load_default=listing.PAGE_SIZE, validate=validate.Range(1, 200))


@blp.route("/suggestions")
class Suggestions(MethodView):
    @blp.doc(operationId="listSuggestions", security=shapes.SECURITY, tags=["suggestions"])
    @blp.arguments(ListArgs, location="query", as_kwargs=True)
    @blp.response(200, shapes.SuggestionPage)
    def get(self, sort: str, limit: int, after: str | None = None, **given):
        """Suggestions the caller may open, newest change first, 50 a page (keyset: `after`)."""
        filters = listing.ItemFilters(
            state=given.get("state"), channel=given.get("channel"), session_id=given.get("session"),
            category_id=given.get("category"), unit_id=given.get("unit"),
            deputy_id=given.get("deputy"), year=given.get("year"), sort=sort)
        if after is not None and listing.decode_cursor(after) is None:
            raise InvalidData(N_("The cursor is not one this list gave."), field="after")
        visible = visible_to(current_user)
        base = listing.filtered(filters, listing.ROWS)
        if visible is not True:
            base = base.where(visible)
        page = listing.list_page(db.session, filters, after, size=limit, base=base)
        # The page's rows are the list's plain ones; the API row says more of each: one statement.
        found = {s.id: s for s in db.session.scalars(
            select(Suggestion).where(Suggestion.id.in_([r.id for r in page.items]))
            .options(*ROW_LOADS))}
        return {"items": [found[r.id] for r in page.items], "next": page.next_cursor}


@blp.route("/suggestions/<int:item_id>")
class OneSuggestion(MethodView):
    @blp.doc(operationId="getSuggestion", security=shapes.SECURITY, tags=["suggestions"])
    @blp.response(200, shapes.SuggestionDetail, headers=shapes.ETAG_HEADER)
    def get(self, item_id: int):
        """One suggestion with everything its page shows the caller; the ETag is its version."""
        item = load_suggestion(item_id)
        dossier = load_dossier(db.session, item, current_user, page=False)
        g.etag = item.lock_version
        return shapes.detail(item, dossier, current_user)


@blp.route("/suggestions/<int:item_id>/history")
class History(MethodView):
    @blp.doc(operationId="getSuggestionHistory", security=shapes.SECURITY, tags=["suggestions"])
    @blp.response(200, shapes.Event(many=True))
    def get(self, item_id: int):
        """Every recorded step of the suggestion, oldest first."""
        item = load_suggestion(item_id)
        return item_history(db.session, item.id)


@blp.route("/suggestions/<int:item_id>/versions")
class Versions(MethodView):
    @blp.doc(operationId="listSuggestionVersions", security=shapes.SECURITY, tags=["suggestions"])
    @blp.response(200, shapes.Version(many=True))
    def get(self, item_id: int):
        """The frozen copies sent to each review layer, first first."""
        return load_suggestion(item_id).versions


@blp.route("/suggestions/<int:item_id>/versions/<int:old>/diff/<int:new>")
class VersionDiff(MethodView):
    @blp.doc(operationId="diffSuggestionVersions", security=shapes.SECURITY, tags=["suggestions"])
    @blp.response(200, shapes.FieldDiff(many=True))
    def get(self, item_id: int, old: int, new: int):
        """What changed between two versions (by their numbers), field by field, paragraph by paragraph."""
        item = load_suggestion(item_id)
        by_number = {v.number: v for v in item.versions}
        if old not in by_number or new not in by_number:
            raise InvalidData(N_("The suggestion has no version with that number."), field="version")
        a, b = by_number[old], by_number[new]
        ids = {a.category_id, b.category_id} - {None}
        names = dict(db.session.execute(select(Category.id, Category.name)
                                        .where(Category.id.in_(ids))).all()) if ids else {}

        def texts(v: SuggestionVersion) -> dict[str, str]:
            return {"title": v.title, "category": names.get(v.category_id, ""),
                    "reasons": v.reasons, "proposals": v.proposals}
        return diff_fields(texts(a), texts(b))


