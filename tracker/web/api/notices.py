"""GET /api/v1/notices and the marking of notices read: the caller's own notice centre, as the
notice pages read and mark it (tracker.domain.reminders.notices)."""

from __future__ import annotations

from flask import abort
from flask.views import MethodView
from flask_login import current_user
from marshmallow import Schema, fields, validate

from tracker.clock import now
from tracker.domain.reminders import notices
from tracker.extensions import db
from tracker.web.api import shapes
from tracker.web.api.blueprint import blp
from tracker.web.api.schemas import Labels
from tracker.web.errors import perform
from tracker.web.notices.views import PAGE

TAGS = ["notices"]


class NoticeArgs(Schema):
    unread = fields.Boolean(load_default=False, metadata={"description": "Only the unread ones."})
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))


class NoticeOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    suggestion_id = fields.Integer(allow_none=True)
    opinion_id = fields.Integer(allow_none=True)
    title = fields.String(required=True)
    created_at = fields.AwareDateTime(required=True)
    read_at = fields.AwareDateTime(allow_none=True)
    is_read = fields.Boolean(required=True)
    text = fields.Nested(Labels, required=True,
                         metadata={"description": "What happened, why, what next: in both languages."})


class NoticePage(Schema):
    items = fields.List(fields.Nested(NoticeOut), required=True)
    page = fields.Integer(required=True)
    has_more = fields.Boolean(required=True)
    unread = fields.Integer(required=True, metadata={"description": "The caller's unread notices in all."})


class UnreadOut(Schema):
    unread = fields.Integer(required=True)


class MarkedOut(Schema):
    marked = fields.Integer(required=True, metadata={"description": "How many were unread and are now read."})
    unread = fields.Integer(required=True)


def _out(notice: notices.Notice) -> dict:
    return {"id": notice.id, "kind": notice.kind, "suggestion_id": notice.suggestion_id,
            "opinion_id": notice.opinion_id, "title": notice.title, "created_at": notice.created_at,
            "read_at": notice.read_at, "is_read": notice.is_read,
            "text": {"zh": notice.text("zh"), "en": notice.text("en")}}


def _doc(operation: str):
    return blp.doc(operationId=operation, security=shapes.SECURITY, tags=TAGS)


@blp.route("/notices")
class Notices(MethodView):
    @_doc("listNotices")
    @blp.arguments(NoticeArgs, location="query", as_kwargs=True)
    @blp.response(200, NoticePage)
    def get(self, unread: bool, page: int):
        """The caller's notices, newest first, 50 a page, with the unread count of the header."""
        rows = notices.list_notices(db.session, current_user, unread_only=unread, limit=PAGE + 1,
                                    offset=(page - 1) * PAGE)
        return {"items": [_out(n) for n in rows[:PAGE]], "page": page, "has_more": len(rows) > PAGE,
                "unread": notices.unread_count(db.session, current_user)}


@blp.route("/notices/unread-count")
class UnreadCount(MethodView):
    @_doc("countUnreadNotices")
    @blp.response(200, UnreadOut)
    def get(self):
        """How many of the caller's notices are unread (the header's badge)."""
        return {"unread": notices.unread_count(db.session, current_user)}


@blp.route("/notices/<int:notice_id>")
class OneNotice(MethodView):
    @_doc("getNotice")
    @blp.response(200, NoticeOut)
    def get(self, notice_id: int):
        """One of the caller's notices (another person's is 404, as if it did not exist)."""
        return _out(_own(notice_id))


def _own(notice_id: int) -> notices.Notice:
    notice = notices.get_notice(db.session, current_user, notice_id)
    if notice is None:
        abort(404)
    return notice


def _marked(count: int) -> dict:
    return {"marked": count, "unread": notices.unread_count(db.session, current_user)}


@blp.route("/notices/<int:notice_id>/read", methods=["POST"])
@_doc("markNoticeRead")
@blp.response(200, MarkedOut)
def mark_notice_read(notice_id: int):
    """Mark one of the caller's notices read (again is harmless: `marked` is then 0)."""
    notice = _own(notice_id)
    count = perform_marking([notice.id])
    return _marked(count)


@blp.route("/notices/read", methods=["POST"])
@_doc("markAllNoticesRead")
@blp.response(200, MarkedOut)
def mark_all_notices_read():
    """Mark every notice of the caller read."""
    return _marked(perform_marking(None))


def perform_marking(ids: list[int] | None) -> int:
    return perform(lambda: notices.mark_read(db.session, current_user, ids, at=now()))
