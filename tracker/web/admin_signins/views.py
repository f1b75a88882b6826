"""The sign-in log (/admin/sign-ins): a congress's administrator sees their people's attempts, the
platform administrator everyone's; the congress's second-step setting; an authenticator's reset."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.clock import now
from tracker.domain.accounts import second_factor
from tracker.domain.people import sign_ins, users
from tracker.extensions import db
from tracker.models import Congress
from tracker.web.access import require_role
from tracker.web.admin_people.forms import TokenForm
from tracker.web.admin_signins.forms import OUTCOME_LABELS, AttemptFilterForm, SecondStepSettingForm
from tracker.web.errors import perform
from tracker.workflow import Role

bp = Blueprint("admin_signins", __name__, url_prefix="/admin")


@bp.route("/sign-ins")
@login_required
def log_index():
    if not sign_ins.may_read(current_user):
        abort(403)
    form = AttemptFilterForm(request.args)
    valid = form.validate()
    rows, more = sign_ins.attempts_page(db.session, current_user,
                                          form.chosen() if valid else sign_ins.AttemptFilter())
    setting = None
    if current_user.has_role(Role.ADMIN) and g.congress is not None:
        setting = SecondStepSettingForm(formdata=None, data={"required": g.congress.second_factor_required})
    return render_template("admin/signins/index.html", form=form, rows=rows, more=more, setting=setting,
                           outcome_labels=OUTCOME_LABELS, page=(form.page.data or 1) if valid else 1), \
        200 if valid else 400


@bp.route("/sign-ins/second-step", methods=["POST"])
@login_required
def second_step_setting():
    require_role(Role.ADMIN)
    form = SecondStepSettingForm()
    if not form.validate_on_submit():
        abort(400)
    congress = db.session.get(Congress, g.congress.id)  # g's copy is detached (tracker.web.congress)
    changed = perform(lambda: second_factor.require_for_congress(db.session, congress, form.required.data,
                                                                 by=current_user, at=now()))
    flash(_("Saved.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for("admin_signins.log_index"))


@bp.route("/users/<int:user_id>/second-factor/reset", methods=["POST"])
@login_required
def reset_second_factor(user_id: int):
    user = users.person_here(db.session, user_id)
    if user is None:
        abort(404)
    require_role(Role.ADMIN)
    if not TokenForm().validate_on_submit():
        abort(400)
    perform(lambda: second_factor.reset_by_admin(db.session, user, by=current_user, at=now()))
    flash(_("%(name)s's authenticator app is reset: they set one up again at their next sign-in where it "
            "is required, or from their profile.", name=user.name), "success")
    return redirect(url_for("admin_people.edit_user", user_id=user.id))
