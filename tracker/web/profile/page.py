"""The profile page as its own forms draw it (tracker.web.profile.views, .api_tokens and .phone):
contact details, a new number's code, password, live logins, API tokens (a new secret shown once)."""

from __future__ import annotations

from dataclasses import asdict

from flask import g, render_template
from flask_login import current_user

from tracker.clock import now
from tracker.domain.accounts import logins, phone_change, profile, tokens
from tracker.extensions import db
from tracker.web.accounts.forms import EndLoginForm, PasswordForm, PhoneCodeForm, ProfileForm
from tracker.web.logins import limits
from tracker.web.profile.token_forms import ApiTokenForm, RevokeTokenForm


def profile_page(form=None, password_form=None, error=None, token_form=None, new_token=None,
                 code_form=None):
    """The profile page; `new_token`: a token just made, shown this once; `code_form`: the code typed
    for a new mobile number, drawn again with its error."""
    form = form or ProfileForm(data=asdict(profile.profile_of(db.session, current_user)))
    return render_template("profile/index.html", form=form, error=error,
                           pending_phone=phone_change.masked(
                               phone_change.pending_phone(db.session, current_user, at=now())),
                           code_form=code_form or PhoneCodeForm(formdata=None),
                           password_form=password_form or PasswordForm(formdata=None),
                           has_password=profile.has_password(current_user),
                           logins=logins.live_logins(db.session, current_user.id, at=now(), limits=limits()),
                           current_login=g.get("login"), end_form=EndLoginForm(formdata=None),
                           api_tokens=tokens.tokens_of(db.session, current_user),
                           token_form=token_form or ApiTokenForm(formdata=None),
                           revoke_form=RevokeTokenForm(formdata=None), new_token=new_token, at=now())
