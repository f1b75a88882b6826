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
        raise InvalidData(f"请填写：{name}", f"Required: {name}", field=name)
    if len(value) > max_len:
        raise InvalidData(f"内容过长：{name}", f"Too long: {name}", field=name)
    return value


def as_date(ctx: Context, name: str, *, required: bool = True) -> date | None:
    value = ctx.data.get(name)
    if value in (None, ""):
        if required:
            raise InvalidData(f"请填写日期：{name}", f"Date required: {name}", field=name)
        return None
    return parse_date(value, name)


def parse_date(value, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidData(f"日期格式不正确（应为 YYYY-MM-DD）：{name}",
                          f"Not a date (YYYY-MM-DD): {name}", field=name) from None


def as_id(ctx: Context, name: str, *, required: bool = True) -> int | None:
    value = ctx.data.get(name)
    if value in (None, ""):
        if required:
            raise InvalidData(f"请选择：{name}", f"Choose: {name}", field=name)
        return None
    value = getattr(value, "id", value)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidData(f"选择无效：{name}", f"Invalid choice: {name}", field=name) from None


def as_ids(ctx: Context, name: str) -> list[int]:
    value = ctx.data.get(name) or []
    if isinstance(value, str):
        value = [v for v in value.replace("，", ",").split(",") if v.strip()]
    try:
        ids = [int(getattr(v, "id", v)) for v in value]
    except (TypeError, ValueError):
        raise InvalidData(f"选择无效：{name}", f"Invalid choice: {name}", field=name) from None
    return list(dict.fromkeys(ids))


def one_of(ctx: Context, name: str, allowed: tuple[str, ...]) -> str:
    value = text(ctx, name)
    if value not in allowed:
        raise InvalidData(f"选项无效：{name}", f"Invalid option for {name}", field=name)
    return value
