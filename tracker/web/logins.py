"""Signing in and out, and which login a request's cookies name (tracker.domain.accounts.logins).

Flask-Login still provides `current_user` and `login_required`, but opens nothing by itself: its
user loader answers only for the login row this module found live for the request, so a session
cookie or a "keep me signed in" cookie opens pages only while the database says its login is open.
Flask-Login's own remember cookie (a fixed HMAC of the user id, the same on every sign-in) is never
honoured; ours carries the login's id and a random secret whose SHA-256 is in the row.
"""

from __future__ import annotations

import flask_login
from flask import Flask, current_app, g, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy.orm import joinedload

from tracker.clock import now
from tracker.domain import generation
from tracker.domain.accounts import logins
from tracker.domain.accounts.logins import Limits
from tracker.extensions import db
from tracker.models import Login, LoginEnd, User
from tracker.web.congress import cookie_choice
from tracker.web.errors import perform
from tracker.web.page_cache import know_tokens

TOKEN = "_login"  # the session cookie's key for the login's token
DEFERRED = "login_deferred"  # on `g`: the session's token, read with the person (_deferred)
REMEMBER_COOKIE = "tracker_login"  # "keep me signed in": the same token, for up to 30 days
OLD_REMEMBER_COOKIE = "remember_token"  # Flask-Login's: deleted wherever it is still sent
KEPT = ("lang", "congress_id")  # what a visitor chose before signing in: the language, the congress


# The roles and the place in this congress, loaded with the person: every page asks for them.
PERSON = (joinedload(User.role_rows), joinedload(User.memberships))


def limits() -> Limits:
    return Limits.of(current_app.config)


def cookie_secure() -> bool:
    """Secure cookies over TLS (request.is_secure: behind a proxy, once ProxyFix trusts it)."""
    if current_app.config.get("COOKIE_SECURE") == "on":
        return True
    return has_request_context() and request.is_secure


def _fresh_session(**values) -> None:
    """A new session: nothing a visitor had (or was given by an attacker) before survives but the
    language and the congress chosen, so a login never inherits a session (no fixation)."""
    kept = {k: session[k] for k in KEPT if k in session}
    session.clear()
    session.update(kept, **values)


def sign_in(user: User, *, remember: bool = False) -> Login:
    """The one way a person is signed in (password, code, reset link, and whatever comes): a new
    login row, committed here (perform) because the cookie naming it goes out with this response; a fresh
    session; Flask-Login's user (its signal chooses the congress)."""
    login, token = perform(lambda: logins.open_login(db.session, user, at=now(), remember=remember,
                                                     address=request.remote_addr or "",
                                                     agent=request.user_agent.string, limits=limits()))
    _fresh_session()
    g.login = login
    flask_login.login_user(user, remember=False, fresh=True)  # never Flask-Login's own cookie
    session[TOKEN] = token
    g.set_remember = token if remember else None
    return login


def sign_out(reason: LoginEnd = LoginEnd.LOGOUT) -> None:
    """The one way a person is signed out: the login ends in the database, so a copy of either
    cookie taken before opens nothing after."""
    login = g.pop("login", None)
    if login is not None:
        perform(lambda: logins.end_login(db.session, login, at=now(), reason=reason))
    flask_login.logout_user()
    _fresh_session()
    g.forget_remember = True


def _find() -> None:
    """Before everything else (the congress is chosen from the user the session names): the live
    login the session, or else the remember cookie, names; a session naming none is emptied."""
    g.login = None
    g.pop(DEFERRED, None)
    if request.endpoint == "static" or g.get("api_token") is not None:
        return  # a token's call knows no cookies (tracker.web.api.tokens)
    if not _deferred():
        _from_cookies()


def _from_cookies() -> None:
    """The live login the session, or else the remember cookie, names, read alone."""
    at, bounds = now(), limits()
    login, token, from_cookie = _named_login(at, bounds)
    if login is None:
        if "_user_id" in session or TOKEN in session:  # ended, timed out, forged, or from before logins
            _fresh_session()
        g.forget_remember = REMEMBER_COOKIE in request.cookies
        return
    if from_cookie or session.get("_user_id") != str(login.user_id):
        _fresh_session(_user_id=str(login.user_id), _fresh=False, **{TOKEN: token})
    if logins.seen_due(login, at, bounds):  # bookkeeping of its own, before the request's one action
        perform(lambda: logins.note_seen(login, at, bounds))
    g.login = login


def _named_login(at, bounds: Limits) -> tuple[Login | None, str | None, bool]:
    """The live login of the session's token, else of the remember cookie's; and whether the cookie's."""
    for token, from_cookie in ((session.get(TOKEN), False), (request.cookies.get(REMEMBER_COOKIE), True)):
        login = logins.find_login(db.session, token, at=at, limits=bounds) if token else None
        if login is not None:
            return login, token, from_cookie
    return None, None, False


def _deferred() -> bool:
    """Whether the session names its login, its person and the congress they work in: then the
    login is read with the person, their roles there and the data's tokens in one statement, once
    the congress is in scope (load_user, asked first by tracker.web.congress._confirm), instead of
    three statements on every page. A remember cookie alone, or a session naming no congress of
    theirs, takes the way above."""
    token, user_id = session.get(TOKEN), session.get("_user_id")
    if not token or not isinstance(user_id, str) or not user_id.isdigit() or len(user_id) > 18:
        return False
    if cookie_choice(int(user_id)) is None:
        return False
    setattr(g, DEFERRED, token)
    return True


def _with_person(user_id: str) -> User | None:
    """The deferred login (see _deferred) and its person. A login that no longer opens pages, or
    names another person than the session, is looked for as _find looks (the remember cookie's
    login, else the session emptied)."""
    at, bounds = now(), limits()
    login, user, values = logins.find_login_with_person(
        db.session, g.pop(DEFERRED), at=at, limits=bounds, options=PERSON, columns=generation.token_columns())
    if login is None or str(login.user_id) != user_id:
        _from_cookies()
        found = g.get("login")
        return load_person(found.user_id) if found is not None else None
    know_tokens(values)
    g.login = login
    if logins.seen_due(login, at, bounds):
        perform(lambda: logins.note_seen(login, at, bounds))
    return user if user.is_active else None


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader: only the user of the login found for this request."""
    if DEFERRED in g:
        return _with_person(user_id)
    login = g.get("login")
    if login is None or str(login.user_id) != user_id:
        return None
    return None if login.ended_at is not None else load_person(login.user_id)


def load_person(user_id: int) -> User | None:
    user = db.session.get(User, user_id, options=PERSON)
    return user if user is not None and user.is_active else None


def _cookies(response):
    token = g.pop("set_remember", None)
    if token:
        response.set_cookie(REMEMBER_COOKIE, token, max_age=int(limits().remember.total_seconds()),
                            httponly=True, samesite="Lax", secure=cookie_secure())
    elif g.pop("forget_remember", False):
        response.delete_cookie(REMEMBER_COOKIE, httponly=True, samesite="Lax", secure=cookie_secure())
    if OLD_REMEMBER_COOKIE in request.cookies:
        response.delete_cookie(OLD_REMEMBER_COOKIE)
    return response


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, Secure whenever the request came over TLS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return app.config.get("SESSION_COOKIE_SECURE") or cookie_secure()


def install(app: Flask) -> None:
    """After the congress's hooks are registered: this one goes before them."""
    app.session_interface = SessionInterface()
    app.before_request_funcs.setdefault(None, []).insert(0, _find)
    app.after_request(_cookies)
