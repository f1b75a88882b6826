"""The three code pages as one table: what each is for, its form, its page, what a good code does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, current_app, render_template
from flask_babel import lazy_gettext as _l

from tracker.domain.accounts import recovery
from tracker.domain.accounts.codes import CodeCheck
from tracker.models import CodePurpose
from tracker.web.accounts.forms import CodePasswordForm, CodeSignInForm, LoginForm


@dataclass(frozen=True)
class Flow:
    name: str
    purpose: CodePurpose
    template: str
    form: type
    done: object  # the message once signed in
    use: Callable[..., CodeCheck]  # (session, form, at, secret) -> CodeCheck


FLOWS = {
    "sign_in": Flow("sign_in", CodePurpose.SIGN_IN, "auth/login.html", CodeSignInForm,
                    _l("You are signed in."),
                    lambda s, f, at, key: recovery.sign_in_with_code(s, f.target.data, f.code.data, at=at,
                                                                     secret=key)),
    "activate": Flow("activate", CodePurpose.ACTIVATE, "accounts/activate.html", CodePasswordForm,
                     _l("Your account is active and you are signed in."),
                     lambda s, f, at, key: recovery.activate(s, f.target.data, f.code.data, f.password.data,
                                                             at=at, secret=key)),
    "forgot": Flow("forgot", CodePurpose.RESET, "accounts/forgot.html", CodePasswordForm,
                   _l("Your new password is set and you are signed in."),
                   lambda s, f, at, key: recovery.reset_with_code(s, f.target.data, f.code.data,
                                                                  f.password.data, at=at, secret=key)),
}


def flow_named(name: str) -> Flow:
    flow = FLOWS.get(name)
    if flow is None:
        abort(404)
    return flow


def secret() -> str:
    return current_app.config["SECRET_KEY"]


def draw(flow: Flow, code_form, *, sent: bool = False, error: str | None = None) -> str:
    """The flow's page; the sign-in flow is the login page's second tab, beside the password form."""
    extra = {"form": LoginForm(formdata=None), "tab": "code"} if flow.name == "sign_in" else {}
    return render_template(flow.template, flow=flow, code_form=code_form, sent=sent, error=error, **extra)
