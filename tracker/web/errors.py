"""The request lifecycle's one ending: commit once, or roll back and answer a refusal.

Every action view is load (404) -> check (403) -> parse -> `perform(one domain call)` -> respond.
`perform` commits; a DomainError raised anywhere in the request is rolled back here, in one place,
and becomes the action's page drawn again (typed input kept, the message on its field or at the
top, the error's HTTP status), a JSON error for /api/, or the error page. Bad input gets a clear
4xx with a reason, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import (
    Flask,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from tracker.domain.errors import DomainError
from tracker.extensions import db
from tracker.web.i18n import lang
from tracker.web.problems import from_domain, invalid_inputs, problem, translated
from tracker.workflow.i18n import N_

HTTP_MESSAGES = {
    400: N_("The request could not be understood."),
    401: N_("Please sign in first."),
    403: N_("You do not have access to this page."),
    404: N_("The page or item does not exist."),
    405: N_("This address does not accept that kind of request."),
    409: N_("This cannot be done now."),
    413: N_("The upload is too large."),
    412: N_("The suggestion has changed since you read it (If-Match); read it again first."),
    415: N_("Send the body as JSON (Content-Type: application/json)."),
    422: N_("Some of what was sent cannot be taken; see the fields named."),
    429: N_("Too many requests; wait a moment and try again."),
    500: N_("Something went wrong on our side; nothing was saved. Please try again."),
}


def _messages() -> dict[int, str]:
    return {status: _(msgid) for status, msgid in HTTP_MESSAGES.items()}


RETRY_AFTER_SECONDS = 5
UNAVAILABLE = N_("The database cannot be reached for a moment; nothing was saved. Please try again in "
                 "a few seconds.")


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def respond(status: int, code: str, message: str, *, msgid: str | None = None, headers=None, **params):
    """The error page, or for /api/ a problem+json (both languages when the `msgid` is given)."""
    if wants_json():
        zh, en = translated(msgid, **params) if msgid else (message, message)
        return problem(status, code, zh, en, headers=headers)
    return render_template("error.html", status=status, message=message), status


def respond_status(status: int, code: str):
    """`respond` with the status's own message (HTTP_MESSAGES), e.g. the API's 401 for a guest."""
    return respond(status, code, _messages()[status], msgid=HTTP_MESSAGES[status])


@dataclass
class Refusal:
    """How the action's page answers a refusal: drawn again by `page(message)`, the message put on
    the form's field the error names (`names` maps the domain's field name to the form's)."""

    page: Callable[[str], object]
    form: object = None
    names: dict[str, str] = field(default_factory=dict)
    item: object = None  # a versioned row: the next send is judged on it as it is now


def on_refusal(page: Callable[[str], object], *, form=None, names: dict | None = None,
               item=None) -> None:
    """How a refusal from here on in this request is answered (perform() sets it for its call)."""
    g.refusal = Refusal(page, form, names or {}, item)


def back_to(url: str) -> Callable[[str], Response]:
    """A refusal answered by going back to `url` with the message shown there (a form on another
    page, e.g. the report page's publishing card)."""
    def answer(*messages: str) -> Response:
        for message in messages:
            flash(message, "danger")
        return redirect(url)
    return answer


def perform(call: Callable[[], object], *, page: Callable[[str], object] | None = None, form=None,
            names: dict[str, str] | None = None, item=None, lost_race: Callable[[], object] | None = None):
    """The action's one domain call, committed once. A DomainError it raises is answered by the
    handler below: `page` drawn again with `form`'s input, or JSON for the API. `lost_race`
    answers a send that lost a race to a unique key (the same page sent twice at once) with what
    the winner saved; None from it, or no `lost_race`, and the conflict stays an error."""
    if page is not None:
        on_refusal(page, form=form, names=names, item=item)
    try:
        result = call()
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        result = lost_race() if lost_race is not None else None
        if result is None:
            raise
    g.pop("refusal", None)
    return result


def place(refusal: Refusal, err: DomainError) -> str:
    """Put the message on the field it is about; returns the message for the page's top."""
    form, message = refusal.form, err.message()
    if form is None:
        return message
    if hasattr(form, "place_error"):  # a form that names its fields its own way (the action form)
        return form.place_error(err, message)
    name = refusal.names.get(err.field, err.field)  # names[None]: where a field-less message goes
    target = form._fields.get(name) if name else None
    if target is not None:
        target.errors = [*target.errors, message]
    return message


def refused(err: DomainError):
    """The one answer to a domain refusal: nothing of the request is kept."""
    db.session.rollback()
    if request.path.startswith("/api/"):
        return from_domain(err)
    refusal = g.pop("refusal", None)
    if refusal is None:
        return respond(err.http_status, err.code, err.message())
    message = place(refusal, err)
    form, item = refusal.form, refusal.item
    if item is not None and form is not None and hasattr(form, "lock_version"):
        form.lock_version.data = str(item.lock_version)  # the next send is judged on it as it is now
        if hasattr(form, "seen_state"):
            form.seen_state.data = item.state.value
    answer = refusal.page(message)
    return answer if isinstance(answer, Response) else (answer, err.http_status)


def register(app: Flask) -> None:
    @app.before_request
    def no_refusal_yet() -> None:
        # A request starts with no refusal page (g outlives a request where the app context does).
        g.pop("refusal", None)

    app.register_error_handler(DomainError, refused)
    # Runs before Flask-SQLAlchemy's own teardown (the later registered runs first).
    app.teardown_appcontext(end_session)

    @app.errorhandler(CSRFError)
    def csrf_error(err: CSRFError):
        msgid = N_("The form's security token is missing or has expired. Reload the page and send "
                   "it again.")
        return respond(400, "csrf", _(msgid), msgid=msgid)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(err: RequestEntityTooLarge):
        # The whole send is refused before any form is read: say the limits, and that Back
        # returns to the form with the text (the browser keeps it; uploads.js checks first).
        if wants_json():
            return respond_status(413, "too_large")
        config = current_app.config
        return render_template("too_large.html", max_request=config["MAX_CONTENT_LENGTH"],
                               max_file=config["ATTACHMENT_MAX_BYTES"],
                               max_files=config["ATTACHMENT_MAX_FILES"]), 413

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        status = err.code or 500
        message = _messages().get(status, err.description or "")
        code = (err.name or "error").lower().replace(" ", "_")
        invalid = (getattr(err, "data", None) or {}).get("messages")  # webargs: the API's inputs
        if invalid and wants_json():
            return invalid_inputs(invalid)
        return respond(status, code, message, msgid=HTTP_MESSAGES.get(status))

    @app.errorhandler(OperationalError)
    def database_unreachable(err: OperationalError):
        return unavailable(err)

    @app.errorhandler(Exception)
    def unexpected(err: Exception):
        if app.debug:  # let the developer's debugger show it
            raise err
        db.session.rollback()
        app.logger.exception("unhandled error")
        return respond_status(500, "internal_error")


def unavailable(err: OperationalError):
    """PostgreSQL restarting, unreachable or refusing for a moment: a 503 that says to retry, never
    a 500. The pool's pre-ping (tracker.config) reconnects on the next request once it is back."""
    try:
        db.session.rollback()
    except OperationalError:  # the connection is gone: the pool has already dropped it
        pass
    current_app.logger.warning("database unavailable: %s", (str(err.orig).strip().splitlines() or [""])[0])
    # Nothing more may ask the database: the user loader and the pages' context processors would.
    g._login_user = current_app.login_manager.anonymous_user()
    message = _(UNAVAILABLE)
    if wants_json():
        zh, en = translated(UNAVAILABLE)
        response = problem(503, "unavailable", zh, en)
    else:
        html = current_app.jinja_env.get_template("unavailable.html").render(
            message=message, retry_after=RETRY_AFTER_SECONDS, request=request, url_for=url_for,
            html_lang="zh-CN" if lang() == "zh" else "en")
        response = Response(html, mimetype="text/html")
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def end_session(_exc=None) -> None:
    """Close the request's session. A connection PostgreSQL cut after the response was drawn (a
    restart) cannot even roll back: it is dropped instead, so the answer already made stands."""
    try:
        db.session.remove()
    except OperationalError:
        db.session().invalidate()  # no ROLLBACK on a dead connection; the pool forgets it
        db.session.remove()


def page_of(template: str, **context) -> Callable[..., str]:
    """An action's page as a function of its message: drawn for the form, or again on a refusal."""
    return lambda error=None: render_template(template, error=error, **context)


def status_of(form) -> int:
    """A form sent with errors is a 400, so tests and scripts see the refusal."""
    return 400 if form.is_submitted() else 200
