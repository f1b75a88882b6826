"""The follow-up review (回头看): promises of B and C replies, open, overdue and broken, by unit."""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.models import HandlingUnit, Promise, Suggestion
from tracker.models.handling import PromiseState
from tracker.workflow import Action

A = Action


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

    def only_unit(self, unit_id: int) -> Review:
        """A unit's own view: only its line of the counts."""
        self.units = [u for u in self.units if u.unit_id == unit_id]
        return self

    def chips(self, unit_id: int | None) -> Counter:
        """The counts the chips show: the unit filter's, whatever standing is chosen."""
        if not unit_id:
            return self.totals
        return next((u.counts for u in self.units if u.unit_id == unit_id), Counter())


ORDER = list(Standing)


def review(session, today: date, *, unit_id: int | None = None, standing: str | None = None,
           include_kept: bool = False) -> Review:
    """Every promise with its standing, the most pressing first, and counts per unit."""
    stmt = (select(Promise, Suggestion, HandlingUnit.name)
            .join(Suggestion, Suggestion.id == Promise.suggestion_id)
            .join(HandlingUnit, HandlingUnit.id == Promise.unit_id)
            .options(selectinload(Suggestion.session))  # its registration number, on every row
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


# Which promises each follow-up action may act on: a report needs an open promise, the office's
# decision a not-kept report it has not decided yet.
PROMISE_ACTIONS = {
    A.REPORT_PROMISE_KEPT: lambda p: p.state is PromiseState.OPEN,
    A.REPORT_PROMISE_NOT_KEPT: lambda p: p.state is PromiseState.OPEN,
    A.ACCEPT_PROMISE_REPORT: lambda p: p.review_pending,
    A.SEND_BACK_PROMISE_REPORT: lambda p: p.review_pending,
}


def fits(promise: Promise, action: Action) -> bool:
    """Whether this follow-up action may act on this promise now."""
    return action in PROMISE_ACTIONS and PROMISE_ACTIONS[action](promise)


def promise_candidates(session, item_id: int, action: Action) -> list[Promise]:
    """The item's promises the action may act on, the earliest due first (the form's choices)."""
    rows = session.scalars(select(Promise).where(Promise.suggestion_id == item_id)
                           .order_by(Promise.due_on, Promise.id))
    return [p for p in rows if fits(p, action)]


def offers_per_promise(rows: list[Row], item_offers: dict[int, list]) -> dict[int, list]:
    """The follow-up buttons of each promise: the item's offers that fit that promise's standing."""
    return {r.promise.id: [o for o in item_offers.get(r.item.id, []) if fits(r.promise, o.action)]
            for r in rows}
