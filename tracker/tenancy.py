"""Congresses on one deployment: the congress a request or job works for, and the one criterion
that keeps every congress-owned row out of every other congress's queries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from weakref import WeakKeyDictionary

from sqlalchemy import ForeignKey, Index, bindparam, event, null, or_, text
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, with_loader_criteria
from sqlalchemy.orm.exc import ObjectDeletedError

_current: ContextVar[int | None] = ContextVar("congress_id", default=None)
_everywhere: ContextVar[bool] = ContextVar("all_congresses", default=False)

ALL_CONGRESSES = "all_congresses"  # the execution option of a platform-wide read
PLATFORM = null()  # congress_id of a SharedWithPlatform row that is the platform's own


class NoCongressInScope(RuntimeError):
    """Congress-owned rows were read or written with no congress chosen: a bug, never a default."""


def congress_in_scope() -> int | None:
    return _current.get()


def current_congress_id() -> int:
    congress_id = _current.get()
    if congress_id is None:
        raise NoCongressInScope("no congress in scope: use tenancy.scope() or the request's congress")
    return congress_id


class CongressOwned:
    """A row that belongs to one congress: filled from the scope on insert, filtered on every read."""

    @declared_attr
    def congress_id(cls) -> Mapped[int]:  # noqa: N805  (declared_attr passes the class)
        return mapped_column(ForeignKey("congress.id"), index=True, default=current_congress_id)


class SharedWithPlatform:
    """A row either of the whole platform (congress_id NULL: the national calendar, the statutory
    rule) or of one congress (its own override); a congress sees both, never another's.

    A platform row is written with congress_id=PLATFORM: a plain None would let the insert
    default fill in the congress in scope (the ORM leaves None out of an INSERT).
    """

    @declared_attr
    def congress_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(ForeignKey("congress.id"), index=True, default=congress_in_scope)


def one_per_scope(name: str, *columns: str, nullable: tuple[str, ...] = ()) -> Index:
    """A unique key per congress over `columns`, the platform's rows (congress_id NULL) included.

    A plain unique key lets NULLs repeat (SQLite; PostgreSQL before 15's NULLS NOT DISTINCT), so
    the key is on coalesce(): the platform counts as congress 0, an empty text column (`nullable`)
    as ''. One expression index, the same on both databases.
    """
    keys = [text(f"coalesce({c}, '')") if c in nullable else c for c in columns]
    return Index(name, text("coalesce(congress_id, 0)"), *keys, unique=True)


def _owned(mapper) -> bool:
    return issubclass(mapper.class_, (CongressOwned, SharedWithPlatform))


def _only_this_congress(state) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if _everywhere.get() or state.execution_options.get(ALL_CONGRESSES):
        _lazy_load_everywhere(state)
        return
    congress_id = _current.get()
    if congress_id is None:
        if any(_owned(m) for m in state.all_mappers):
            raise NoCongressInScope(f"no congress in scope for {state.statement}")
        return
    params = state.parameters
    if state.is_select and (params is None or isinstance(params, dict)):
        state.statement = _scoped(state.statement)
        state.parameters = {**params, _PARAMETER: congress_id} if params else {_PARAMETER: congress_id}
    else:  # an UPDATE's or DELETE's parameters may be its SET values: the value goes in the SQL
        state.statement = state.statement.options(*_criteria(congress_id))


def _lazy_load_everywhere(state) -> None:
    """A lazy load, with every congress open, of an object read earlier under a congress carries
    that read's criterion (propagate_to_loaders, below), which names the parameter: it is given the
    congress still chosen (everywhere() keeps it)."""
    congress_id, params = _current.get(), state.parameters
    if state.is_relationship_load and congress_id is not None and not isinstance(params, list | tuple):
        state.parameters = {**params, _PARAMETER: congress_id} if params else {_PARAMETER: congress_id}


# The congress as a bound parameter of the SELECT, its value added to the statement's parameters:
# the options and the compiled SQL are the same for every congress and every execution. The same
# criterion with the congress id in the lambda's closure cost about 90 Python calls per statement,
# to find the closure's value again at each execution (docs/BENCHMARKS.md, congresses). The name
# is written out in the lambdas: a global they named would be tracked like a closure.
# propagate_to_loaders: SQLAlchemy applies the criterion to a joined eager load's ON clause only
# with it (a person read with their roles joined in had both congresses' roles without it). The
# objects' later lazy loads then carry it too, harmlessly: it names the parameter, and every load
# runs through the hook, which gives the parameter the congress in scope then.
_PARAMETER = "tenancy_congress_id"
_BY_PARAMETER = (
    with_loader_criteria(CongressOwned, lambda cls: cls.congress_id == bindparam("tenancy_congress_id"),
                         include_aliases=True, propagate_to_loaders=True),
    with_loader_criteria(SharedWithPlatform,
                         lambda cls: or_(cls.congress_id == bindparam("tenancy_congress_id"),
                                         cls.congress_id.is_(None)),
                         include_aliases=True, propagate_to_loaders=True))


# A statement built once and run on every page (a queue's, tracker.domain.reads) gets its scoped
# copy once too: the copy's cache key is then computed once, not at every execution (0.13 ms for
# the inbox's, the scoping's whole cost on that page). Weak keys: a statement built for one
# request is forgotten with it.
_SCOPED_COPIES: WeakKeyDictionary = WeakKeyDictionary()


def _scoped(statement):
    try:
        return _SCOPED_COPIES[statement]
    except KeyError:
        scoped = _SCOPED_COPIES[statement] = statement.options(*_BY_PARAMETER)
        return scoped
    except TypeError:  # not weakly referable: scoped anew each time
        return statement.options(*_BY_PARAMETER)


@lru_cache(maxsize=1024)
def _criteria(congress_id: int) -> tuple:
    """The two options with the congress in the SQL, made once per congress (UPDATE and DELETE)."""
    # Not propagated to the loaded objects' later lazy loads: those run through the hook too,
    # under the congress in scope then, not the one their object was first read under.
    return (with_loader_criteria(CongressOwned, lambda cls: cls.congress_id == congress_id,
                                 include_aliases=True, propagate_to_loaders=False),
            with_loader_criteria(SharedWithPlatform,
                                 lambda cls: or_(cls.congress_id == congress_id, cls.congress_id.is_(None)),
                                 include_aliases=True, propagate_to_loaders=False))


def visible(obj) -> bool:
    """Whether a row the session already holds belongs to the congress in scope. The criterion
    guards every SELECT; this guards the identity map, which Session.get() reads without one."""
    if obj is None or _everywhere.get() or not isinstance(obj, CongressOwned | SharedWithPlatform):
        return obj is not None
    congress_id = _current.get()
    if congress_id is None:
        return True  # nothing chosen: a SELECT of the row would have refused already
    try:
        owner = obj.congress_id
    except ObjectDeletedError:  # expired, and the refresh under the criterion found no row
        return False
    return owner == congress_id or (owner is None and isinstance(obj, SharedWithPlatform))


def install_criterion() -> None:
    """Called once by create_app and the workers: every Session of the process is scoped."""
    if not event.contains(Session, "do_orm_execute", _only_this_congress):
        event.listen(Session, "do_orm_execute", _only_this_congress)


def enter(congress_id: int | None):
    """Set the congress for the rest of this context (a request); returns the token for leave()."""
    return _current.set(congress_id)


def leave(token) -> None:
    _current.reset(token)


@contextmanager
def scope(session: Session, congress_id: int) -> Iterator[None]:
    """Work for one congress inside a job or command. Objects loaded for another congress are
    expired on the way in and out, so nothing read under one scope is reused under the next."""
    session.flush()
    session.expire_all()
    token = _current.set(congress_id)
    try:
        yield
        session.flush()
    finally:
        _current.reset(token)
        session.expire_all()


@contextmanager
def everywhere() -> Iterator[None]:
    """A platform-wide pass (delivering the outbox, the file sweep): rows carry their congress."""
    token = _everywhere.set(True)
    try:
        yield
    finally:
        _everywhere.reset(token)
