"""Reminder admin pages: hours and health, the ladder per kind, a test mail, and one item's ledger.

Views follow the house pattern: check access (403) -> form -> one domain call (`perform`, which
commits) -> redirect; a refused edit is answered by tracker.web.errors: the form again, typed input kept.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.clock import now
from tracker.domain.reminders import admin
from tracker.domain.reminders.ladder import ladder_for, ladder_text, own_kinds, platform_ladder
from tracker.extensions import db
from tracker.web.access import load_item, require_role
from tracker.web.errors import page_of, perform, status_of
from tracker.web.reminders.forms import HoursForm, LadderForm, ResetForm, TestEmailForm
from tracker.workflow import WINDOW_KINDS, DeadlineKind, Role

bp = Blueprint("reminders", __name__)
LEDGER_ROLES = (Role.ADMIN, Role.OFFICE_STAFF, Role.SUPERVISOR)


def _safe(url: str) -> str:
    """A channel URL without its user name or password, for display."""
    parts = urlsplit(url)
    host = f"{parts.hostname}:{parts.port}" if parts.port else (parts.hostname or "")
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _page(hours_form=None, mail_form=None, status=200):
    stored = admin.stored_hours(db.session)  # what is set here, not the installation's override
    hours_form = hours_form or HoursForm(prefix="hours", data=stored)
    kinds = [k for k in DeadlineKind if k not in WINDOW_KINDS]
    ladders = {k: ladder_for(db.session, k) for k in kinds}
    return render_template("reminders/index.html", hours_form=hours_form,
                           mail_form=mail_form or TestEmailForm(prefix="mail"), ladders=ladders,
                           custom=own_kinds(db.session), health=admin.health(db.session),
                           ladder_text=ladder_text,
                           mail_url=_safe(current_app.config["MAIL_URL"]),
                           sms_url=_safe(current_app.config["SMS_URL"]),
                           quiet_forced_off=str(current_app.config.get("QUIET_HOURS")).lower() == "off",
                           ), status


@bp.route("/admin/reminders", methods=["GET", "POST"])
@login_required
def index():
    require_role(Role.ADMIN)
    form = HoursForm(prefix="hours")
    if form.validate_on_submit():
        perform(lambda: admin.save_hours(db.session, current_user, quiet_hours=form.quiet_hours.data,
                                         day_starts=form.day_starts.data, day_ends=form.day_ends.data,
                                         at=now()),
                page=lambda error: _page(hours_form=form)[0], form=form)
        flash(_("Delivery hours saved."), "success")
        return redirect(url_for("reminders.index"))
    return _page(hours_form=form if form.errors else None, status=400 if form.errors else 200)


@bp.route("/admin/reminders/test-email", methods=["POST"])
@login_required
def test_email():
    require_role(Role.ADMIN)
    form = TestEmailForm(prefix="mail")
    if not form.validate_on_submit():
        return _page(mail_form=form, status=400)
    config = current_app.config
    failure = perform(lambda: admin.try_test_email(db.session, current_user, form.to.data, at=now(),
                                                   mail_url=config["MAIL_URL"],
                                                   mail_from=config["MAIL_FROM"]))
    if failure:  # the attempt is audited either way
        flash(_("The test email could not be sent: %(error)s", error=failure), "danger")
    else:
        flash(_("A test email was sent to %(to)s.", to=form.to.data), "success")
    return redirect(url_for("reminders.index"))


def _kind(code: str) -> DeadlineKind:
    try:
        kind = DeadlineKind(code)
    except ValueError:
        abort(404)
    if kind in WINDOW_KINDS:
        abort(404)
    return kind


@bp.route("/admin/reminders/ladder/<code>", methods=["GET", "POST"])
@login_required
def ladder(code: str):
    require_role(Role.ADMIN)
    kind = _kind(code)
    form = LadderForm().load(ladder_for(db.session, kind))
    draw = page_of("reminders/ladder.html", form=form, kind=kind, reset_form=ResetForm(),
                   now_text=ladder_text(ladder_for(db.session, kind)),
                   default_text=ladder_text(platform_ladder(db.session, kind)))
    if (steps := form.sent_steps()) is not None:
        perform(lambda: admin.save_ladder(db.session, current_user, kind, steps, at=now()),
                page=draw, form=form)
        flash(_("Reminder steps saved."), "success")
        return redirect(url_for("reminders.index"))
    return draw(), status_of(form)


@bp.route("/admin/reminders/ladder/<code>/reset", methods=["POST"])
@login_required
def reset(code: str):
    require_role(Role.ADMIN)
    kind = _kind(code)
    if not ResetForm().validate_on_submit():
        abort(400)
    perform(lambda: admin.reset_ladder(db.session, current_user, kind, at=now()))
    flash(_("The default steps are back."), "success")
    return redirect(url_for("reminders.index"))


@bp.route("/items/<int:item_id>/reminders")
@login_required
def ledger(item_id: int):
    item = load_item(item_id)
    if not any(current_user.has_role(r) for r in LEDGER_ROLES):
        abort(403)
    return render_template("reminders/ledger.html", item=item, kind_enum=DeadlineKind,
                           rows=admin.ledger_for_item(db.session, item.id))
