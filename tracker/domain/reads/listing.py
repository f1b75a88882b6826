"""The all-items list: filters, sorting and keyset pagination (no OFFSET), shared by page and export.

A page is `size` rows after a cursor, the cursor being the last row's sort key and id; the next
page starts strictly after it, so rows with equal sort values (ties) are neither repeated nor
skipped, and the cost of page 1,000 is the cost of page 1 (an index range scan).
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime
from typing import NamedTuple

from sqlalchemy import Select, and_, bindparam, exists, extract, false, literal, or_, select, tuple_
from sqlalchemy.orm import aliased, lazyload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from tracker.models import Assignment, Category, CongressSession, HandlingUnit, Suggestion, User
from tracker.models.suggestion import registration_label
from tracker.models.types import one_of
from tracker.workflow import Channel, State

PAGE_SIZE = 50
SORTS = {
    "-updated": (Suggestion.updated_at, True),
    "updated": (Suggestion.updated_at, False),
    "-created": (Suggestion.created_at, True),
    "created": (Suggestion.created_at, False),
}
DEFAULT_SORT = "-updated"


@dataclass(frozen=True)
class ItemFilters:
    """What the /items page and its export filter on; every field optional."""

    state: str | None = None
    channel: str | None = None
    session_id: int | None = None
    category_id: int | None = None
    unit_id: int | None = None
    deputy_id: int | None = None
    year: int | None = None
    sort: str = DEFAULT_SORT

    @classmethod
    def from_args(cls, args) -> ItemFilters:
        """Parse query-string arguments; unknown or malformed values are dropped, not errors."""
        def num(name):
            raw = (args.get(name) or "").strip()
            return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None
        state = args.get("state") or None
        channel = args.get("channel") or None
        sort = args.get("sort") or DEFAULT_SORT
        return cls(state=state if state in set(State) else None,
                   channel=channel if channel in set(Channel) else None,
                   session_id=num("session"), category_id=num("category"), unit_id=num("unit"),
                   deputy_id=num("deputy"), year=num("year"),
                   sort=sort if sort in SORTS else DEFAULT_SORT)

    def to_args(self) -> dict[str, str]:
        """The query-string form, without empty values (for links and the export job's record)."""
        names = {"session_id": "session", "category_id": "category", "unit_id": "unit",
                 "deputy_id": "deputy"}
        out = {names.get(k, k): str(v) for k, v in asdict(self).items() if v not in (None, "")}
        if out.get("sort") == DEFAULT_SORT:
            del out["sort"]
        return out

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self) if f.name != "sort")


def filtered(filters: ItemFilters, stmt: Select | None = None) -> Select:
    """SELECT Suggestion (or `stmt`, a SELECT from it) with the filters applied and no order: the
    base of page and export."""
    stmt = select(Suggestion) if stmt is None else stmt
    if filters.state:
        stmt = stmt.where(Suggestion.state == State(filters.state))
    if filters.channel:
        stmt = stmt.where(Suggestion.channel == Channel(filters.channel))
    if filters.session_id is not None:
        stmt = stmt.where(Suggestion.session_id == filters.session_id)
    if filters.category_id is not None:
        stmt = stmt.where(Suggestion.category_id == filters.category_id)
    if filters.deputy_id is not None:
        stmt = stmt.where(Suggestion.author_id == filters.deputy_id)
    if filters.unit_id is not None:
        stmt = stmt.where(exists().where(Assignment.suggestion_id == Suggestion.id,
                                         Assignment.unit_id == filters.unit_id))
    if filters.year is not None:
        stmt = stmt.where(extract("year", Suggestion.created_at) == filters.year)
    return stmt


def ordered(stmt: Select, sort: str) -> Select:
    column, desc = SORTS.get(sort, SORTS[DEFAULT_SORT])
    if desc:
        return stmt.order_by(column.desc(), Suggestion.id.desc())
    return stmt.order_by(column.asc(), Suggestion.id.asc())


def author_by_name():
    """The authors of listed rows, whose place and roles in the congress a list never shows: not
    loaded (each is per congress and would cost a statement per page; reading them still works)."""
    author = selectinload(Suggestion.author)
    return author.lazyload(User.memberships), author.lazyload(User.role_rows)


class ItemRow(NamedTuple):
    """One row of the all-items list as plain values: what the row shows, read in the page's one
    statement (no ORM object, no lazy loads; the page only shows it)."""

    id: int
    title: str
    registration_label: str | None  # as Suggestion's, so the row macros take either
    channel: Channel
    is_key: bool
    state: State
    author_name: str
    updated_at: datetime
    created_at: datetime


# A list row's columns, made once: the filters are added to it as WHERE clauses. The joined tables
# are aliases, so that no subquery of a filter on the same tables is correlated to them.
_AUTHOR, _SITTING = aliased(User), aliased(CongressSession)
ROWS = (select(Suggestion.id, Suggestion.title, Suggestion.reg_number, Suggestion.reg_sequence,
               Suggestion.channel, _SITTING.ordinal, Suggestion.is_key, Suggestion.state, _AUTHOR.name,
               Suggestion.updated_at, Suggestion.created_at)
        .join(_AUTHOR, _AUTHOR.id == Suggestion.author_id)
        .outerjoin(_SITTING, _SITTING.id == Suggestion.session_id))


_ROWS_BY_ID = ROWS.where(one_of(Suggestion.id))  # built once


def _item_row(r) -> ItemRow:
    ordinal = r[5] if r[4] is Channel.SESSION else None
    return ItemRow(r[0], r[1], registration_label(r[2], r[3], ordinal), r[4], r[6], r[7], r[8], r[9],
                   r[10])


def item_rows(session, ids) -> dict[int, ItemRow]:
    """The list rows of these items, by id, in one statement (a queue's page)."""
    if not ids:
        return {}
    return {r.id: r for r in map(_item_row, session.execute(_ROWS_BY_ID, {"ids": list(ids)}))}


@dataclass
class Page:
    items: list[ItemRow]
    next_cursor: str | None


def encode_cursor(value: datetime, item_id: int) -> str:
    raw = json.dumps([value.astimezone(UTC).isoformat(), item_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    """The (sort value, id) a cursor stands for; a damaged cursor is None (back to page one)."""
    if not cursor or len(cursor) > 200:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, item_id = json.loads(raw)
        return datetime.fromisoformat(value), int(item_id)
    except (ValueError, TypeError):
        return None


def encode_key(*values) -> str:
    """A cursor for any sort key: a tuple of dates, datetimes, ints or None (the last row's key)."""
    def tag(v):
        if v is None or isinstance(v, int):
            return v
        if isinstance(v, datetime):
            return {"t": v.astimezone(UTC).isoformat()}
        if isinstance(v, date):
            return {"d": v.isoformat()}
        raise TypeError(f"cannot put {type(v).__name__} in a cursor")
    raw = json.dumps([tag(v) for v in values]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_key(cursor: str | None, length: int) -> tuple | None:
    """The key `encode_key` wrote, if it has `length` parts; anything damaged is None (page one)."""
    if not cursor or len(cursor) > 300:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != length:
            return None
        out = []
        for v in raw:
            if isinstance(v, dict) and "t" in v:
                out.append(datetime.fromisoformat(v["t"]))
            elif isinstance(v, dict) and "d" in v:
                out.append(date.fromisoformat(v["d"]))
            elif v is None or (isinstance(v, int) and not isinstance(v, bool)):
                out.append(v)
            else:
                return None
        return tuple(out)
    except (ValueError, TypeError, AttributeError):
        return None


def after_key(keys: list, values: tuple):
    """Rows strictly after `values` in the order of `keys`, ascending with NULLs last.

    Written as the lexicographic OR-chain so it holds on SQLite and PostgreSQL alike and with
    NULLs (a NULL sorts after every value); each value is bound with its column's type, so the
    UTC datetime decorator applies. Pair with `ascending(keys)` as the ORDER BY.
    """
    return _after(keys, tuple(v is None for v in values), lambda i, key: literal(values[i], key.type))


def after_bound(keys: list, nulls: tuple[bool, ...]):
    """`after_key` for a statement built once and run many times: the cursor's values are the bind
    parameters `after_0`, `after_1`, … (give them with `after_values`); `nulls` says which parts
    of the cursor are NULL, which changes the statement's shape."""
    return _after(keys, nulls, lambda i, key: bindparam(f"after_{i}", type_=key.type))


def _after(keys: list, nulls: tuple[bool, ...], value):
    terms = []
    for i, (key, null_) in enumerate(zip(keys, nulls, strict=True)):
        if null_:
            continue  # nothing sorts after NULL in this column
        equal_before = [k.is_(None) if n else k == value(j, k)
                        for j, (k, n) in enumerate(zip(keys[:i], nulls[:i], strict=True))]
        terms.append(and_(*equal_before, or_(key > value(i, key), key.is_(None))))
    return or_(*terms) if terms else false()


def after_values(values: tuple) -> dict:
    """The bind parameters of `after_bound` for this cursor."""
    return {f"after_{i}": v for i, v in enumerate(values) if v is not None}


def ascending(keys: list) -> list:
    return [k.asc().nulls_last() for k in keys]


def page_by_page(fetch, prepare=None):
    """Every entry of a keyset-paged list, one page in memory at a time (an export): `fetch(after)`
    returns the page after that cursor, with `entries` and `next_cursor`; `prepare(entries)` runs on
    each page before its rows are given out (e.g. to preload columns)."""
    cursor = None
    while True:
        page = fetch(cursor)
        if prepare:
            prepare(page.entries)
        yield from page.entries
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def list_page(session, filters: ItemFilters, cursor: str | None = None,
              size: int = PAGE_SIZE, base: Select | None = None) -> Page:
    """One page of items after `cursor`, `size` rows, and the cursor of the next page if any.
    `base`, instead of the filters: a SELECT of ROWS' columns with its own conditions."""
    column, desc = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    stmt = filtered(filters, ROWS) if base is None else base
    after = decode_cursor(cursor)
    if after is not None:
        value, item_id = after
        if session.get_bind().dialect.name == "postgresql":
            key, bound = tuple_(column, Suggestion.id), tuple_(value, item_id)
            stmt = stmt.where(key < bound if desc else key > bound)
        else:  # SQLite compares row values too, but not through our UTC type decorator
            beyond = column < value if desc else column > value
            tie = Suggestion.id < item_id if desc else Suggestion.id > item_id
            stmt = stmt.where(or_(beyond, and_(column == value, tie)))
    rows = [_item_row(r) for r in session.execute(ordered(stmt, filters.sort).limit(size + 1))]
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if rows else None
    nxt = encode_cursor(getattr(last, column.key), last.id) if more and last else None
    return Page(rows, nxt)


def preload_list_columns(session, items) -> None:
    """Load the authors (with roles), sessions and categories of `items` in three statements.

    Each loaded object is set on its rows as the relationship's loaded value, so reading
    `.author`, `.session` or `.category` afterwards costs no statement, however many rows.
    """
    for model, key, name in ((User, "author_id", "author"), (CongressSession, "session_id", "session"),
                             (Category, "category_id", "category")):
        ids = {getattr(i, key) for i in items} - {None}
        stmt = select(model).where(model.id.in_(ids))
        if model is User:  # with roles, without the place in the congress (author_by_name)
            stmt = stmt.options(lazyload(User.memberships))
        found = {o.id: o for o in session.scalars(stmt)} if ids else {}
        for i in items:
            if name not in i.__dict__:
                set_committed_value(i, name, found.get(getattr(i, key)))


class Choice(NamedTuple):
    """One option of a filter: a reference row's id and names (plain values, kept between requests)."""

    id: int
    name: str
    name_en: str = ""


@dataclass(frozen=True)
class FilterChoices:
    sessions: list[Choice]
    categories: list[Choice]
    units: list[Choice]


def filter_choices(session) -> FilterChoices:
    """The options of the list's filter form: three small reference tables, as plain values (a page
    may keep them while the data's generation lasts, tracker.web.page_cache.reference)."""
    return FilterChoices(
        sessions=[Choice(*r) for r in session.execute(
            select(CongressSession.id, CongressSession.name).order_by(CongressSession.opens_on.desc()))],
        categories=[Choice(*r) for r in session.execute(
            select(Category.id, Category.name, Category.name_en).order_by(Category.id))],
        units=[Choice(*r) for r in session.execute(
            select(HandlingUnit.id, HandlingUnit.name).order_by(HandlingUnit.id))])
