"""The /api/v1 blueprint and what every operation shares: who calls (a token, or the browser's
session with its CSRF header), in which congress, with which scope, and the suggestion loader."""

from __future__ import annotations

from flask import abort, current_app, g, request
from flask_login import current_user
from flask_smorest import Blueprint

from tracker.extensions import csrf, login_manager
from tracker.web.access import load_item

blp = Blueprint("api_v1", __name__, url_prefix="/api/v1",
                description="代表建议办理系统 JSON API: every read and every action of the pages.")
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


@blp.before_request
def caller() -> None:
    """401 without a live login or token; a token's scope must cover the method (read / act); a
    browser's unsafe call carries the page's CSRF token in X-CSRFToken."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    token = g.get("api_token")
    if token is None:
        if request.method not in SAFE and current_app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()
        return
    needed = "read" if request.method in SAFE else "act"
    if needed not in (token.scopes or ()):
        abort(403)


@blp.after_request
def tagged(response):
    """A read of one suggestion carries its version as the ETag, for If-Match on the next write."""
    version = g.pop("etag", None)
    if version is not None and response.status_code == 200:
        response.set_etag(str(version), weak=False)
    response.headers.setdefault("Cache-Control", "no-store")
    return response


# 404 when missing (or in another congress: the criterion hides it), 403 when not the caller's: the
# pages' own loader.
load_suggestion = load_item


def if_match() -> int | None:
    """The version an If-Match header names (the ETag of the caller's last read), if any."""
    header = request.headers.get("If-Match")
    if not header:
        return None
    raw = header.strip().removeprefix("W/").strip('"')
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        abort(412)
    return int(raw)


def limit_value() -> str:
    return current_app.config.get("API_RATE_LIMIT", "600/minute")
