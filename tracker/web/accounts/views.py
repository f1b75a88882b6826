"""Code pages: ask for a code (throttled), then use it to sign in, activate or reset; an admin's reset link.

A number or address that is nobody's gets the same page, and the same wait, as one that is somebody's.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _

from tracker.clock import now
from tracker.domain.accounts import codes, recovery
from tracker.extensions import db
from tracker.web.accounts import throttle
from tracker.web.accounts.flows import draw, flow_named, secret
from tracker.web.accounts.forms import CodeRequestForm, LinkPasswordForm
from tracker.web.accounts.sending import send_after_response
from tracker.web.errors import on_refusal, page_of, perform, status_of
from tracker.web.logins import sign_in

bp = Blueprint("accounts", __name__)
PAGES = {"activate": "/activate", "forgot": "/forgot", "sign_in": "/login/code"}


def _routes(suffix: str = "", **options):
    """One view for the three flows: a rule per flow, told apart by its `flow` default."""
    def wrap(view):
        for name, path in PAGES.items():
            view = bp.route(path + suffix, defaults={"flow": name}, **options)(view)
        return view
    return wrap


@_routes("/send", methods=["POST"])
@throttle.code_requests
@throttle.even_time
def send_code(flow: str):
    spec = flow_named(flow)
    asked, form = CodeRequestForm(), spec.form()
    if not asked.validate_on_submit():
        form.target.errors = asked.target.errors
        return draw(spec, form), 400
    out = perform(lambda: codes.request_code(db.session, asked.target.data, spec.purpose, at=now(),
                                             secret=secret()))
    send_after_response(out)
    return draw(spec, form, sent=True)


@_routes(methods=["GET", "POST"])
@throttle.code_checks
@throttle.even_time
def use_code(flow: str):
    spec = flow_named(flow)
    form = spec.form()
    if not form.validate_on_submit():
        return draw(spec, form, sent=form.is_submitted()), status_of(form)
    page = lambda error=None: draw(spec, form, sent=True, error=error)  # noqa: E731
    result = perform(lambda: spec.use(db.session, form, now(), secret()), page=page, form=form)
    if result.refusal is not None:  # the wrong try is committed; now the refusal, as any other
        on_refusal(page, form=form)
        raise result.refusal
    sign_in(result.user)
    flash(str(spec.done), "success")
    return redirect(url_for("items.home"))


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_link(token: str):
    if recovery.reset_link(db.session, token, now()) is None:
        raise recovery.LinkGone()
    form = LinkPasswordForm()
    draw_page = page_of("accounts/reset_link.html", form=form)
    if not form.validate_on_submit():
        return draw_page(), status_of(form)
    user = perform(lambda: recovery.redeem_reset(db.session, token, form.password.data, at=now()),
                   page=draw_page, form=form)
    sign_in(user)
    flash(_("Your new password is set and you are signed in."), "success")
    return redirect(url_for("items.home"))
