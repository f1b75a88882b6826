"""Language choice: zh-CN first, English on request (a ?lang= switch kept in the session)."""

import enum
import functools
from collections.abc import Callable, Mapping
from datetime import datetime

from flask import current_app, has_request_context, request, session, url_for
from flask.globals import _cv_request
from flask_login import current_user

from tracker.domain.authoring.drafts import ORIGINAL_LANGUAGES
from tracker.domain.deadlines.calendar import CHINA
from tracker.translations import gettext as qualified
from tracker.translations import qualified_gettext, translate_label
from tracker.translations.extract import CHOICE_CONTEXT, FIELD_CONTEXT
from tracker.workflow import FIELDS, Field


def select_locale() -> str | None:
    if not has_request_context():  # a worker or shell without force_locale: the default locale
        return None
    wanted = request.args.get("lang")
    if wanted in current_app.config["LANGUAGES"]:
        session["lang"] = wanted
    if session.get("lang") in current_app.config["LANGUAGES"]:
        return session["lang"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale:
        return current_user.locale
    return "zh"


def once(name: str, make: Callable):
    """`make()` looked up once per request: Flask-Babel walks several context proxies (and turns
    the locale into a string) on every call, hundreds of times for a list page of 50 rows."""
    # The request context straight from Flask's context variable: `has_request_context()` and the
    # `request` proxy cost more than the look-up itself, and a list page asks hundreds of times.
    context = _cv_request.get(None)
    if context is None:
        return make()
    memo = context.request.__dict__  # the request object itself: `g` may outlive one request in tests
    value = memo.get(name)
    if value is None:
        value = memo[name] = make()
    return value


def locale():
    from flask_babel import get_locale

    return once("_tracker_locale", get_locale)


def lang() -> str:
    return once("_tracker_lang", lambda: str(locale() or "zh")[:2])


def translations():
    from flask_babel import get_translations

    return once("_tracker_translations", get_translations)


def gettext(string: str, **variables) -> str:
    """Flask-Babel's `gettext`, through this request's catalogue looked up once."""
    text = qualified(translations(), string)
    return text % variables if variables else text


def lazy_gettext(string: str, **variables):
    """Flask-Babel's `lazy_gettext` for labels defined at import time, read through `gettext`."""
    from flask_babel.speaklater import LazyString

    return LazyString(gettext, string, **variables)


def install_gettext(app) -> None:
    """Templates' `_()` and `ngettext()` through this request's catalogue, looked up once.

    Same results as Flask-Babel's own callables (installed by `babel.init_app`), which look the
    catalogue up again for every string."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: qualified(translations(), s),  # a "kind|" msgid shows without its kind
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n))


def tr(member: enum.Enum | str | None, kind: type[enum.Enum] | Mapping | None = None) -> str:
    """The one label lookup: a state, action, role, owner or deadline kind (its English label, a
    msgid, translated), or a value of a small status `kind` given as {value: lazy label}."""
    if member is None:
        return ""
    if isinstance(kind, Mapping):  # {value: msgid} of the domain, or {value: lazy label} of the web
        found = kind.get(member)
        if found is None:
            return str(member or "")
        return gettext(found) if isinstance(found, str) else str(found)
    if kind is not None and not isinstance(member, enum.Enum):
        try:
            member = kind(member)
        except ValueError:
            return str(member)
    if not isinstance(member, enum.Enum):
        return str(member)
    return _label(type(member), member, lang())


@functools.cache  # the catalogue never changes while the process lives; a list page asks hundreds of times
def _label(kind: type, member: enum.Enum, code: str) -> str:
    # Cached by type: Owner.DEPUTY equals Role.DEPUTY as a string and hashes alike, but the owner's
    # label (代表) is not the role's (人大代表); their msgids are "owner|Deputy" and "role|Deputy".
    return translate_label(member, translations())


def field_label(name: str) -> str:
    """The label of an action's input field (tracker.workflow.FIELDS)."""
    return qualified_gettext(translations(), FIELD_CONTEXT, FIELDS[Field(name)].label)


def choice_label(field: Field | str, value) -> str:
    """The label of a CHOICE field's value (contact way, reply category, grades …)."""
    for choice in FIELDS[Field(field)].options:
        if choice[0] == value:
            return qualified_gettext(translations(), CHOICE_CONTEXT, choice[-1])
    return str(value or "")


def switch_url(code: str) -> str:
    """The current page in another language; keeps the query string (filters) as it is."""
    # The path's own parts win over a query parameter of the same name (?key=… on /admin/rules/<key>).
    args = {**request.args, **(request.view_args or {}), "lang": code}
    if request.endpoint and request.method == "GET":
        return url_for(request.endpoint, **args)
    return url_for("items.home", lang=code)


def local_date(value) -> str:
    """A date (or the China-time day of a UTC moment) as the locale writes it: 2026年11月26日 /
    Nov 26, 2026."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(CHINA)
    return _formatted(lang(), value, 1)


def local_time(moment) -> str:
    """A UTC moment in China time, to the minute, in the locale's own date-time order."""
    if not moment:
        return ""
    return _formatted(lang(), moment.astimezone(CHINA), 2)


@functools.lru_cache(maxsize=8192)  # a list shows the same dates and moments on every request
def _formatted(code: str, value, which: int) -> str:
    """`value` written with pattern `which` of `_patterns(code)` (1: the day, 2: to the minute)."""
    patterns = _patterns(code)
    return patterns[which].apply(value, patterns[0])


@functools.cache
def _patterns(code: str):
    """The locale and its medium date and medium date + short time patterns, parsed once per
    process (babel parses and looks them up again on every call)."""
    from babel import Locale
    from babel.dates import get_date_format, get_datetime_format, get_time_format, parse_pattern

    where = Locale.parse(code)
    day = get_date_format("medium", locale=where).pattern
    glue = get_datetime_format("medium", locale=where)
    moment = glue.replace("{1}", day).replace("{0}", get_time_format("short", locale=where).pattern)
    return where, parse_pattern(day), parse_pattern(moment)


def number(value) -> str:
    from flask_babel import format_decimal

    return format_decimal(value) if value is not None else ""


def filesize(size: int) -> str:
    """Bytes as KB or MB with the locale's decimal sign (1 KB = 1024 bytes)."""
    from flask_babel import format_decimal

    if size < 1024 * 1024:
        return f"{format_decimal(max(1, round(size / 1024)))} KB"
    return f"{format_decimal(round(size / (1024 * 1024), 1))} MB"


def html_lang() -> str:
    """The page's lang attribute: choosing the language itself is the one place that names it."""
    return "zh-CN" if lang() == "zh" else "en"


def local_name(row) -> str:
    """A row's name in the page's language: its English name where it has one and the page is
    English (categories keep both; data, not catalogue text)."""
    english = getattr(row, "name_en", "") if lang() == "en" else ""
    return english or row.name


def problem_text(problem: dict) -> str:
    """An import problem, stored as its msgid and params ("label": a field's msgid), in the page's
    language."""
    params = {k: gettext(v) if k == "label" else v for k, v in problem.get("params", {}).items()}
    return gettext(problem["msgid"], **params) if "msgid" in problem else ""


def original_language(code: str | None) -> dict:
    """Name, HTML lang tag and direction of a suggestion's original-text language."""
    name, tag, direction = ORIGINAL_LANGUAGES.get(code or "", ("", "und", "auto"))
    return {"name": gettext(name) if name else "", "tag": tag, "dir": direction}


def register_formats(app) -> None:
    """Jinja filters that format dates and numbers per locale (templates never call isoformat)."""
    app.jinja_env.filters.update(local_date=local_date, local_time=local_time, number=number,
                                 filesize=filesize)
    app.jinja_env.globals.update(original_language=original_language, html_lang=html_lang,
                                 local_name=local_name, problem_text=problem_text)
