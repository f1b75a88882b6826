"""The optimistic lock of a suggestion: `touch` records a change so its lock_version always moves."""

from __future__ import annotations

from datetime import datetime, timedelta

from tracker.domain.errors import StalePage
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
