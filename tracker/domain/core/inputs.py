"""An action's input read strictly, each field by its Kind: what the effects store and the audit
records is the parsed value, never the raw input (an API's {"category": 1.5} is refused, not
stored as 1 and audited as 1.5)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from sqlalchemy import select

from tracker.domain.errors import InvalidData
from tracker.models import Category, Committee, HandlingUnit, Membership, Promise, Suggestion
from tracker.workflow.fields import CHECKLIST, FIELDS, Field, FieldSpec, Kind
from tracker.workflow.i18n import N_

MAX_TEXT = 2000  # a line: names, people present, a reason not to publish
MAX_LONG_TEXT = 20000  # a reply, a record of a talk: the effects' own limit
MAX_REASON = 20000
MAX_LIST = 100  # units, report dates: more is a slip of the hand or an attack
EMPTY = (None, "", [], {})


def bad(name: str, msgid: str = N_("Invalid value: %(name)s")) -> InvalidData:
    return InvalidData(msgid, name=name, field=name)


def _text(limit: int) -> Callable:
    def parse(value, name: str, spec: FieldSpec, ctx) -> str:
        if not isinstance(value, str):
            raise bad(name, N_("Must be text: %(name)s"))
        value = value.strip()
        if len(value) > limit:
            raise bad(name, N_("Too long: %(name)s"))
        return value
    return parse


def _day(value, name: str) -> str:
    if isinstance(value, date) and type(value) is date:  # a datetime is not a day
        return value.isoformat()
    if not isinstance(value, str):
        raise bad(name, N_("Not a date (YYYY-MM-DD): %(name)s"))
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise bad(name, N_("Not a date (YYYY-MM-DD): %(name)s")) from None


def _number(value, name: str) -> int:
    """An id: an int or its decimal digits; a bool, a float ("1.5" or 1.0) or anything else is refused."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        number = int(value.strip())
    else:
        raise bad(name, N_("Invalid choice: %(name)s"))
    if number <= 0:
        raise bad(name, N_("Invalid choice: %(name)s"))
    return number


def _many(value, name: str) -> list:
    """A list, or the page's comma-separated text of one."""
    if isinstance(value, str):
        value = [v.strip() for v in value.replace("，", ",").split(",") if v.strip()]
    if not isinstance(value, list) or len(value) > MAX_LIST:
        raise bad(name)
    return value


# Which rows an id of each kind names; read under the tenancy criterion, so only this congress's
# (a deputy by their membership here). The effects judge the rest (active, a deputy's role, …).
IDS_OF = {Kind.CATEGORY: Category.id, Kind.UNIT: HandlingUnit.id, Kind.UNITS: HandlingUnit.id,
          Kind.COMMITTEE: Committee.id, Kind.SUGGESTION: Suggestion.id,
          Kind.DEPUTY: Membership.user_id, Kind.PROMISE: Promise.id}


def _exist(ids: list[int], name: str, spec: FieldSpec, ctx) -> None:
    column = IDS_OF[spec.kind]
    stmt = select(column).where(column.in_(ids))
    if spec.kind is Kind.PROMISE:
        stmt = stmt.where(Promise.suggestion_id == ctx.item.id)
    if len(set(ctx.session.scalars(stmt))) != len(set(ids)):
        raise bad(name, N_("Invalid choice: %(name)s"))


def _one_id(value, name: str, spec: FieldSpec, ctx) -> int:
    number = _number(value, name)
    _exist([number], name, spec, ctx)
    return number


def _id_list(value, name: str, spec: FieldSpec, ctx) -> list[int]:
    ids = list(dict.fromkeys(_number(v, name) for v in _many(value, name)))
    if ids:
        _exist(ids, name, spec, ctx)
    return ids


def _date(value, name: str, spec: FieldSpec, ctx) -> str:
    return _day(value, name)


def _dates(value, name: str, spec: FieldSpec, ctx) -> list[str]:
    return list(dict.fromkeys(_day(v, name) for v in _many(value, name)))


def _choice(value, name: str, spec: FieldSpec, ctx) -> str:
    if not isinstance(value, str) or value.strip() not in {str(v) for v, _ in spec.options}:
        raise bad(name, N_("Invalid option for %(name)s"))
    return value.strip()


def _checklist(value, name: str, spec: FieldSpec, ctx) -> dict:
    """{code: {"passed": bool, "note": str}} or {code: bool}, of the list's codes only."""
    if not isinstance(value, dict) or set(value) - {code for code, _ in CHECKLIST}:
        raise bad(name)
    out = {}
    for code, entry in value.items():
        if isinstance(entry, bool):
            entry = {"passed": entry}
        if not isinstance(entry, dict) or set(entry) - {"passed", "note"} \
                or not isinstance(entry.get("passed"), bool) \
                or not isinstance(entry.get("note", ""), str):
            raise bad(name)
        out[code] = {"passed": entry["passed"],
                     "note": _text(MAX_TEXT)(entry.get("note", ""), name, spec, ctx)}
    return out


PARSERS: dict[Kind, Callable] = {
    Kind.TEXT: _text(MAX_TEXT),
    Kind.LONG_TEXT: _text(MAX_LONG_TEXT),
    Kind.DATE: _date,
    Kind.DATES: _dates,
    Kind.DEPUTY: _one_id,
    Kind.CATEGORY: _one_id,
    Kind.UNIT: _one_id,
    Kind.UNITS: _id_list,
    Kind.COMMITTEE: _one_id,
    Kind.SUGGESTION: _one_id,
    Kind.CHOICE: _choice,
    Kind.CHECKLIST: _checklist,
    Kind.PROMISE: _one_id,
}


def parse_data(ctx, data, fields: Iterable[Field]) -> dict:
    """`data` read by the Kind of each of `fields` (the inputs the action's rows take); an
    unknown key, or a value of the wrong type, is InvalidData naming the field. Empty values are
    left out (the engine then asks for a required one)."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise bad("data", N_("The input must be an object of fields: %(name)s"))
    known = {f.value: f for f in fields}
    out = {}
    for name, value in data.items():
        if name not in known:
            raise InvalidData(N_("Unknown field: %(name)s"), name=str(name)[:60], field=str(name)[:60])
        if value in EMPTY:
            continue
        spec = FIELDS[known[name]]
        out[name] = PARSERS[spec.kind](value, name, spec, ctx)
    return out


def parse_reason(reason) -> str:
    if reason is None:
        return ""
    if not isinstance(reason, str):
        raise bad("reason", N_("Must be text: %(name)s"))
    if len(reason) > MAX_REASON:
        raise bad("reason", N_("Too long: %(name)s"))
    return reason.strip()


def parse_version(seen_version) -> int | None:
    """The page's lock_version: an int or its digits (a form's hidden field), or None."""
    if seen_version is None or seen_version == "":
        return None
    if isinstance(seen_version, int) and not isinstance(seen_version, bool):
        return seen_version
    if isinstance(seen_version, str) and seen_version.strip().isdigit() and seen_version.isascii():
        return int(seen_version.strip())
    raise bad("seen_version")
