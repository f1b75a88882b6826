"""The locks of a suggestion: `touch` records a change so its lock_version always moves; `hold`
takes the row before an action is judged, so of two concurrent actions the second is judged on
what the first left, and told it came second."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import object_session
from sqlalchemy.orm.exc import StaleDataError

from tracker.domain.errors import ActedFirst, StalePage
from tracker.models import Suggestion

# The ORM writes a row, and so bumps its version_id_col, only when a column's value changes.
NUDGE = timedelta(microseconds=1)


def touch(item: Suggestion, at: datetime) -> None:
    """Mark the item changed at `at`, moving its lock_version so pages drawn before go stale.

    Under a pinned clock (TRACKER_CLOCK_NOW, demo replays) `at` can equal the last change, which
    would write nothing; the change is then stamped a microsecond later so the row is written."""
    last = item.updated_at
    item.updated_at = at + NUDGE if last is not None and last == at else at


def ensure_fresh(item: Suggestion, seen_version: int | None) -> None:
    """Refuse input typed on a page drawn before someone else acted: the one place a page's
    version is judged (the draft editor and every action, pages and API alike)."""
    if seen_version is not None and seen_version != item.lock_version:
        raise StalePage(item.state)


def hold(item: Suggestion) -> None:
    """Lock the item's row until the transaction ends, then refuse with ActedFirst if another
    transaction changed it since this one loaded it: the loser of a race is told so, whatever it
    would have been refused for on the item as the winner left it (its unit already signed for
    it, the lead already routed), and never reaches a unique key (uq_one_live_lead) or a 500.

    PostgreSQL: SELECT … FOR UPDATE waits for the winner's commit and then reads its version.
    SQLite has no row locks (FOR UPDATE is left out) and serialises writers on the database
    lock instead; the engine turns "database is locked" into ActedFirst."""
    session = object_session(item)
    try:
        session.flush()  # this request's own pending changes to the item are not a race
    except StaleDataError:
        raise ActedFirst() from None
    current = session.scalar(select(Suggestion.lock_version).where(Suggestion.id == item.id)
                             .with_for_update())
    if current != item.lock_version:
        raise ActedFirst()
