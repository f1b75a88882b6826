"""Typed, bounded URL parts and query parameters: no number a page reads can overflow the database.

PostgreSQL's `integer` holds ids up to 2**31 - 1; `/items/2147483648` or `?page=10**20` used to reach
the database and come back as a 500 (integer out of range). Every `<int:…>` of every route is an
`IdConverter` (an id beyond the range cannot exist: 404), and pages read numbers with `int_arg`
(not a whole number, or out of its range: 400).
"""

from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

DB_INT_MAX = 2**31 - 1  # PostgreSQL integer; SQLite's is wider, the pages keep to the smaller
MAX_PAGE = 100_000  # 2,000,000 rows at 20 a page: far past any list, far inside OFFSET's bigint


class IdConverter(IntegerConverter):
    """`<int:…>`: a non-negative integer the database's integer column can hold; else no match (404)."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        super().__init__(url_map, *args, **kwargs)
        self.max = DB_INT_MAX if self.max is None else min(self.max, DB_INT_MAX)


def register(app: Flask) -> None:
    """Before any blueprint: the routes' converters are bound as their rules are added."""
    app.url_map.converters["int"] = IdConverter


def to_id(value) -> int | None:
    """A form's or a path's id as an int, or None when it is not an ASCII whole number the database
    can hold (`"²".isdigit()` is true and int() refuses it; 2**31 overflows PostgreSQL's integer)."""
    text = str(value if value is not None else "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10 or int(text) > DB_INT_MAX:
        return None
    return int(text)


def to_ids(values) -> list[int]:
    """The ids among a multiple choice's values, in order; anything else left out."""
    return [n for n in map(to_id, values or []) if n is not None]


def int_arg(name: str, default: int | None = None, *, low: int = 1, high: int = DB_INT_MAX,
            invalid: int = 400) -> int | None:
    """The query parameter `name` as a whole number in [low, high]; `default` when absent or empty;
    else the `invalid` status (400, or 404 where the number names a thing: a version that cannot be)."""
    raw = request.args.get(name, "").strip()
    if raw == "":
        return default
    if not raw.isascii() or not raw.lstrip("-").isdigit() or len(raw) > 12 or not low <= int(raw) <= high:
        abort(invalid)
    return int(raw)


def page_arg() -> int:
    """`?page=`: 1 when absent, 400 beyond MAX_PAGE."""
    return int_arg("page", 1, high=MAX_PAGE)
