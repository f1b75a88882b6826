"""The registry of action effects, and input parsing shared by them.

An effect validates the action's input first and only then changes the parts the action touches;
the engine does the rest (state, deadlines, audit, notifications).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from tracker.domain.core.context import Context
from tracker.domain.errors import InvalidData
from tracker.workflow import Action
from tracker.workflow.i18n import N_

EFFECTS: dict[Action, Callable[[Context], None]] = {}


def effect(*actions: Action):
    """Mark a function as the effect of `actions`; `install` puts it in EFFECTS."""
    def mark(fn):
        fn.effect_of = actions
        return fn
    return mark


def install(*modules) -> None:
    """Register the marked effects defined in `modules` (tracker.domain.install names them)."""
    for module in modules:
        for fn in vars(module).values():
            if getattr(fn, "__module__", None) == module.__name__:
                for action in getattr(fn, "effect_of", ()):
                    EFFECTS[action] = fn


def text(ctx: Context, name: str, *, required: bool = True, max_len: int = 20000) -> str:
    value = ctx.data.get(name)
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise InvalidData(N_("Required: %(name)s"), name=name, field=name)
    if len(value) > max_len:
        raise InvalidData(N_("Too long: %(name)s"), name=name, field=name)
    return value


def as_date(ctx: Context, name: str, *, required: bool = True) -> date | None:
    value = ctx.data.get(name)
    if value in (None, ""):
        if required:
            raise InvalidData(N_("Date required: %(name)s"), name=name, field=name)
        return None
    return parse_date(value, name)


def parse_date(value, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidData(N_("Not a date (YYYY-MM-DD): %(name)s"), name=name, field=name) from None


def as_id(ctx: Context, name: str, *, required: bool = True) -> int | None:
    value = ctx.data.get(name)
    if value in (None, ""):
        if required:
            raise InvalidData(N_("Choose: %(name)s"), name=name, field=name)
        return None
    value = getattr(value, "id", value)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidData(N_("Invalid choice: %(name)s"), name=name, field=name) from None


def as_ids(ctx: Context, name: str) -> list[int]:
    value = ctx.data.get(name) or []
    if isinstance(value, str):
        value = [v for v in value.replace("，", ",").split(",") if v.strip()]
    try:
        ids = [int(getattr(v, "id", v)) for v in value]
    except (TypeError, ValueError):
        raise InvalidData(N_("Invalid choice: %(name)s"), name=name, field=name) from None
    return list(dict.fromkeys(ids))


def one_of(ctx: Context, name: str, allowed: tuple[str, ...]) -> str:
    value = text(ctx, name)
    if value not in allowed:
        raise InvalidData(N_("Invalid option for %(name)s"), name=name, field=name)
    return value
