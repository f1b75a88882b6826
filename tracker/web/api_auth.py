"""A JSON API request's bearer token: which congress it works in, who it is, and the rate limit's key.

`authenticate_request()` reads `Authorization: Bearer dbt_…`, puts the request in the token's
congress, and makes its person `current_user` for this request only (no cookie, no session);
`rate_key` counts a token's requests together, wherever they come from.
"""

from __future__ import annotations

from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from tracker.clock import now
from tracker.domain.accounts import tokens
from tracker.extensions import db
from tracker.models import ApiToken, Congress, User
from tracker.tenancy import enter, leave
from tracker.web.errors import perform

SCHEME = "bearer "


def bearer_token() -> str | None:
    """The token of the Authorization header, or None."""
    header = request.headers.get("Authorization", "")
    if header[:len(SCHEME)].lower() != SCHEME:
        return None
    return header[len(SCHEME):].strip() or None


def _work_in(congress_id: int) -> None:
    """The rest of the request is the token's congress's, whatever the default one was."""
    if g.get("congress") is not None and g.congress.id == congress_id:
        return
    token = g.pop("congress_token", None)
    if token is not None:
        leave(token)
    db.session.flush()
    db.session.expire_all()
    g.congress_token = enter(congress_id)
    g.congress = db.session.get(Congress, congress_id)


def authenticate_request() -> tuple[ApiToken, User] | None:
    """The request's live token and its person, or None (no token, or one that opens nothing).
    On success `g.api_token` is set and the person is `current_user` for this request alone; its
    "last used" time is committed here (at most once a minute), before the request's one action."""
    g.pop("api_token", None)
    secret = bearer_token()
    congress_id = tokens.congress_of(db.session, secret)
    if congress_id is None:
        return None
    _work_in(congress_id)
    found = perform(lambda: tokens.authenticate(db.session, secret, at=now()))
    if found is None:
        return None
    g.api_token, g._login_user = found  # Flask-Login's per-request user: current_user
    return found


def rate_key() -> str:
    """Flask-Limiter's key for API requests: the token's id once authenticated (so one token is
    limited wherever it is used from), else the client's address."""
    token = g.get("api_token")
    return f"api-token:{token.id}" if token is not None else f"api-address:{get_remote_address()}"


def rate_limit() -> str:
    """The limit per token, from the config (`API_RATE_LIMIT`, e.g. "600/minute")."""
    return current_app.config["API_RATE_LIMIT"]
