"""The profile's new mobile number: the code sent to it typed here; only a right code replaces the number."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.clock import now
from tracker.domain.accounts import phone_change
from tracker.extensions import db
from tracker.web.accounts import throttle
from tracker.web.accounts.flows import secret
from tracker.web.accounts.forms import PhoneCodeForm
from tracker.web.accounts.sending import send_after_response
from tracker.web.errors import on_refusal, perform
from tracker.web.profile.page import profile_page
from tracker.web.profile.views import bp


@bp.route("/profile/phone", methods=["POST"])
@login_required
@throttle.code_checks
def confirm_phone():
    form = PhoneCodeForm()
    page = lambda error=None: profile_page(code_form=form)  # noqa: E731  (the message is on the code field)
    if not form.validate_on_submit():
        return page(), 400
    result = perform(lambda: phone_change.confirm_phone_change(db.session, current_user, form.code.data,
                                                               at=now(), secret=secret()),
                     page=page, form=form, names={"phone": "code", None: "code"})
    if result.refusal is not None:  # the wrong try is committed; now the refusal, as any other
        on_refusal(page, form=form)
        raise result.refusal
    send_after_response(result.notice)
    flash(_("Your mobile number is now %(phone)s.", phone=phone_change.masked(result.phone)), "success")
    return redirect(url_for("profile.index"))
