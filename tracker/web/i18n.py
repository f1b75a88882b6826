"""Language choice: zh-CN first, English on request (a ?lang= switch kept in the session)."""

import enum

from flask import current_app, request, session, url_for
from flask_login import current_user

from tracker.workflow import DEADLINE_SPEC, OWNER_LABELS, DeadlineKind, Owner, label


def select_locale() -> str:
    wanted = request.args.get("lang")
    if wanted in current_app.config["LANGUAGES"]:
        session["lang"] = wanted
    if session.get("lang") in current_app.config["LANGUAGES"]:
        return session["lang"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale:
        return current_user.locale
    return "zh"


def lang() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "zh")[:2]


def tr(member: enum.Enum | str | None, kind: type[enum.Enum] | None = None) -> str:
    """The table's label of a state, action, role, owner or deadline kind in the page's language."""
    if member is None:
        return ""
    if kind is not None and not isinstance(member, enum.Enum):
        try:
            member = kind(member)
        except ValueError:
            return str(member)
    zh = lang() == "zh"
    # Look these up by type: Owner.DEPUTY equals Role.DEPUTY as a string, so label() would give
    # the role's name ("人大代表") where the owner's ("代表") is meant.
    if isinstance(member, Owner):
        return OWNER_LABELS[member][0 if zh else 1]
    if isinstance(member, DeadlineKind):
        spec = DEADLINE_SPEC[member]
        return spec.zh if zh else spec.en
    return label(member, lang())


def switch_url(code: str) -> str:
    """The current page in another language; keeps the query string (filters) as it is."""
    args = {**request.args, "lang": code}
    if request.endpoint and request.method == "GET":
        return url_for(request.endpoint, **(request.view_args or {}), **args)
    return url_for("items.home", lang=code)
