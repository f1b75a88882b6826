"""Download of an attachment: whoever may open the item may download its files; nobody else.

Public pages show no attachments (a PDF may carry the personal data the public page strips), so
this route always needs a signed-in user. A draft reply's file, as its text, is read only by those
who read the draft (tracker.domain.reads.replies) until the reply is issued.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, send_file
from flask_login import current_user, login_required

from tracker.domain.authoring.attachments import blob_key
from tracker.domain.reads.replies import sees_reply
from tracker.extensions import db
from tracker.models import Attachment, Reply
from tracker.storage import attachment_store
from tracker.web.access import load_item

bp = Blueprint("attachments", __name__)


def _content_of(att: Attachment):
    """A local file by its path (ranges, sendfile); a bucket's object streams through; 404 if gone."""
    blobs, key = attachment_store(current_app.config), blob_key(att.sha256)
    content = blobs.local_path(key)
    if content is None:
        try:
            return blobs.open(key)
        except FileNotFoundError:
            abort(404)
    if not content.is_file():
        abort(404)
    return content


@bp.route("/items/<int:item_id>/attachments/<int:attachment_id>")
@login_required
def download(item_id: int, attachment_id: int):
    item = load_item(item_id)  # 404 / 403 as for the item page
    att = db.session.get(Attachment, attachment_id)
    if att is None or att.suggestion_id != item.id or (
            att.reply_id is not None and not sees_reply(current_user, db.session.get(Reply, att.reply_id))):
        abort(404)
    content = _content_of(att)
    # Images open in the tab; a PDF is downloaded under its own name. nosniff: the stored type
    # (from the content) is the only one the browser may use.
    response = send_file(content, mimetype=att.mime, as_attachment=not att.is_image,
                         download_name=att.filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
