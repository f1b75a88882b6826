"""Wires /api/v1 into the app: flask-smorest's spec (OpenAPI 3.1 at /api/v1/openapi.json), the docs
page, the per-caller rate limit, the bearer token as a way in, and the old /api paths moved."""

from __future__ import annotations

from flask import Blueprint, Flask, g, redirect, render_template, request, url_for
from flask_smorest import Api

from tracker.extensions import csrf, limiter, login_manager

# Importing these adds their routes to blp.
from tracker.web.api import (  # noqa: F401
    actions,
    drafts,
    exports,
    figures,
    liaison,
    notices,
    reference,
    similar,
    suggestions,
)
from tracker.web.api.blueprint import blp, limit_value
from tracker.web.api.schemas import Problem
from tracker.web.api.tokens import bearer_user

SPEC = {
    "API_TITLE": "代表建议办理系统 API (Deputies' suggestions tracker)",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
}
SECURITY_SCHEMES = {
    "token": {"type": "http", "scheme": "bearer",
              "description": "A personal or service-account API token from the profile page. "
                             "A browser's calls may use the pages' own session cookie instead, "
                             "unsafe methods with the page's CSRF token in X-CSRFToken."},
}


class TrackerApi(Api):
    """flask-smorest's Api without its app-wide error handler: every error of the app, the API's
    included, is answered by tracker.web.errors (problem+json under /api/); the spec documents
    that shape as every operation's default response."""

    ERROR_SCHEMA = Problem

    def _register_error_handlers(self):
        pass


docs = Blueprint("api_docs", __name__)


@docs.route("/api/v1/docs")
def api_docs():
    """The spec drawn by the vendored Swagger UI (tracker/static/vendor/swagger-ui), no CDN."""
    return render_template("api/docs.html")


moved = Blueprint("api_moved", __name__)


@moved.route("/api/items/<int:item_id>/actions/<action>", methods=["POST"])
def old_action(item_id: int, action: str):
    """The pre-v1 action path: 308 keeps the method and the body."""
    return redirect(f"/api/v1/suggestions/{item_id}/actions/{action}", code=308)


@moved.route("/api/similar")
def old_similar():
    return redirect(url_for("api_v1.similar", **request.args), code=308)


def _caller_key() -> str:
    """Counted per token, else per signed-in person, else per address."""
    token = g.get("api_token")
    if token is not None:
        return f"token:{token.id}"
    from flask_login import current_user

    return f"user:{current_user.id}" if current_user.is_authenticated else request.remote_addr or ""


def install(app: Flask) -> None:
    for key, value in SPEC.items():
        app.config.setdefault(key, value)
    api = TrackerApi(app, spec_kwargs={"components": {"securitySchemes": SECURITY_SCHEMES}})
    csrf.exempt(blp)  # a browser's unsafe call is checked in blp.before_request, a token's is not
    limiter.limit(limit_value, key_func=_caller_key)(blp)
    api.register_blueprint(blp)
    app.register_blueprint(docs)
    app.register_blueprint(moved)
    login_manager.request_loader(bearer_user)
    app.extensions["tracker_api"] = api


