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


def int_arg(name: str, default: int | None = None, *, low: int = 1, high: int = DB_INT_MAX) -> int | None:
    """The query parameter `name` as a whole number in [low, high]; `default` when absent or empty."""
    raw = request.args.get(name, "").strip()
    if raw == "":
        return default
    if not raw.isascii() or not raw.lstrip("-").isdigit() or len(raw) > 12:
        abort(400)
    value = int(raw)
    if not low <= value <= high:
        abort(400)
    return value


def page_arg() -> int:
    """`?page=`: 1 when absent, 400 beyond MAX_PAGE."""
    return int_arg("page", 1, high=MAX_PAGE)
