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


def local_date(value) -> str:
    """A date (or the China-time day of a UTC moment) as the locale writes it: 2026年11月26日 /
    Nov 26, 2026."""
    from flask_babel import format_date

    return format_date(value, "medium") if value else ""


def local_time(moment) -> str:
    """A UTC moment in China time, to the minute, in the locale's own date-time order."""
    from babel.dates import format_date, format_time, get_datetime_format
    from flask_babel import get_locale, get_timezone

    if not moment:
        return ""
    locale, there = get_locale(), moment.astimezone(get_timezone())
    glue = get_datetime_format("medium", locale=locale)
    return (glue.replace("{1}", format_date(there, "medium", locale=locale))
            .replace("{0}", format_time(there, "short", locale=locale)))


def number(value) -> str:
    from flask_babel import format_decimal

    return format_decimal(value) if value is not None else ""


def filesize(size: int) -> str:
    """Bytes as KB or MB with the locale's decimal sign (1 KB = 1024 bytes)."""
    from flask_babel import format_decimal

    if size < 1024 * 1024:
        return f"{format_decimal(max(1, round(size / 1024)))} KB"
    return f"{format_decimal(round(size / (1024 * 1024), 1))} MB"


def original_language(code: str | None) -> dict:
    """Name, HTML lang tag and direction of a suggestion's original-text language."""
    from tracker.domain.drafts import ORIGINAL_LANGUAGES

    zh, en, tag, direction = ORIGINAL_LANGUAGES.get(code or "", ("", "", "und", "auto"))
    return {"name": zh if lang() == "zh" else en, "tag": tag, "dir": direction}


def register_formats(app) -> None:
    """Jinja filters that format dates and numbers per locale (templates never call isoformat)."""
    app.jinja_env.filters.update(local_date=local_date, local_time=local_time, number=number,
                                 filesize=filesize)
    app.jinja_env.globals["original_language"] = original_language
