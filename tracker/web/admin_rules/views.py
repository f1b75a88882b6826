"""Deadline rules and the working-day calendar: the administrator edits, the office looks.

Views follow the house pattern: load (404) -> check (403) -> form -> one domain call through
`perform` (which commits, or draws the page again with the input kept) -> respond.
"""

from __future__ import annotations

from babel.dates import get_day_names, get_month_names
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.clock import now
from tracker.domain.deadlines import local_days, rules, schedule, years
from tracker.domain.deadlines.yearview import known_years, year_view
from tracker.extensions import db
from tracker.web.access import require_role
from tracker.web.admin_rules.forms import (
    ConfirmForm,
    LocalDayForm,
    RemoveLocalDayForm,
    ResetForm,
    RuleForm,
    UploadForm,
    YearForm,
)
from tracker.web.errors import back_to, page_of, perform, status_of
from tracker.web.i18n import lang, locale
from tracker.web.labels import today
from tracker.web.params import to_id
from tracker.workflow import Role, Unit

bp = Blueprint("admin_rules", __name__, url_prefix="/admin")
VIEWERS = (Role.ADMIN, Role.OFFICE_STAFF)


def _may_view() -> None:
    if not (current_user.is_platform_admin or any(current_user.has_role(r) for r in VIEWERS)):
        abort(403)


def may_edit_national(user) -> bool:
    """The national calendar is the platform administrator's; a congress's own days its administrator's."""
    return bool(user.is_platform_admin)


def may_edit_local(user) -> bool:
    return user.has_role(Role.ADMIN)


def _editable_rule(key: str) -> rules.RuleLine:
    require_role(Role.ADMIN)
    spec = rules.spec_for(key)
    if spec is None or not (line := rules.line_for(db.session, spec)).editable:
        abort(404)
    return line


@bp.route("/rules")
@login_required
def rules_index():
    _may_view()
    return render_template("admin/rules/index.html", lines=rules.rule_lines(db.session),
                           may_edit=current_user.has_role(Role.ADMIN))


@bp.route("/rules/<key>", methods=["GET", "POST"])
@login_required
def edit_rule(key: str):
    line = _editable_rule(key)
    form = RuleForm(data={"amount": line.amount, "unit": line.unit.value, "basis": line.basis})
    draw = page_of("admin/rules/rule.html", form=form, line=line, reset_form=ResetForm())
    if form.validate_on_submit():
        perform(lambda: rules.save_rule(db.session, current_user, line.spec, amount=form.amount.data,
                                        unit=Unit(form.unit.data), basis=form.basis.data, at=now()),
                page=draw, form=form)
        flash(_("Saved. Deadlines opened from now on use the new period; open ones keep their due dates."),
              "success")
        return redirect(url_for("admin_rules.rules_index"))
    return draw(), status_of(form)


@bp.route("/rules/<key>/reset", methods=["POST"])
@login_required
def reset_rule(key: str):
    line = _editable_rule(key)
    if not ResetForm().validate_on_submit():
        abort(400)
    perform(lambda: rules.reset_rule(db.session, current_user, line.spec, at=now()))
    flash(_("The default period is back for deadlines opened from now on."), "success")
    return redirect(url_for("admin_rules.rules_index"))


def _names() -> dict:
    """Month and weekday names in the page's language, from Babel's CLDR data."""
    width = "narrow" if lang() == "zh" else "short"  # 一 二 三 / Mo Tu We: the grids are small
    return {"months": get_month_names("wide", locale=locale()),
            "weekdays": [get_day_names(width, locale=locale())[i] for i in range(7)]}


def _calendar_page(year: int, *, year_form=None, upload_form=None, local_form=None, error=None,
                   local_error=None):
    return render_template("admin/rules/calendar.html", view=year_view(db.session, year), names=_names(),
                           years=known_years(today()), error=error, local_error=local_error,
                           year_form=year_form or YearForm(formdata=None, data={"year": year}),
                           upload_form=upload_form or UploadForm(formdata=None, data={"year": year}),
                           local_form=local_form or LocalDayForm(formdata=None),
                           local_days=local_days.local_days(db.session, year),
                           remove_form=RemoveLocalDayForm(formdata=None),
                           may_upload=may_edit_national(current_user),
                           may_edit_local=may_edit_local(current_user))


@bp.route("/calendar")
@login_required
def calendar():
    _may_view()
    form = YearForm(request.args)
    year = form.chosen(known_years(today()), today().year)
    return _calendar_page(year, year_form=form), 400 if form.errors else 200


def _local_page(year: int, form: LocalDayForm):
    """The calendar page of `year` with the local day form as sent (a refusal's message above it)."""
    return lambda error=None: _calendar_page(year, local_form=form, local_error=error)


def _moved(recounted: int, moved: int) -> None:
    flash(_("Saved for this congress. %(recounted)s provisional deadlines were recounted; %(moved)s of "
            "them moved to a new due date.", recounted=recounted, moved=moved), "success")


@bp.route("/calendar/local", methods=["POST"])
@login_required
def add_local_day():
    require_role(Role.ADMIN)
    form = LocalDayForm()
    year = form.year_in(known_years(today()), today().year)
    draw = _local_page(year, form)
    if not form.validate_on_submit():
        return draw(), 400
    _moved(*perform(lambda: local_days.add_local_day(
        db.session, current_user, day=form.day.data, is_workday=form.is_workday, name=form.name.data or "",
        today=today(), at=now()), page=draw, form=form))
    return redirect(url_for("admin_rules.calendar", year=year) + "#local-days")


@bp.route("/calendar/local/remove", methods=["POST"])
@login_required
def remove_local_day():
    require_role(Role.ADMIN)
    form = RemoveLocalDayForm()
    if not form.validate_on_submit():
        abort(400)
    back = url_for("admin_rules.calendar", year=form.day.data.year) + "#local-days"
    _moved(*perform(lambda: local_days.remove_local_day(db.session, current_user, day=form.day.data,
                                                        at=now()), page=back_to(back)))
    return redirect(back)


@bp.route("/calendar/upload", methods=["POST"])
@login_required
def upload():
    if not may_edit_national(current_user):
        abort(403)
    form = UploadForm()
    year = form.year.data if form.year.data in known_years(today()) else today().year
    if not form.validate_on_submit():
        return _calendar_page(year, upload_form=form), 400
    name, data = form.content(schedule.MAX_BYTES)
    found = perform(lambda: schedule.read_schedule(data, name, form.year.data),
                    page=lambda error: _calendar_page(year, upload_form=form, error=error), form=form)
    confirm_form = ConfirmForm(formdata=None, data={"year": found.year, "filename": name,
                                                    "days": schedule.as_csv(found.days)})
    return render_template("admin/rules/preview.html", schedule=found, filename=name, confirm=confirm_form,
                           moves=years.preview_moves(db.session, found)), 200 if found.ok else 400


@bp.route("/calendar/confirm", methods=["POST"])
@login_required
def confirm():
    if not may_edit_national(current_user):
        abort(403)
    form = ConfirmForm()
    year = to_id(form.year.data)
    if not form.validate_on_submit() or year is None:
        abort(400)
    back = back_to(url_for("admin_rules.calendar", year=year))
    recounted, moved = perform(lambda: years.enter_schedule(
        db.session, current_user, schedule.schedule_text(form.days.data, year),
        filename=form.filename.data or "", at=now()), page=back)
    flash(_("%(year)s entered. %(recounted)s provisional deadlines were recounted; %(moved)s of them "
            "moved to a new due date.", year=year, recounted=recounted, moved=moved), "success")
    return redirect(url_for("admin_rules.calendar", year=year))
