"""A handling unit's inbox: its live assignments, the deadlines it owes on them and how urgent each is."""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from tracker.domain.calendar import load_calendar
from tracker.models import Assignment, Deadline, Suggestion
from tracker.models.handling import AssignmentState
from tracker.workflow import FINAL, WINDOW_KINDS, State

SOON_WORKING_DAYS = 5


class Urgency(enum.StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TIME = "on_time"
    NONE = "none"  # nothing owed by the unit now: waiting on the deputy, the office or another unit


def urgency_of(due_on: date | None, today: date, calendar, soon: int = SOON_WORKING_DAYS) -> Urgency:
    """Overdue after the last day; due soon from `soon` working days before it up to the day itself."""
    if due_on is None:
        return Urgency.NONE
    if due_on < today:
        return Urgency.OVERDUE
    if calendar.working_days_between(today, due_on) <= soon:
        return Urgency.DUE_SOON
    return Urgency.ON_TIME


@dataclass
class Entry:
    """One assigned item in the inbox, with the unit's open deadlines on it (earliest first)."""

    item: Suggestion
    assignment: Assignment
    deadlines: list[Deadline] = field(default_factory=list)
    urgency: Urgency = Urgency.NONE

    @property
    def is_lead(self) -> bool:
        return self.assignment.is_lead

    @property
    def due_on(self) -> date | None:
        return self.deadlines[0].due_on if self.deadlines else None


@dataclass
class Inbox:
    entries: list[Entry]  # after the filters
    by_urgency: Counter  # over all the unit's entries, so the filter chips keep their numbers
    lead: int
    co: int
    total: int
    states: list[State]


def unit_inbox(session, unit_id: int, today: date, *, urgency: str | None = None,
               role: str | None = None, state: str | None = None, key_only: bool = False,
               soon: int = SOON_WORKING_DAYS) -> Inbox:
    """The unit's live assignments, most urgent first; `role` is "lead" or "co"."""
    rows = session.execute(
        select(Assignment, Suggestion).join(Suggestion, Suggestion.id == Assignment.suggestion_id)
        .where(Assignment.unit_id == unit_id, Assignment.state != AssignmentState.RELEASED)
        .order_by(Suggestion.id)).all()
    ids = [item.id for _, item in rows]
    owed: dict[int, list[Deadline]] = {}
    if ids:
        for d in session.scalars(select(Deadline).where(
                Deadline.suggestion_id.in_(ids), Deadline.owner_unit_id == unit_id,
                Deadline.closed_at.is_(None), Deadline.kind.not_in(WINDOW_KINDS))
                .order_by(Deadline.due_on, Deadline.id)):
            owed.setdefault(d.suggestion_id, []).append(d)
    calendar = load_calendar(session)
    entries = []
    for assignment, item in rows:
        deadlines = owed.get(item.id, [])
        # A finished item stays only while the unit still owes something on it (a promise).
        if item.state in FINAL and not deadlines:
            continue
        entry = Entry(item, assignment, deadlines)
        entry.urgency = urgency_of(entry.due_on, today, calendar, soon)
        entries.append(entry)
    order = list(Urgency)
    entries.sort(key=lambda e: (order.index(e.urgency), e.due_on or date.max, e.item.id))
    counts = Counter(e.urgency for e in entries)
    lead = sum(e.is_lead for e in entries)
    states = sorted({e.item.state for e in entries}, key=list(State).index)
    shown = [e for e in entries
             if (not urgency or e.urgency == urgency)
             and (role not in ("lead", "co") or e.is_lead == (role == "lead"))
             and (not state or e.item.state == state)
             and (not key_only or e.item.is_key)]
    return Inbox(shown, counts, lead, len(entries) - lead, len(entries), states)

