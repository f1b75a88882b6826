"""The follow-up review (回头看): promises of B and C replies, open, overdue and broken, by unit."""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from tracker.models import HandlingUnit, Promise, Suggestion
from tracker.models.handling import PromiseState


class Standing(enum.StrEnum):
    """Where a promise stands for the review; overdue is an open promise past its date."""

    OVERDUE = "overdue"
    AWAITING_REVIEW = "awaiting_review"  # reported not kept, the office has not decided yet
    BROKEN = "broken"  # reported not kept, reasons accepted by the office
    OPEN = "open"
    KEPT = "kept"


def standing_of(promise: Promise, today: date) -> Standing:
    if promise.state is PromiseState.KEPT:
        return Standing.KEPT
    if promise.state is PromiseState.NOT_KEPT:
        return Standing.AWAITING_REVIEW if promise.review_pending else Standing.BROKEN
    return Standing.OVERDUE if promise.due_on < today else Standing.OPEN


@dataclass(frozen=True)
class Row:
    promise: Promise
    item: Suggestion
    unit: str
    standing: Standing


@dataclass
class UnitCounts:
    unit_id: int
    name: str
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Review:
    rows: list[Row]  # after the filters
    units: list[UnitCounts]  # over every promise, so the table keeps its numbers under a filter
    totals: Counter


ORDER = list(Standing)


def review(session, today: date, *, unit_id: int | None = None, standing: str | None = None,
           include_kept: bool = False) -> Review:
    """Every promise with its standing, the most pressing first, and counts per unit."""
    stmt = (select(Promise, Suggestion, HandlingUnit.name)
            .join(Suggestion, Suggestion.id == Promise.suggestion_id)
            .join(HandlingUnit, HandlingUnit.id == Promise.unit_id)
            .order_by(Promise.due_on, Promise.id))
    everything = [Row(p, item, name, standing_of(p, today)) for p, item, name in session.execute(stmt)]
    per_unit: dict[int, UnitCounts] = {}
    for r in everything:
        per_unit.setdefault(r.promise.unit_id, UnitCounts(r.promise.unit_id, r.unit)).counts[r.standing] += 1
    rows = [r for r in everything
            if (unit_id is None or r.promise.unit_id == unit_id)
            and (standing in set(Standing) and r.standing == standing
                 or standing not in set(Standing) and (include_kept or r.standing is not Standing.KEPT))]
    rows.sort(key=lambda r: (ORDER.index(r.standing), r.promise.due_on, r.promise.id))
    units = sorted(per_unit.values(), key=lambda u: (-(u.counts[Standing.OVERDUE]
                                                       + u.counts[Standing.BROKEN]), u.name))
    return Review(rows, units, Counter(r.standing for r in everything))
