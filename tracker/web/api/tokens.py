"""A bearer token as a way into /api/: found before the congress is chosen (the token's congress is
the request's), its person loaded by Flask-Login's request loader once that congress is in scope."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, abort, g, request

from tracker.clock import now
from tracker.domain.accounts import tokens
from tracker.extensions import db
from tracker.web.errors import perform


def find_bearer() -> None:
    """First of all hooks: an Authorization: Bearer on an /api/ path names a live token, or the
    request is refused (401) before anything is read for it."""
    g.api_token = None
    header = request.headers.get("Authorization", "")
    if not request.path.startswith("/api/") or not header[:7].lower() == "bearer ":
        return
    secret = header[7:].strip()
    token = perform(lambda: _found(secret)) if 0 < len(secret) <= 200 else None
    if token is None:
        abort(401)
    g.api_token = token


@dataclass(frozen=True)
class Bearer:
    """What the request needs of its token, read before the commit that expires the row (no
    congress is in scope yet to load it again)."""

    id: int
    user_id: int
    congress_id: int
    scopes: str


def _found(secret: str) -> Bearer | None:
    # Its last use is noted at most once a minute: committed (perform), before the request's action.
    row = tokens.authenticate(db.session, secret, at=now())
    return None if row is None else Bearer(row.id, row.user_id, row.congress_id, row.scopes)


def bearer_user(_request):
    """Flask-Login's request loader: the token's person (roles loaded in the token's congress)."""
    token = g.get("api_token")
    if token is None:
        return None
    from tracker.web.logins import load_person

    return load_person(token.user_id)


def install(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, find_bearer)
