"""RFC 9457 problem details: every refusal of the JSON API, with a stable code and zh/en messages.

The web layer's one error path (tracker.web.errors) calls `problem` for any request under /api/;
an API refusal names its code, says why in both languages, and for 422 names the field.
"""

from __future__ import annotations

from flask import jsonify, request

from tracker.domain.errors import DomainError
from tracker.translations import catalogue, render

MEDIA_TYPE = "application/problem+json"
# The pages answer a typed input they cannot take with the form drawn again (400); an API client
# needs 422 and the field. An unknown action is no operation at all: 404.
API_STATUS = {"invalid_data": 422, "reason_missing": 422, "unknown_action": 404}


def problem(status: int, code: str, zh: str, en: str, *, field: str | None = None,
            errors: dict | None = None, headers: dict | None = None):
    """The response: `detail` in the request's language, both languages under `message`."""
    detail = en if request.accept_languages.best_match(["zh", "en"], default="zh") == "en" else zh
    body = {"type": f"urn:tracker:problem:{code}", "title": en, "status": status, "code": code,
            "detail": detail, "message": {"zh": zh, "en": en}}
    if field:
        body["field"] = field
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.mimetype = MEDIA_TYPE
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_domain(err: DomainError):
    """A domain refusal as a problem: the engine's code and message, the API's status."""
    status = API_STATUS.get(err.code, err.http_status)
    return problem(status, err.code, err.zh, err.en, field=err.field)


def translated(msgid: str, **params) -> tuple[str, str]:
    """A msgid in Chinese and English, for problems that do not come from the domain."""
    return render(msgid, params, catalogue("zh")), render(msgid, params, catalogue("en"))


def invalid_inputs(messages: dict):
    """A body or query the operation's schema refused (webargs): 422, naming the first field."""
    flat = {name: problems for where in messages.values() for name, problems in
            (where.items() if isinstance(where, dict) else [("_", where)])}
    field = next(iter(flat), None)
    zh, en = translated("Some of what was sent cannot be taken; see the fields named.")
    return problem(422, "invalid_data", zh, en, field=None if field in (None, "_", "_schema") else field,
                   errors=flat)
