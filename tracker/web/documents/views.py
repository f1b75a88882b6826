"""GET pages of the printed documents (A4, print CSS): 交办通知 per unit and day, 答复函, 征询意见表."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.domain.errors import InvalidData
from tracker.domain.reads import documents
from tracker.domain.reads.queries import sees_all
from tracker.extensions import db
from tracker.models import HandlingUnit, Reply
from tracker.web.access import load_item
from tracker.web.labels import today
from tracker.workflow import FIELDS, Field, Role
from tracker.workflow.i18n import N_

bp = Blueprint("documents", __name__)


def may_see_unit(unit_id: int) -> bool:
    """The office and supervisors see every unit's notice; unit staff see their own."""
    unit_staff = current_user.roles & {Role.UNIT_HANDLER, Role.UNIT_LEADER}
    return sees_all(current_user) or bool(unit_staff and current_user.unit_id == unit_id)


def _day(raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidData(N_("Not a date (YYYY-MM-DD).")) from None


@bp.route("/documents/assignment-notices")
@login_required
def assignment_notices():
    """The office's index of notices: each unit with the days it was given items."""
    if not sees_all(current_user):
        if current_user.unit_id and current_user.roles & {Role.UNIT_HANDLER, Role.UNIT_LEADER}:
            return redirect(url_for("documents.assignment_notice", unit_id=current_user.unit_id))
        abort(403)
    return render_template("documents/notices.html", batches=documents.notice_batches(db.session))


@bp.route("/documents/assignment-notice/<int:unit_id>")
@login_required
def assignment_notice(unit_id: int):
    unit = db.get_or_404(HandlingUnit, unit_id)
    if not may_see_unit(unit.id):
        abort(403)
    notice = documents.assignment_notice(db.session, unit, _day(request.args.get("day")))
    return render_template("documents/assignment_notice.html", notice=notice, printed_on=today())


def _issued(item, reply_id: int) -> Reply:
    reply = db.session.get(Reply, reply_id)
    # A draft is not a letter yet; a reply of another item is not found here either.
    if reply is None or reply.suggestion_id != item.id or reply.status != "issued":
        abort(404)
    return reply


def _categories():
    return FIELDS[Field.REPLY_CATEGORY].options


@bp.route("/items/<int:item_id>/documents/reply/<int:reply_id>")
@login_required
def reply_letter(item_id: int, reply_id: int):
    item = load_item(item_id)
    letter = documents.reply_letter(db.session, item, _issued(item, reply_id))
    return render_template("documents/reply_letter.html", letter=letter, categories=_categories())


@bp.route("/items/<int:item_id>/documents/feedback/<int:reply_id>")
@login_required
def feedback_form(item_id: int, reply_id: int):
    item = load_item(item_id)
    letter = documents.reply_letter(db.session, item, _issued(item, reply_id))
    return render_template("documents/feedback_form.html", letter=letter,
                           grades=FIELDS[Field.RESULT].options)
