"""The catalogue for pure code: a language's translations, the current locale's, enum params as labels."""

from __future__ import annotations

import enum
import functools
from pathlib import Path

from babel.support import NullTranslations, Translations

HERE = Path(__file__).resolve().parent


@functools.cache
def catalogue(lang: str) -> NullTranslations:
    """The compiled catalogue of a language; English is the source text, so it translates nothing."""
    if lang.startswith("en"):
        return NullTranslations()
    return Translations.load(str(HERE), [lang[:2]], "messages")


def current() -> NullTranslations:
    """The current Babel locale's translations: the request's, or a worker's `force_locale`; zh
    (the default locale) outside Flask."""
    try:
        from flask import has_app_context
        from flask_babel import get_translations
    except ImportError:  # pragma: no cover - Flask is always installed with the app
        return catalogue("zh")
    return get_translations() if has_app_context() else catalogue("zh")


def english_label(member: enum.Enum) -> str:
    """The English label (the msgid) of a workflow enum member."""
    from tracker.workflow import label

    try:
        return label(member, "en")  # the table that keeps both languages: label(member, lang)
    except TypeError:
        return label(member)  # the table of English msgids: label(member)


LABEL_CONTEXTS = {"State": "state", "Action": "action", "Role": "role", "Owner": "owner",
                  "DeadlineKind": "deadline"}


def label_context(member: enum.Enum) -> str | None:
    """The "kind|" of a workflow label's msgid: labels of different kinds may share an English text but not
    a Chinese one (the role and the owner "Deputy": 人大代表 / 代表)."""
    if type(member).__module__.startswith("tracker.workflow"):
        return LABEL_CONTEXTS.get(type(member).__name__)
    return None


def qualified_gettext(translations: NullTranslations, context: str, english: str) -> str:
    """The translation of the msgid "context|English"; English itself where none is found."""
    text = translations.ugettext(f"{context}|{english}")
    return english if text.startswith(f"{context}|") else text


def translate_label(member: enum.Enum, translations: NullTranslations) -> str:
    context = label_context(member)
    if context is None:
        return str(member.value)
    return qualified_gettext(translations, context, english_label(member))


class Label(str):
    """A param that is itself a msgid (a label outside the workflow's enums), translated when shown."""


def _param(value, translations: NullTranslations):
    if isinstance(value, Label):
        return translations.ugettext(value)
    if isinstance(value, enum.Enum) and label_context(value):
        return translate_label(value, translations)
    return value


def render(msgid: str, params: dict, translations: NullTranslations) -> str:
    """A msgid translated, its params filled in; workflow enums and `Label`s are shown translated."""
    text = translations.ugettext(msgid)
    if not params:
        return text
    return text % {k: _param(v, translations) for k, v in params.items()}
