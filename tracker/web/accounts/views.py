"""Code pages: ask for a code (throttled), then use it to sign in, activate or reset; an admin's reset link.

A number or address that is nobody's gets the same page, and the same wait, as one that is somebody's.
"""

from __future__ import annotations

from flask import Blueprint
from flask_babel import gettext as _

from tracker.clock import now
from tracker.domain.accounts import codes, recovery
from tracker.domain.accounts.contact import find_account
from tracker.extensions import db
from tracker.models import SignInMethod, SignInOutcome
from tracker.web.accounts import signing, throttle
from tracker.web.accounts.flows import draw, flow_named, secret
from tracker.web.accounts.forms import CodeRequestForm, LinkPasswordForm
from tracker.web.accounts.sending import send_after_response
from tracker.web.errors import on_refusal, page_of, perform, status_of
from tracker.web.landing import asked_next

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
    result = perform(lambda: _logged(spec.use(db.session, form, now(), secret()), form.target.data),
                     page=page, form=form)
    if result.refusal is not None:  # the wrong try is committed; now the refusal, as any other
        on_refusal(page, form=form)
        raise result.refusal
    return signing.first_factor_passed(result.user, method=SignInMethod.CODE, typed=form.target.data.strip(),
                                       done=str(spec.done), next_url=asked_next())  # an item link's item


def _logged(result: codes.CodeCheck, target: str) -> codes.CodeCheck:
    """The try in the sign-in log, committed with the code's own count (a wrong code included);
    its success is logged as the person is signed in (tracker.web.accounts.signing)."""
    if result.refusal is not None:
        signing.log(SignInMethod.CODE, SignInOutcome.FAILURE, target.strip(),
                    find_account(db.session, target))
    return result


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
    return signing.first_factor_passed(user, method=SignInMethod.CODE, typed=user.username,
                                       done=_("Your new password is set and you are signed in."))
