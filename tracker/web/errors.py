"""Error pages and JSON errors: bad input gets a clear 4xx with a reason, never a 500."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from tracker.domain.errors import DomainError
from tracker.extensions import db


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
        return respond(err.http_status, err.code, err.message())  # in the request's locale

    @app.errorhandler(CSRFError)
    def csrf_error(err: CSRFError):
        return respond(400, "csrf", _("The form's security token is missing or has expired. "
                                      "Reload the page and send it again."))

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(err: RequestEntityTooLarge):
        # The whole send is refused before any form is read: say the limits, and that Back
        # returns to the form with the text (the browser keeps it; uploads.js checks first).
        if wants_json():
            return respond(413, "too_large", _messages()[413])
        config = current_app.config
        return render_template("too_large.html", max_request=config["MAX_CONTENT_LENGTH"],
                               max_file=config["ATTACHMENT_MAX_BYTES"],
                               max_files=config["ATTACHMENT_MAX_FILES"]), 413

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
