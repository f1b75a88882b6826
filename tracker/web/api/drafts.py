"""POST /api/v1/drafts, PUT /api/v1/suggestions/<id>/draft and POST …/attachments: a deputy writes
a draft and attaches files, through the draft page's own calls (tracker.domain.authoring.saving
and .attachments) and its form's choices (only the sessions open today, active categories and
units, as the page offers them)."""

from __future__ import annotations

from flask import abort, current_app, url_for
from flask.views import MethodView
from flask_login import current_user
from flask_smorest.fields import Upload as UploadField
from marshmallow import Schema, fields, validate

from tracker.clock import now
from tracker.domain.authoring import attachments, drafts, saving
from tracker.domain.authoring.attachments import Files, Upload, sniff
from tracker.domain.core.locking import ensure_fresh
from tracker.domain.deadlines.calendar import china_date
from tracker.domain.errors import InvalidData
from tracker.domain.reads.dossier import load_dossier
from tracker.extensions import db
from tracker.models import Suggestion
from tracker.storage import attachment_store
from tracker.web.access import require_role
from tracker.web.api import shapes
from tracker.web.api.blueprint import blp, if_match, load_suggestion
from tracker.web.attachments.forms import limits
from tracker.web.errors import perform
from tracker.web.i18n import lang
from tracker.web.items.forms import DraftForm
from tracker.web.problems import problem
from tracker.workflow import Channel, Role
from tracker.workflow.i18n import N_

TAGS = ["drafts"]
ID = {"validate": validate.Range(1, 2**31 - 1), "strict": True, "allow_none": True}
LONG = validate.Length(min=1, max=20000)


class DraftIn(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    reasons = fields.String(required=True, validate=LONG)
    proposals = fields.String(required=True, validate=LONG)
    channel = fields.String(required=True, validate=validate.OneOf([c.value for c in Channel]))
    session_id = fields.Integer(metadata={"description": "A session open today (session suggestions)."}, **ID)
    category_id = fields.Integer(**ID)
    proposed_unit_id = fields.Integer(**ID)
    origin = fields.String(load_default="", validate=validate.Length(max=5000))
    original_lang = fields.String(allow_none=True, validate=validate.OneOf(list(drafts.ORIGINAL_LANGUAGES)))
    original_text = fields.String(load_default="", validate=validate.Length(max=20000))


class NewDraftIn(DraftIn):
    submission_key = fields.String(validate=validate.Length(min=1, max=40), metadata={
        "description": "Your own key for this draft: sent again, the draft is saved once (200)."})


class DraftSaved(Schema):
    changed = fields.List(fields.String(), required=True, metadata={"description": "What the save changed."})
    suggestion = fields.Nested(shapes.SuggestionDetail, required=True)


class AttachmentOut(Schema):
    id = fields.Integer(required=True)
    filename = fields.String(required=True)
    mime = fields.String(required=True)
    size = fields.Integer(required=True)
    sha256 = fields.String(required=True)
    uploaded_at = fields.AwareDateTime(required=True)
    url = fields.Function(lambda a: url_for("attachments.download", item_id=a.suggestion_id,
                                            attachment_id=a.id))


class FilesIn(Schema):
    files = fields.List(UploadField(), required=True, validate=validate.Length(min=1))


def _doc(operation: str, **extra):
    return blp.doc(operationId=operation, security=shapes.SECURITY, tags=TAGS, **extra)


def _offered(body: dict, keep_session: int | None) -> None:
    """The draft form's choices (tracker.web.items.forms.DraftForm): a value it does not offer is
    refused, naming its field (422)."""
    form = DraftForm(formdata=None, meta={"csrf": False})
    form.fill_choices(lang(), china_date(now()), keep_session)
    for name in ("session_id", "category_id", "proposed_unit_id", "original_lang"):
        value = body.get(name)
        choices = {str(c.value if hasattr(c, "value") else c[0]) for c in form[name].choices}
        if value not in (None, "") and str(value) not in choices:
            raise InvalidData(N_("Invalid choice."), field=name)


def _input(body: dict) -> drafts.DraftInput:
    return drafts.DraftInput(
        title=body["title"], reasons=body["reasons"], proposals=body["proposals"],
        channel=Channel(body["channel"]), session_id=body.get("session_id"),
        category_id=body.get("category_id"), proposed_unit_id=body.get("proposed_unit_id"),
        origin=body.get("origin") or "", original_lang=body.get("original_lang") or None,
        original_text=body.get("original_text") or "")


def _no_files() -> Files:
    return Files([], limits(), attachment_store(current_app.config))


def _detail(item: Suggestion) -> dict:
    return shapes.detail(item, load_dossier(db.session, item, current_user), current_user)


@blp.route("/drafts", methods=["POST"])
@_doc("createDraft")
@blp.arguments(NewDraftIn)
@blp.response(201, shapes.SuggestionDetail)
def create_draft(body: dict):
    """Write a new draft (deputies). 201 with the draft; the same `submission_key` sent again
    saves nothing more and answers 200 with the draft the first send saved."""
    require_role(Role.DEPUTY)
    _offered(body, None)
    key = body.get("submission_key")
    item, saved = perform(
        lambda: saving.save_new_draft(db.session, current_user, _input(body), _no_files(), at=now(),
                                      submission_key=key),
        lost_race=lambda: saving.sent_before(db.session, current_user, key))
    where = {"Location": url_for("api_v1.OneSuggestion", item_id=item.id)}
    return _detail(item), 201 if saved else 200, where


@blp.route("/suggestions/<int:item_id>/draft", methods=["PUT"])
@_doc("editDraft")
@blp.arguments(DraftIn)
@blp.response(200, DraftSaved)
def edit_draft(body: dict, item_id: int):
    """Save the whole draft again (its author, while it is with them: draft or returned). Send
    If-Match with the ETag of your last read to be refused (409) if it changed since."""
    item = load_suggestion(item_id)
    if not (drafts.can_edit(item, current_user) or item.author_id == current_user.id):
        abort(403)  # the author's send on a draft gone on is answered by the domain, as the page's
    _offered(body, item.session_id)
    seen = if_match()
    changed = perform(lambda: saving.save_draft(db.session, item, current_user, _input(body), _no_files(),
                                                remove=[], at=now(), seen_version=seen))
    return {"changed": changed, "suggestion": _detail(item)}


@blp.route("/suggestions/<int:item_id>/attachments")
class DraftAttachments(MethodView):
    @_doc("listAttachments")
    @blp.response(200, AttachmentOut(many=True))
    def get(self, item_id: int):
        """The suggestion's files as its page lists them (replies' files are under their replies)."""
        return attachments.live_attachments(db.session, load_suggestion(item_id))

    @_doc("uploadDraftAttachments", responses={
        "413": {"description": "A file larger than the limit, or the whole send too large."},
        "415": {"description": "A file that is not a PDF, JPEG or PNG by its content."}})
    @blp.arguments(FilesIn, location="files")
    @blp.response(201, AttachmentOut(many=True))
    def post(self, body: dict, item_id: int):
        """Attach files to the caller's own draft (multipart/form-data, one or more `files`): PDF,
        JPEG or PNG judged by content, within the configured size and count. If-Match as for editing."""
        item, seen, rules = load_suggestion(item_id), if_match(), limits()
        uploads = [Upload(f.filename or "", f.read(rules.max_bytes + 1)) for f in body["files"]]
        folder = attachment_store(current_app.config)

        def call():
            ensure_fresh(item, seen)  # as the draft page's send: a stale read is refused (409)
            return attachments.attach_to_draft(db.session, item, current_user, uploads, limits=rules,
                                               folder=folder, at=now())
        try:
            return perform(call)
        except InvalidData as err:
            status = _file_status(uploads, rules)
            if status is None:
                raise
            db.session.rollback()
            return problem(status, "too_large" if status == 413 else "unsupported_media_type", err.zh,
                           err.en, field=err.field)


def _file_status(uploads: list[Upload], rules) -> int | None:
    """413 for a file over the limit, 415 for one that is not an allowed type by its content (the
    domain's own judgement, sniff); other refusals stay 422."""
    if any(len(up.content) > rules.max_bytes for up in uploads):
        return 413
    if any(up.content and sniff(up.content, rules) is None for up in uploads):
        return 415
    return None
