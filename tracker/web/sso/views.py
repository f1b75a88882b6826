"""Signing in with a congress's OpenID provider, and a signed-in person linking their account there.

One callback for every provider (the one redirect URI to register: /sso/callback); which provider
and what for (sign in or link) wait in the signed session beside Authlib's state, nonce and PKCE
verifier. A provider is looked up in the request's congress, so another congress's is a 404.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.clock import now
from tracker.domain.accounts import sso
from tracker.extensions import db
from tracker.models import SignInMethod, SignInOutcome, SsoProvider
from tracker.web.accounts import signing
from tracker.web.congress import CHOSEN
from tracker.web.errors import back_to, perform, respond
from tracker.web.landing import safe_next  # one rule for where a sign-in may go
from tracker.web.sso.admin import bp as admin_bp
from tracker.web.sso.client import (
    REFUSED,
    UNREACHABLE,
    Misconfigured,
    callback_url,
    checked_metadata,
    client_for,
    token_of,
)

bp = Blueprint("sso", __name__)
FLOW = "sso_flow"  # {provider, purpose, user, next}: what the callback finishes


def _provider(provider_id: int, *, enabled: bool = True) -> SsoProvider:
    provider = db.session.get(SsoProvider, provider_id)
    if provider is None or (enabled and not provider.is_enabled):
        abort(404)
    return provider


def _unreachable(provider: SsoProvider):
    return respond(503, "sso_unreachable", _(
        "The sign-in service %(provider)s cannot be reached now. Sign in with your password or an SMS "
        "code, or try again later.", provider=provider.name))


def _misconfigured(provider: SsoProvider):
    return respond(503, "sso_misconfigured", _(
        "Signing in with %(provider)s is not set up correctly; the administrator has to check its "
        "settings. Sign in with your password or an SMS code.", provider=provider.name))


def _refused():
    return respond(400, "sso_refused", _(
        "The sign-in could not be verified (it may have expired or been started in another window). "
        "Please start again."))


def _start(provider: SsoProvider, purpose: str):
    try:  # a POST: CSRFProtect checks its token, so nobody starts a flow for someone else
        client = client_for(provider)
        checked_metadata(client, provider)
        answer = client.authorize_redirect(callback_url())
    except Misconfigured:
        return _misconfigured(provider)
    except UNREACHABLE:
        return _unreachable(provider)
    session[FLOW] = {"provider": provider.id, "purpose": purpose, "next": request.args.get("next"),
                     "user": current_user.id if purpose == "link" else None}
    return answer


@bp.post("/sso/<int:provider_id>/start")
def start(provider_id: int):
    provider = _provider(provider_id)
    if current_user.is_authenticated:
        return redirect(url_for("items.home"))
    return _start(provider, "sign_in")


@bp.post("/sso/<int:provider_id>/link")
@login_required
def link(provider_id: int):
    return _start(_provider(provider_id), "link")


@bp.get("/sso/callback")
def callback():
    flow = session.pop(FLOW, None)
    if not isinstance(flow, dict):
        return _refused()
    provider = db.session.get(SsoProvider, flow.get("provider") or 0)
    if provider is None or not provider.is_enabled:
        return _refused()  # started in another congress, or switched off meanwhile
    try:
        client = client_for(provider)
        checked_metadata(client, provider)
        subject = str(token_of(client, provider)["userinfo"]["sub"])
    except Misconfigured:
        return _misconfigured(provider)
    except UNREACHABLE:
        return _unreachable(provider)
    except REFUSED:
        return _refused()
    if flow["purpose"] == "link":
        return _linked(provider, flow, subject)
    return _signed_in(provider, flow, subject)


def _signed_in(provider: SsoProvider, flow: dict, subject: str):
    if current_user.is_authenticated:
        return redirect(url_for("items.home"))
    user = sso.account_for(db.session, provider, subject)
    if user is None:  # never a new account: the office makes them, the person links theirs
        typed = f"{provider.name}:{subject}"
        perform(lambda: signing.log(SignInMethod.SSO, SignInOutcome.FAILURE, typed, None))
        return render_template("sso/unknown.html", provider=provider, congress=g.congress), 403
    perform(lambda: sso.record_sign_in(db.session, provider, user, at=now()))
    session[CHOSEN] = g.congress.id  # they work in the provider's congress, whatever else is theirs
    # The congress's second step, if it asks for one, applies as after a password.
    return signing.first_factor_passed(user, method=SignInMethod.SSO, typed=user.username,
                                       next_url=safe_next(flow.get("next")))


def _linked(provider: SsoProvider, flow: dict, subject: str):
    if not current_user.is_authenticated or current_user.id != flow.get("user"):
        return _refused()  # signed out or in as someone else since the link was started
    perform(lambda: sso.link_subject(db.session, provider, current_user, subject, at=now()),
            page=back_to(url_for("profile.index")))
    flash(_("Your account is linked to %(provider)s: you can sign in with it from now on.",
            provider=provider.name), "success")
    return redirect(url_for("profile.index"))


@bp.post("/sso/<int:provider_id>/unlink")
@login_required
def unlink(provider_id: int):
    provider = _provider(provider_id, enabled=False)
    perform(lambda: sso.unlink(db.session, provider, current_user, at=now()),
            page=back_to(url_for("profile.index")))
    flash(_("Your account is no longer linked to %(provider)s.", provider=provider.name), "success")
    return redirect(url_for("profile.index"))


def offered() -> list[SsoProvider]:
    """The sign-in page's buttons and the profile's card: the enabled providers of the congress in
    scope (none before the first congress is founded)."""
    providers = sso.providers(db.session) if g.get("congress") is not None else []
    # Their sign-in pages receive this page's forms (through our redirect): the CSP must allow them.
    g.form_targets = {f"{u.scheme}://{u.netloc}" for u in (urlsplit(p.issuer) for p in providers)}
    return providers


def my_links() -> dict:
    """The signed-in person's links in the congress in scope, by provider id (the profile's card)."""
    return sso.links_of(db.session, current_user) if g.get("congress") is not None else {}


def register(app) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
    app.jinja_env.globals.update(sso_providers=offered, sso_links=my_links)
