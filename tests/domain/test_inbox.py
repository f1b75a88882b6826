"""A unit's inbox: which items it holds, the urgency of each at the boundary days, counts and filters."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from seeds.paths import PATHS
from tests.factories import at
from tracker.domain.core.engine import apply
from tracker.domain.deadlines.calendar import WorkCalendar
from tracker.domain.reads.inbox import Urgency, unit_inbox, urgency_of
from tracker.extensions import db
from tracker.models import Assignment, Suggestion
from tracker.models.handling import AssignmentState
from tracker.workflow import Action, DeadlineKind, Role, State

WED = date(2026, 5, 20)


@pytest.mark.parametrize(("due_on", "expected"), [
    (date(2026, 5, 19), Urgency.OVERDUE),    # yesterday
    (WED, Urgency.DUE_SOON),                 # the last day itself
    (date(2026, 5, 27), Urgency.DUE_SOON),   # five working days ahead
    (date(2026, 5, 28), Urgency.ON_TIME),    # six working days ahead
    (None, Urgency.NONE),
])
def test_urgency_at_the_boundary_days(due_on, expected):
    assert urgency_of(due_on, WED, WorkCalendar()) is expected


def test_holidays_count_as_rest_days():
    # With Monday 25 May a holiday, the sixth calendar working day after Wednesday is only the fifth.
    calendar = WorkCalendar({date(2026, 5, 25): False})
    assert urgency_of(date(2026, 5, 28), WED, calendar) is Urgency.DUE_SOON
    assert urgency_of(date(2026, 5, 28), WED, calendar, soon=4) is Urgency.ON_TIME


@pytest.fixture
def items(make):
    w, assigned = make.item_in(State.ASSIGNED)  # lead owes sign_for by 10 Dec 2025
    _, handling = make.item_in(State.IN_HANDLING, w)  # lead owes the reply by 9 Mar 2026
    _, replied = make.item_in(State.REPLIED, w)  # the deputy owes the evaluation, not the unit
    _, closed = make.item_in(State.CLOSED, w)  # a promise stays open until 16 Jun 2026
    return w, assigned, handling, replied, closed


def by_item(box) -> dict[int, object]:
    return {e.item.id: e for e in box.entries}


def test_lead_unit_sees_its_items_with_their_urgency(items):
    w, assigned, handling, replied, closed = items
    box = by_item(unit_inbox(db.session, w.unit.id, date(2025, 12, 10)))
    assert set(box) == {assigned.id, handling.id, replied.id, closed.id}
    assert box[assigned.id].urgency is Urgency.DUE_SOON
    assert box[assigned.id].deadlines[0].kind is DeadlineKind.SIGN_FOR
    assert box[handling.id].urgency is Urgency.ON_TIME
    assert box[replied.id].urgency is Urgency.NONE and box[replied.id].deadlines == []
    assert [d.kind for d in box[closed.id].deadlines] == [DeadlineKind.PROMISE]
    later = by_item(unit_inbox(db.session, w.unit.id, date(2025, 12, 11)))
    assert later[assigned.id].urgency is Urgency.OVERDUE


def test_windows_are_not_deadlines_owed(items):
    w, assigned, *_ = items
    entry = by_item(unit_inbox(db.session, w.unit.id, date(2025, 12, 1)))[assigned.id]
    assert DeadlineKind.REASSIGNMENT_WINDOW not in {d.kind for d in entry.deadlines}


def test_counts_and_lead_versus_co(items):
    w, assigned, handling, replied, closed = items
    lead = unit_inbox(db.session, w.unit.id, date(2025, 12, 10))
    assert (lead.total, lead.lead, lead.co) == (4, 4, 0)
    assert lead.by_urgency == {Urgency.DUE_SOON: 1, Urgency.ON_TIME: 2, Urgency.NONE: 1}
    assert [e.urgency for e in lead.entries][0] is Urgency.DUE_SOON  # most urgent first
    co = unit_inbox(db.session, w.co_unit.id, date(2025, 12, 10))
    # The closed item is gone for the co-unit: it owes nothing more on it.
    assert set(by_item(co)) == {assigned.id, handling.id, replied.id}
    assert (co.lead, co.co) == (0, 3) and not any(e.is_lead for e in co.entries)
    assert unit_inbox(db.session, w.other_unit.id, date(2025, 12, 10)).total == 0


def test_a_released_assignment_leaves_the_inbox(items):
    w, assigned, *_ = items
    row = db.session.scalar(select(Assignment).where(Assignment.suggestion_id == assigned.id,
                                                     Assignment.unit_id == w.co_unit.id))
    row.state = AssignmentState.RELEASED
    db.session.flush()
    assert assigned.id not in by_item(unit_inbox(db.session, w.co_unit.id, date(2025, 12, 10)))


def test_filters_narrow_the_list_but_not_the_counts(items):
    w, assigned, handling, replied, closed = items
    day = date(2025, 12, 10)
    assert set(by_item(unit_inbox(db.session, w.unit.id, day, urgency="on_time"))) == {
        handling.id, closed.id}
    assert unit_inbox(db.session, w.unit.id, day, role="co").entries == []
    assert len(unit_inbox(db.session, w.unit.id, day, role="lead").entries) == 4
    box = unit_inbox(db.session, w.unit.id, day, state="in_handling")
    assert set(by_item(box)) == {handling.id} and box.total == 4
    assert State.CLOSED in box.states
    replied.is_key = True
    db.session.flush()
    assert set(by_item(unit_inbox(db.session, w.unit.id, day, key_only=True))) == {replied.id}


@pytest.mark.parametrize("holiday", [None, date(2026, 5, 25)])
def test_sql_urgency_counts_and_filters_agree_with_urgency_of(make, holiday):
    """The counts and the urgency filter are computed in SQL from date bounds (soon_until); every
    due date from the day before yesterday to three weeks ahead lands where urgency_of puts it."""
    from datetime import timedelta

    from tracker.domain.deadlines.calendar import CACHE_KEY, load_calendar
    from tracker.domain.reads.inbox import soon_until
    from tracker.models import CalendarDay, Deadline
    from tracker.workflow import Owner, Unit

    w = make.world()
    if holiday:
        db.session.add(CalendarDay(day=holiday, is_workday=False, name="假日"))
    dues = [WED + timedelta(days=d) for d in range(-2, 22)] + [None]
    for due in dues:
        item = make.suggestion(w.deputy, category=w.category, state=State.IN_HANDLING)
        db.session.add(Assignment(suggestion_id=item.id, unit_id=w.unit.id, is_lead=True,
                                  state=AssignmentState.RECEIVED, assigned_at=make_at()))
        if due:
            db.session.add(Deadline(suggestion_id=item.id, kind=DeadlineKind.REPLY, owner=Owner.UNIT,
                                    owner_unit_id=w.unit.id, counted_from=WED, amount=5,
                                    unit=Unit.WORKING_DAYS, due_on=due, opened_at=make_at()))
    db.session.flush()
    db.session.info.pop(CACHE_KEY, None)
    calendar = load_calendar(db.session)
    expected = {u: sum(urgency_of(d, WED, calendar) is u for d in dues) for u in Urgency}
    box = unit_inbox(db.session, w.unit.id, WED)
    assert {u: box.by_urgency[u] for u in Urgency} == expected
    plain = WorkCalendar({holiday: False} if holiday else {})
    assert soon_until(WED, plain) == (date(2026, 5, 28) if holiday else date(2026, 5, 27))
    for u in Urgency:
        shown = unit_inbox(db.session, w.unit.id, WED, urgency=u.value).entries
        assert len(shown) == expected[u] and all(e.urgency is u for e in shown)


def make_at():
    from tests.factories import at

    return at(2026, 5, 1)


def _mirrors_off() -> list:
    """Assignments whose copy of their item's state or key mark differs from the item's row."""
    return db.session.execute(
        select(Assignment.id, Assignment.item_state, Suggestion.state, Assignment.item_is_key,
               Suggestion.is_key)
        .join(Suggestion, Suggestion.id == Assignment.suggestion_id)
        .where((Assignment.item_state != Suggestion.state) | Assignment.item_state.is_(None)
               | (Assignment.item_is_key != Suggestion.is_key) | Assignment.item_is_key.is_(None))).all()


def test_every_assignment_keeps_its_items_state_and_key_mark(make):
    """The inbox counts by the copies on the assignments (tracker.models.handling): items routed and
    walked through the engine to every state the scripted paths reach after routing, one marked
    for key supervision, one unit released, leave no copy different from its item."""
    w = make.world()
    walked = [make.item_in(state, w)[1] for state in PATHS
              if state not in (State.DRAFT, State.GROUP_REVIEW, State.COMMITTEE_REVIEW)]
    handling = make.item_in(State.IN_HANDLING, w)[1]
    apply(handling, Action.MARK_KEY, actor=w.supervisor, as_role=Role.SUPERVISOR, at=at(2026, 1, 5),
          data={"leader": "张主任", "supervising_committee": w.committee.id})
    db.session.flush()
    assert db.session.scalar(select(Assignment.item_is_key).where(Assignment.suggestion_id == handling.id))
    assert len({i.state for i in walked}) > 8 and db.session.query(Assignment).count() > 10
    assert _mirrors_off() == []
