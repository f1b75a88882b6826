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
_FLAG = "tracker_wrote_shown_data"
_COMMITTED = "tracker_committed_shown_data"


def current(session) -> str | None:
    """The token of the data now, or None before the first write (then nothing is cached)."""
    return session.scalar(select(DataGeneration.token).where(DataGeneration.name == LISTS))


def bump(bind) -> None:
    """A new token, in its own transaction on `bind` (an engine)."""
    token = uuid.uuid4().hex
    with bind.begin() as conn:
        done = conn.execute(update(DataGeneration).where(DataGeneration.name == LISTS)
                            .values(token=token)).rowcount
    if not done:
        try:
            with bind.begin() as conn:
                conn.execute(DataGeneration.__table__.insert().values(name=LISTS, token=token))
        except IntegrityError:  # another process made the row first: move its token on instead
            bump(bind)


def _shown(obj) -> bool:
    table = getattr(obj, "__table__", None)
    return table is None or table.name not in UNSHOWN


def _note_flush(session, _context) -> None:
    if any(_shown(o) for o in (*session.new, *session.dirty, *session.deleted)):
        session.info[_FLAG] = True


def _note_statement(state) -> None:
    if state.is_select:
        return
    table = getattr(state.statement, "table", None)
    if table is None or getattr(table, "name", None) not in UNSHOWN:
        state.session.info[_FLAG] = True


def _after_commit(session) -> None:
    # A savepoint's release fires this too; only the outermost commit makes the data visible.
    if not session.in_nested_transaction() and session.info.pop(_FLAG, False):
        session.info[_COMMITTED] = True


def _after_transaction_end(session, transaction) -> None:
    # Moved once the transaction has given its connection back: at after_commit the session still
    # holds it, and a bump there needs a second one, so as many concurrent commits as the pool has
    # connections each waited for one more, and none came (50 contacts logged at once timed out).
    if transaction.parent is None and session.info.pop(_COMMITTED, False):
        bind = session.get_bind()
        for attempt in (1, 2):
            try:
                bump(getattr(bind, "engine", bind))
                return
            except SQLAlchemyError:
                # The data is committed already: the caller must not be told it failed. A page
                # drawn before may then be reused for at most the cache's lifetime.
                log.warning("data generation not moved (attempt %d)", attempt, exc_info=True)


def _after_rollback(session) -> None:
    if not session.in_nested_transaction():  # a savepoint's rollback leaves the outer writes
        session.info.pop(_FLAG, None)


def install() -> None:
    """Note writes that pages show at flush and statement time; move the token after the commit,
    once the committed transaction has ended."""
    event.listen(Session, "after_flush", _note_flush)
    event.listen(Session, "do_orm_execute", _note_statement)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_transaction_end", _after_transaction_end)
    event.listen(Session, "after_rollback", _after_rollback)
