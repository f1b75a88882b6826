"""The catalogue for pure code: a language's translations, the current locale's, enum params as labels."""

from __future__ import annotations

import enum
import functools
import re
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from babel.support import NullTranslations, Translations

HERE = Path(__file__).resolve().parent
_forced: ContextVar[str | None] = ContextVar("tracker_forced_locale", default=None)


@functools.cache
def catalogue(lang: str) -> NullTranslations:
    """The compiled catalogue of a language; English is the source text, so it translates nothing."""
    if lang.startswith("en"):
        return NullTranslations()
    return Translations.load(str(HERE), [lang[:2]], "messages")


def current() -> NullTranslations:
    """The current Babel locale's translations: the request's, or a worker's `force_locale`; zh
    (the default locale) outside Flask."""
    from flask import has_app_context
    from flask_babel import get_translations

    if has_app_context():
        return get_translations()
    return catalogue(_forced.get() or "zh")


def english_label(member: enum.Enum) -> str:
    """The English label (the msgid) of a workflow enum member."""
    from tracker.workflow import label

    return label(member)


def label_context(member: enum.Enum) -> str | None:
    """The "kind|" of a workflow label's msgid: labels of different kinds may share an English text
    but not a Chinese one (the role and the owner "Deputy": 人大代表 / 代表)."""
    if not type(member).__module__.startswith("tracker.workflow"):
        return None
    from tracker import workflow

    return workflow.msgctxt(member)


QUALIFIED = re.compile(r"^[a-z_]+\|")


def gettext(translations: NullTranslations, msgid: str) -> str:
    """A msgid's translation. A short label whose English is shared by two things that Chinese
    tells apart is qualified, "kind|English" ("figure|Returned" 曾被退回, "Returned" 已退回): where
    nothing translates it (English), the "kind|" is dropped."""
    text = translations.ugettext(msgid)
    return QUALIFIED.sub("", text, count=1) if "|" in text else text  # the check first: list pages


def qualified_gettext(translations: NullTranslations, context: str, english: str) -> str:
    """The translation of the msgid "context|English"; English itself where none is found."""
    return gettext(translations, f"{context}|{english}")


def translate_label(member: enum.Enum, translations: NullTranslations) -> str:
    context = label_context(member)
    if context is None:
        return str(member.value)
    return qualified_gettext(translations, context, english_label(member))


class Label:
    """A param shown by its label: a workflow enum member, or a msgid (a label outside the workflow).

    `lower=True` lowercases the first letter where the label stays English, for a label inside an
    English sentence ("“Title”: sign for due by …"); a translated label is left as it is."""

    __slots__ = ("what", "lower")

    def __init__(self, what, *, lower: bool = False):
        self.what, self.lower = what, lower

    def text(self, translations: NullTranslations) -> str:
        if isinstance(self.what, enum.Enum):
            text, english = translate_label(self.what, translations), _english_or_value(self.what)
        else:
            text, english = gettext(translations, self.what), QUALIFIED.sub("", self.what, count=1)
        if self.lower and text == english:
            text = text[:1].lower() + text[1:]
        return text


def _english_or_value(member: enum.Enum) -> str:
    return english_label(member) if label_context(member) else str(member.value)


class Message:
    """A msgid and its params, rendered when shown: in the current Babel locale, or in `lang`."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, **params):
        self.msgid, self.params = msgid, params

    def render(self, lang: str | None = None) -> str:
        return render(self.msgid, self.params, catalogue(lang) if lang else current())

    def __str__(self) -> str:
        return self.render()


def _param(value, translations: NullTranslations):
    if isinstance(value, Label):
        return value.text(translations)
    if isinstance(value, Message):
        return render(value.msgid, value.params, translations)
    if isinstance(value, enum.Enum) and label_context(value):
        return translate_label(value, translations)
    return value


@contextmanager
def in_locale(lang: str | None):
    """Render in a recipient's language: Flask-Babel's `force_locale` inside the app (workers),
    the language's catalogue for `current()` outside it."""
    lang = "en" if (lang or "").startswith("en") else "zh"
    from flask import has_app_context

    if has_app_context():
        from flask_babel import force_locale

        with force_locale(lang):
            yield
        return
    token = _forced.set(lang)
    try:
        yield
    finally:
        _forced.reset(token)


def label_text(member: enum.Enum, lang: str | None = None) -> str:
    """A workflow member's label in the current locale, or in `lang` (an export a worker writes)."""
    return translate_label(member, catalogue(lang) if lang else current())


def render(msgid: str, params: dict, translations: NullTranslations) -> str:
    """A msgid translated, its params filled in; workflow enums and `Label`s are shown translated."""
    text = gettext(translations, msgid)
    if not params:
        return text
    return text % {k: _param(v, translations) for k, v in params.items()}
