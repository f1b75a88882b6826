"""Which generation of the data a page shows: a token that changes after every commit that wrote.

A rendered list can be reused while the token is the same (tracker.web.page_cache). The token
changes *after* the commit, from its own short transaction, so a reader can never see the new
token with the old data; the only window is the few milliseconds between the commit and the new
token, when a reader may still be given the page from just before. Writes that no page shows
(reminder ledger, notices, jobs, metric rollups, the audit log) leave the token alone, so the
reminder worker does not empty the cache every minute. Writes that bypass the ORM session (raw
SQL from other tools) are not seen; the cache's lifetime bounds how long such a change can hide.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import event, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from tracker.models.generation import DataGeneration

log = logging.getLogger(__name__)
LISTS = "lists"
# Tables whose rows no cached page shows; every other table, new ones included, moves the token.
UNSHOWN = frozenset({"reminder", "reminder_schedule", "outbox", "liaison_follow_up", "job",
                     "metric_refresh", "metric_rollup", "metric_trend", "metric_item", "metric_list",
                     "audit_event", "audit_seal", "data_generation",
                     "sign_in_attempt",  # the sign-in log: every sign-in writes one, no list shows it
                     "login"})  # signing in and "last seen" (the profile and person pages are never cached)
# A second token moves when a person's notices change (the outbox: new, read, settled, pruned),
# so the header's unread count can be kept until then (tracker.web.notices) without emptying the
# page cache each time the reminder worker writes a notice.
NOTICES = "notices"
NAMES = (LISTS, NOTICES)
_WROTE = "tracker_wrote_generations"
_COMMITTED = "tracker_committed_generations"


def tokens(session) -> dict[str, str]:
    """Every token of the data now, by name, in one statement (absent before the first write)."""
    return dict(session.execute(select(DataGeneration.name, DataGeneration.token)
                                .where(DataGeneration.name.in_(NAMES))).all())


def token_columns() -> tuple:
    """The tokens as columns, to be read in another statement (the login's): NAMES' order."""
    return _TOKEN_COLUMNS


_TOKEN_COLUMNS = tuple(select(DataGeneration.token).where(DataGeneration.name == name)
                       .scalar_subquery().label(name) for name in NAMES)  # built once


def tokens_from(values) -> dict[str, str]:
    """token_columns()' values as tokens() gives them: a token not written yet is absent."""
    return {name: token for name, token in zip(NAMES, values, strict=True) if token is not None}


def current(session) -> str | None:
    """The token of the data now, or None before the first write (then nothing is cached)."""
    return tokens(session).get(LISTS)


def bump(bind, name: str = LISTS) -> None:
    """A new token `name`, in its own transaction on `bind` (an engine)."""
    token = uuid.uuid4().hex
    with bind.begin() as conn:
        done = conn.execute(update(DataGeneration).where(DataGeneration.name == name)
                            .values(token=token)).rowcount
    if not done:
        try:
            with bind.begin() as conn:
                conn.execute(DataGeneration.__table__.insert().values(name=name, token=token))
        except IntegrityError:  # another process made the row first: move its token on instead
            bump(bind, name)


def _moves(table_name: str | None) -> tuple[str, ...]:
    """The tokens a write to this table moves."""
    if table_name == "outbox":
        return (NOTICES,)
    return () if table_name in UNSHOWN else (LISTS,)


def _wrote(session, names: tuple[str, ...]) -> None:
    if names:
        session.info.setdefault(_WROTE, set()).update(names)


def _note_flush(session, _context) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__table__", None)
        _wrote(session, _moves(table.name) if table is not None else (LISTS,))


def _note_statement(state) -> None:
    if state.is_select:
        return
    table = getattr(state.statement, "table", None)
    _wrote(state.session, _moves(getattr(table, "name", None)) if table is not None else (LISTS,))


def _after_commit(session) -> None:
    # A savepoint's release fires this too; only the outermost commit makes the data visible.
    if not session.in_nested_transaction() and (names := session.info.pop(_WROTE, None)):
        session.info.setdefault(_COMMITTED, set()).update(names)


def _after_transaction_end(session, transaction) -> None:
    # Moved once the transaction has given its connection back: at after_commit the session still
    # holds it, and a bump there needs a second one, so as many concurrent commits as the pool has
    # connections each waited for one more, and none came (50 contacts logged at once timed out).
    names = session.info.pop(_COMMITTED, None) if transaction.parent is None else None
    bind = session.get_bind() if names else None
    for name in sorted(names or ()):
        for attempt in (1, 2):
            try:
                bump(getattr(bind, "engine", bind), name)
                break
            except SQLAlchemyError:
                # The data is committed already: the caller must not be told it failed. A page
                # drawn before may then be reused for at most the cache's lifetime.
                log.warning("data generation %s not moved (attempt %d)", name, attempt, exc_info=True)


def _after_rollback(session) -> None:
    if not session.in_nested_transaction():  # a savepoint's rollback leaves the outer writes
        session.info.pop(_WROTE, None)


def install() -> None:
    """Note writes that pages show at flush and statement time; move the token after the commit,
    once the committed transaction has ended."""
    event.listen(Session, "after_flush", _note_flush)
    event.listen(Session, "do_orm_execute", _note_statement)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_transaction_end", _after_transaction_end)
    event.listen(Session, "after_rollback", _after_rollback)
