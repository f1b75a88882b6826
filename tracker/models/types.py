"""Column helpers shared by the models: checked enum columns, UTC timestamps, a page's ids as one
parameter."""

import enum
import json
from datetime import UTC, datetime

from sqlalchemy import ARRAY, Boolean, DateTime, Enum, Integer, String, TypeDecorator, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal


def checked_enum(enum_cls: type[enum.Enum], name: str) -> Enum:
    """An enum stored as its lowercase value, with a CHECK constraint in the database."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on PostgreSQL and SQLite alike (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given to a UTC column")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


class IdList(TypeDecorator):
    """A list of integer ids bound as one parameter: an array on PostgreSQL, JSON text on SQLite
    (one_of reads either)."""

    impl = String
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(ARRAY(Integer) if dialect.name == "postgresql" else String())

    def process_bind_param(self, value, dialect):
        ids = [int(v) for v in value]
        return ids if dialect.name == "postgresql" else json.dumps(ids)


class OneOf(ColumnElement):
    """`column` is one of the ids in the parameter `name` (one_of)."""

    inherit_cache = True
    type = Boolean()
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement),
                           ("ids", InternalTraversal.dp_clauseelement)]

    def __init__(self, column, name: str):
        self.column, self.ids = column, bindparam(name, type_=IdList())


def one_of(column, name: str = "ids") -> OneOf:
    """`column IN (:name...)` for a page's ids with the list bound as one parameter: an expanding IN
    renders, and psycopg parses again, one parameter per id at every execution (0.5 ms of Python for
    a page of 50), and a statement of more than 50 parameters is never in psycopg's cache."""
    return OneOf(column, name)


@compiles(OneOf, "postgresql")
def _one_of_postgresql(element, compiler, **kw):
    return f"{compiler.process(element.column, **kw)} = ANY ({compiler.process(element.ids, **kw)})"


@compiles(OneOf)
def _one_of_json(element, compiler, **kw):
    return (f"{compiler.process(element.column, **kw)} IN "
            f"(SELECT value FROM json_each({compiler.process(element.ids, **kw)}))")
