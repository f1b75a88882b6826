"""Error pages and JSON errors: bad input gets a clear 4xx with a reason, never a 500."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from tracker.domain.errors import DomainError
from tracker.extensions import db
from tracker.web.i18n import lang


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood."),
        401: _("Please sign in first."),
        403: _("You do not have access to this page."),
        404: _("The page or item does not exist."),
        405: _("This address does not accept that kind of request."),
        409: _("This cannot be done now."),
        413: _("The upload is too large."),
        500: _("Something went wrong on our side; nothing was saved. Please try again."),
    }


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def respond(status: int, code: str, message: str):
    if wants_json():
        return jsonify(error=code, message=message), status
    return render_template("error.html", status=status, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(err: DomainError):
        # A refusal the view did not catch itself: nothing of the request may be kept.
        db.session.rollback()
        return respond(err.http_status, err.code, err.message(lang()))

    @app.errorhandler(CSRFError)
    def csrf_error(err: CSRFError):
        return respond(400, "csrf", _("The form's security token is missing or has expired. "
                                      "Reload the page and send it again."))

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        status = err.code or 500
        message = _messages().get(status, err.description or "")
        return respond(status, (err.name or "error").lower().replace(" ", "_"), message)

    @app.errorhandler(Exception)
    def unexpected(err: Exception):
        if app.debug:  # let the developer's debugger show it
            raise err
        db.session.rollback()
        app.logger.exception("unhandled error")
        return respond(500, "internal_error", _messages()[500])
