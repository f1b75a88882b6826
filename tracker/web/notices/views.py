"""Notice centre pages: the list, opening one (marks it read, lands on the item), mark all read, settings.

Opening a notice is a GET that marks it read: it is a plain link (it can open in a new tab), and
marking one's own notice read is harmless to repeat.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.clock import now
from tracker.domain.reminders import notices, preferences
from tracker.extensions import db
from tracker.web import page_cache
from tracker.web.errors import perform
from tracker.web.notices.forms import DeliveryForm, MarkAllReadForm
from tracker.web.params import page_arg

bp = Blueprint("notices", __name__)
PAGE = 50


@bp.app_context_processor
def header_count():
    # A function, so the count is queried only where the header asks for it (signed-in pages).
    def unread_notices() -> int:
        if not current_user.is_authenticated:
            return 0
        return page_cache.unread_count(current_user)
    return {"unread_notices": unread_notices}


@bp.route("/notices")
@login_required
def index():
    unread_only = request.args.get("show") == "unread"
    page = page_arg()
    rows = notices.list_notices(db.session, current_user, unread_only=unread_only, limit=PAGE + 1,
                                offset=(page - 1) * PAGE)
    return render_template("notices/index.html", groups=notices.by_item(rows[:PAGE]),
                           has_more=len(rows) > PAGE, page=page, unread_only=unread_only,
                           form=MarkAllReadForm())


@bp.route("/notices/<int:notice_id>/open")
@login_required
def open_notice(notice_id: int):
    notice = notices.get_notice(db.session, current_user, notice_id)
    if notice is None:
        abort(404)
    perform(lambda: notices.mark_read(db.session, current_user, [notice.id], at=now()))
    if notice.opinion_id is not None:
        return redirect(url_for("liaison.show", opinion_id=notice.opinion_id))
    if notice.suggestion_id is None:  # about no item (the audit chain's check, a webhook switched off)
        return redirect(url_for("notices.index"))
    return redirect(url_for("items.show", item_id=notice.suggestion_id))


@bp.route("/notices/read", methods=["POST"])
@login_required
def read_all():
    if not MarkAllReadForm().validate_on_submit():
        abort(400)
    count = perform(lambda: notices.mark_read(db.session, current_user, at=now()))
    flash(_("%(count)d notices marked as read.", count=count), "success")
    return redirect(url_for("notices.index"))


@bp.route("/settings/notifications", methods=["GET", "POST"])
@login_required
def settings():
    form = DeliveryForm.of(preferences.delivery_of(db.session, current_user))
    if form.validate_on_submit():
        perform(lambda: preferences.save_delivery(db.session, current_user, form.wanted(), at=now()))
        flash(_("Notification settings saved."), "success")
        return redirect(url_for("notices.settings"))
    return render_template("notices/settings.html", form=form), 400 if form.errors else 200
