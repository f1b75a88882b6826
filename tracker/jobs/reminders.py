"""The reminder planner's pass: plan due ladder steps batch after batch, one commit per batch."""

from __future__ import annotations

from datetime import datetime

from tracker.domain.reminders.plan import BATCH, Planner


def plan_due(session, now: datetime, *, batch: int = BATCH, max_batches: int | None = None) -> int:
    """Plan every due step; commit per batch, so workers share the work. Returns the rows written."""
    planner = Planner(session, now)
    written, batches = 0, 0
    while max_batches is None or batches < max_batches:
        done = planner.plan_batch(batch)
        if done is None:
            break
        session.commit()
        written += done
        batches += 1
    return written
