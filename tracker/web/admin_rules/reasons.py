"""The administrator's page of each review layer's standard return reasons: add one, retire one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length

from tracker.clock import now
from tracker.domain.congress import return_reasons
from tracker.extensions import db
from tracker.web.access import require_role
from tracker.web.errors import page_of, perform, status_of
from tracker.web.i18n import tr
from tracker.web.items.action_forms import SelectChoice
from tracker.workflow import REVIEW_LAYERS, Role, State

bp = Blueprint("admin_reasons", __name__, url_prefix="/admin")


class ReasonForm(FlaskForm):
    layer = SelectField(_l("Review layer"), validators=[InputRequired()])
    text = StringField(_l("Reason"), validators=[InputRequired(_l("This field is required.")),
                                                 Length(max=return_reasons.MAX_LEN)])

    def fill_choices(self) -> ReasonForm:
        self.layer.choices = [SelectChoice(s.value, tr(s)) for s in REVIEW_LAYERS]
        return self


class RetireForm(FlaskForm):
    """Carries only the CSRF token."""


@bp.route("/return-reasons", methods=["GET", "POST"])
@login_required
def index():
    require_role(Role.ADMIN)
    form = ReasonForm().fill_choices()
    draw = page_of("admin/rules/reasons.html", form=form, retire_form=RetireForm(formdata=None),
                   layers=return_reasons.all_reasons(db.session))
    if form.validate_on_submit():
        perform(lambda: return_reasons.add_reason(db.session, current_user, State(form.layer.data),
                                                  form.text.data, at=now()), page=draw, form=form)
        flash(_("Standard reason added."), "success")
        return redirect(url_for("admin_reasons.index"))
    return draw(), status_of(form)


@bp.route("/return-reasons/<int:reason_id>/retire", methods=["POST"])
@login_required
def retire(reason_id: int):
    require_role(Role.ADMIN)
    if not RetireForm().validate_on_submit():
        abort(400)
    if not perform(lambda: return_reasons.retire_reason(db.session, current_user, reason_id, at=now())):
        abort(404)
    flash(_("Standard reason retired; past returns keep its words."), "success")
    return redirect(url_for("admin_reasons.index"))
