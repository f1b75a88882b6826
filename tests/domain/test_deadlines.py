"""Deadline rows opened and closed by the engine, as the workflow table and DOMAIN §4–§8 say.

Dates are China dates reasoned from the official schedules (see test_calendar.py for the facts):
National Day 2025 is Oct 1–8 with make-up workdays Sun Sep 28 and Sat Oct 11; Spring Festival
2026 is Feb 15–23 with make-up workdays Sat Feb 14 and Sat Feb 28; March 2026 has no holiday.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, select

from seeds.paths import PATHS, Walker
from tests.factories import CHINA, at
from tracker.domain.core.engine import apply
from tracker.domain.deadlines.calendar import load_calendar
from tracker.domain.deadlines.rows import due_for, owners_of
from tracker.domain.deadlines.rules import rule_for, seed_rules
from tracker.domain.errors import InvalidData, NotAllowedNow
from tracker.domain.steps.prereview import all_pass
from tracker.extensions import db
from tracker.models import AuditEvent, Deadline, DeadlineRule
from tracker.workflow import (
    DEADLINE_SPEC,
    DEADLINES,
    FINAL,
    STATE_DEADLINE,
    Anchor,
    Channel,
    DeadlineKind,
    Owner,
    Role,
    Scope,
    State,
    Unit,
)
from tracker.workflow import Action as A

D = date
K = DeadlineKind
WD, MO, FIX = Unit.WORKING_DAYS, Unit.MONTHS, Unit.FIXED_DATE
OFF, H, L = Role.OFFICE_STAFF, Role.UNIT_HANDLER, Role.UNIT_LEADER


@pytest.fixture
def rules(make):
    """deadline_rule outlives a test's clean-up: put the defaults back after a test changes it."""
    yield
    db.session.rollback()
    db.session.execute(delete(DeadlineRule))
    seed_rules(db.session)
    db.session.commit()


def open_rows(item, kind=None) -> list[Deadline]:
    stmt = select(Deadline).where(Deadline.suggestion_id == item.id, Deadline.closed_at.is_(None))
    if kind is not None:
        stmt = stmt.where(Deadline.kind == kind)
    return list(db.session.scalars(stmt.order_by(Deadline.id)))


def all_rows(item, kind) -> list[Deadline]:
    return list(db.session.scalars(select(Deadline).where(
        Deadline.suggestion_id == item.id, Deadline.kind == kind).order_by(Deadline.id)))


def submitted(make, when, w=None):
    """A between-session item pre-approved (and so submitted) at `when`."""
    w = w or make.world()
    item = make.suggestion(w.deputy, category=w.category)
    apply(item, A.SUBMIT_FOR_REVIEW, actor=w.deputy, as_role=Role.DEPUTY,
          at=when - timedelta(days=1))
    apply(item, A.PRE_APPROVE, actor=w.office, as_role=OFF, at=when,
          data={"checklist": all_pass({})})
    return w, item


def routed(make, when, *, co=True, w=None):
    """A between-session item routed at `when` to the lead unit and, if asked, the co-unit."""
    w, item = submitted(make, when - timedelta(days=2), w)
    apply(item, A.REGISTER, actor=w.office, as_role=OFF, at=when - timedelta(days=1),
          data={"category": w.category.id})
    apply(item, A.ROUTE, actor=w.office, as_role=OFF, at=when,
          data={"lead_unit": w.unit.id, "co_units": [w.co_unit.id] if co else []})
    return w, item


def in_handling(make, when, **kw):
    w, item = routed(make, when, **kw)
    apply(item, A.SIGN_FOR, actor=w.handler, as_role=H, at=when + timedelta(days=1))
    assert item.state is State.IN_HANDLING
    return w, item


def summary(rows):
    return [(d.kind, d.owner_unit_id, d.counted_from, d.amount, d.unit, d.due_on, d.provisional)
            for d in rows]


# --- Routing ---------------------------------------------------------------------------------

def test_routing_opens_each_units_deadlines(make):
    # Routed Fri 26 Sep 2025, just before the National Day week.
    w, item = routed(make, at(2025, 9, 26))
    start = D(2025, 9, 26)
    lead, co = w.unit.id, w.co_unit.id
    assert sorted(summary(open_rows(item)), key=lambda r: (r[0], r[1])) == sorted([
        # 3 working days: Sun 28 Sep (make-up), Mon 29, Tue 30.
        (K.SIGN_FOR, lead, start, 3, WD, D(2025, 9, 30), False),
        (K.SIGN_FOR, co, start, 3, WD, D(2025, 9, 30), False),
        # 7 working days: 28, 29, 30 Sep, 9, 10, 11 (Sat make-up), 13 Oct.
        (K.REASSIGNMENT_WINDOW, lead, start, 7, WD, D(2025, 10, 13), False),
        (K.REASSIGNMENT_WINDOW, co, start, 7, WD, D(2025, 10, 13), False),
        # 1 month: Sun 26 Oct -> Mon 27 Oct; the co-unit only.
        (K.CO_OPINION, co, start, 1, MO, D(2025, 10, 27), False),
        # 3 months: Fri 26 Dec; the lead unit owes it.
        (K.REPLY, lead, start, 3, MO, D(2025, 12, 26), False),
    ], key=lambda r: (r[0], r[1]))
    assert open_rows(item, K.ROUTING) == []
    (routing,) = all_rows(item, K.ROUTING)
    route_event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "route")).one()
    assert routing.closed_by_event_id == route_event.id
    assert {d.opened_by_event_id for d in open_rows(item)} == {route_event.id}
    assert all(d.owner is Owner.UNIT for d in open_rows(item))


def test_routing_to_a_lead_unit_alone_opens_no_co_opinion(make):
    w, item = routed(make, at(2026, 3, 6), co=False)
    kinds = sorted(d.kind for d in open_rows(item))
    assert kinds == sorted([K.SIGN_FOR, K.REASSIGNMENT_WINDOW, K.REPLY])
    (sign,) = open_rows(item, K.SIGN_FOR)
    assert sign.due_on == D(2026, 3, 11)  # Fri 6 Mar + 3 working days


def test_each_unit_signing_for_closes_only_its_own_row(make):
    w, item = routed(make, at(2025, 9, 26))
    apply(item, A.SIGN_FOR, actor=w.co_handler, as_role=H, at=at(2025, 9, 28))
    assert item.state is State.ASSIGNED
    assert [d.owner_unit_id for d in open_rows(item, K.SIGN_FOR)] == [w.unit.id]
    (closed,) = [d for d in all_rows(item, K.SIGN_FOR) if d.closed_at is not None]
    assert closed.owner_unit_id == w.co_unit.id
    assert closed.closed_at == at(2025, 9, 28)
    # Nothing else of the co-unit's closed: its opinion and window stay open.
    assert len(open_rows(item, K.CO_OPINION)) == 1
    assert len(open_rows(item, K.REASSIGNMENT_WINDOW)) == 2
    apply(item, A.SIGN_FOR, actor=w.handler, as_role=H, at=at(2025, 9, 29))
    assert item.state is State.IN_HANDLING
    assert open_rows(item, K.SIGN_FOR) == []
    assert len(open_rows(item, K.REPLY)) == 1


def test_the_co_opinion_closes_the_co_units_row(make):
    w, item = in_handling(make, at(2026, 3, 6))
    apply(item, A.SIGN_FOR, actor=w.co_handler, as_role=H, at=at(2026, 3, 9))
    apply(item, A.SEND_CO_OPINION, actor=w.co_handler, as_role=H, at=at(2026, 3, 20),
          data={"opinion": "同意，配合实施。"})
    assert open_rows(item, K.CO_OPINION) == []
    (row,) = all_rows(item, K.CO_OPINION)
    assert (row.due_on, row.closed_at) == (D(2026, 4, 7), at(2026, 3, 20))  # 6 Apr is 清明 off


def test_the_reassignment_window_ends_after_seven_working_days(make):
    w, item = routed(make, at(2025, 9, 26))
    apply(item, A.REQUEST_REASSIGNMENT, actor=w.co_leader, as_role=L, at=at(2025, 10, 13, 20),
          reason="不属于本单位职责。")
    (decision,) = open_rows(item, K.REASSIGNMENT_DECISION)
    # Decided within 5 working days of Mon 13 Oct: 14, 15, 16, 17, 20.
    assert (decision.due_on, decision.owner) == (D(2025, 10, 20), Owner.OFFICE)
    _, late = routed(make, at(2025, 9, 26), w=w)
    with pytest.raises(NotAllowedNow):
        apply(late, A.REQUEST_REASSIGNMENT, actor=w.co_leader, as_role=L, at=at(2025, 10, 14),
              reason="不属于本单位职责。")


# --- Anchors: session close and submission--------------------------------------------------------

def test_session_registration_and_routing_count_from_the_sessions_close(make):
    w = make.world()  # the session sits 12–15 Jan 2026, pre-submission deadline 10 Jan
    item = make.suggestion(w.deputy, channel=Channel.SESSION, session=w.session,
                           category=w.category)
    Walker(w, at(2025, 12, 1)).play(item, PATHS[State.PRE_APPROVED][1])
    (formal,) = open_rows(item, K.FORMAL_SUBMISSION)
    assert (formal.counted_from, formal.due_on) == (D(2026, 1, 15), D(2026, 1, 15))
    apply(item, A.SUBMIT_FORMALLY, actor=w.deputy, as_role=Role.DEPUTY, at=at(2026, 1, 13))
    (registration,) = open_rows(item, K.REGISTRATION)
    # 15 Jan + 1 month = Sun 15 Feb, in the Spring Festival holiday (15–23 Feb) -> Tue 24 Feb.
    assert summary([registration]) == [
        (K.REGISTRATION, None, D(2026, 1, 15), 1, MO, D(2026, 2, 24), False)]
    apply(item, A.REGISTER, actor=w.office, as_role=OFF, at=at(2026, 1, 14),
          data={"category": w.category.id})
    (routing,) = open_rows(item, K.ROUTING)
    assert summary([routing]) == [(K.ROUTING, None, D(2026, 1, 15), 1, MO, D(2026, 2, 24), False)]
    assert routing.owner is Owner.OFFICE


def test_between_session_routing_counts_from_submission(make):
    # Submitted Fri 26 Sep 2025, registered Tue 30 Sep.
    w, item = submitted(make, at(2025, 9, 26))
    (registration,) = open_rows(item, K.REGISTRATION)
    # 3 working days: Sun 28 (make-up), 29, 30 Sep.
    assert summary([registration]) == [
        (K.REGISTRATION, None, D(2025, 9, 26), 3, WD, D(2025, 9, 30), False)]
    apply(item, A.REGISTER, actor=w.office, as_role=OFF, at=at(2025, 9, 30),
          data={"category": w.category.id})
    (routing,) = open_rows(item, K.ROUTING)
    # 7 working days from the submission (26 Sep) end 13 Oct; counted from the registration
    # (30 Sep) they would end 16 Oct.
    assert summary([routing]) == [(K.ROUTING, None, D(2025, 9, 26), 7, WD, D(2025, 10, 13), False)]


@pytest.mark.parametrize(("china_time", "counted_from", "due"), [
    # 23:30 on Mon 9 Mar in China is 15:30 UTC the same day.
    (datetime(2026, 3, 9, 23, 30, tzinfo=CHINA), D(2026, 3, 9), D(2026, 3, 12)),
    # 00:30 on Tue 10 Mar in China is still 9 Mar in UTC; it counts from 10 Mar.
    (datetime(2026, 3, 10, 0, 30, tzinfo=CHINA), D(2026, 3, 10), D(2026, 3, 13)),
])
def test_counting_starts_from_the_china_day_of_the_event(make, china_time, counted_from, due):
    w, item = submitted(make, china_time.astimezone(UTC))
    (registration,) = open_rows(item, K.REGISTRATION)
    assert (registration.counted_from, registration.due_on) == (counted_from, due)
    apply(item, A.REGISTER, actor=w.office, as_role=OFF, at=at(2026, 3, 16),
          data={"category": w.category.id})
    (routing,) = open_rows(item, K.ROUTING)
    assert routing.counted_from == counted_from  # the stored submission moment, read back


# --- Revision after a return ---------------------------------------------------------------------

def _session_item_in_group_review(make, when, w=None):
    w = w or make.world()
    item = make.suggestion(w.deputy, channel=Channel.SESSION, session=w.session,
                           category=w.category)
    apply(item, A.SUBMIT_FOR_REVIEW, actor=w.deputy, as_role=Role.DEPUTY, at=when)
    return w, item


def test_revision_is_never_due_past_the_presubmission_deadline(make):
    w, item = _session_item_in_group_review(make, at(2026, 1, 5))
    apply(item, A.RETURN_FOR_REVISION, actor=w.group_leader, as_role=Role.GROUP_LEADER,
          at=at(2026, 1, 7), reason="请补充调研数据。")
    (revision,) = open_rows(item, K.REVISION)
    # Wed 7 Jan + 5 working days = Wed 14 Jan, but the pre-submission deadline is Sat 10 Jan.
    assert (revision.counted_from, revision.due_on) == (D(2026, 1, 7), D(2026, 1, 10))
    assert revision.owner_user_id == w.deputy.id


def test_revision_well_before_the_presubmission_deadline_gets_its_five_days(make):
    w, item = _session_item_in_group_review(make, at(2025, 12, 1))
    apply(item, A.RETURN_FOR_REVISION, actor=w.group_leader, as_role=Role.GROUP_LEADER,
          at=at(2025, 12, 3), reason="请补充调研数据。")
    (revision,) = open_rows(item, K.REVISION)
    assert revision.due_on == D(2025, 12, 10)  # Wed 3 Dec + 5 working days


def test_between_session_revision_has_no_presubmission_cap(make):
    w = make.world()
    item = make.suggestion(w.deputy, category=w.category)
    apply(item, A.SUBMIT_FOR_REVIEW, actor=w.deputy, as_role=Role.DEPUTY, at=at(2026, 1, 5))
    apply(item, A.RETURN_FOR_REVISION, actor=w.office, as_role=OFF, at=at(2026, 1, 7),
          reason="请补充具体地点。")
    (revision,) = open_rows(item, K.REVISION)
    assert revision.due_on == D(2026, 1, 14)


# --- Extensions-----------------------------------------------------------------------------------

def _ask(item, w, when, new_due):
    return apply(item, A.REQUEST_EXTENSION, actor=w.leader, as_role=L, at=when,
                 reason="涉及面广，需协调多个部门。", data={"new_due_date": new_due})


def test_an_approved_extension_moves_the_reply_due_date(make):
    w, item = in_handling(make, at(2026, 3, 2))  # Mon 2 Mar 2026
    (reply,) = open_rows(item, K.REPLY)
    assert reply.due_on == D(2026, 6, 2)  # 3 months
    _ask(item, w, at(2026, 5, 20), "2026-08-31")
    (decision,) = open_rows(item, K.EXTENSION_DECISION)
    assert decision.due_on == D(2026, 5, 27)  # Wed 20 May + 5 working days
    assert reply.due_on == D(2026, 6, 2)  # not moved before the office decides
    event = apply(item, A.APPROVE_EXTENSION, actor=w.office, as_role=OFF, at=at(2026, 5, 21))
    db.session.refresh(reply)
    assert reply.closed_at is None
    assert (reply.due_on, reply.unit, reply.provisional) == (D(2026, 8, 31), FIX, False)
    assert open_rows(item, K.EXTENSION_DECISION) == []
    assert event.data["previous_due"] == "2026-06-02" and event.data["new_due"] == "2026-08-31"


def test_an_extension_may_reach_six_months_from_assignment(make):
    w, item = in_handling(make, at(2026, 3, 2))
    _ask(item, w, at(2026, 5, 20), "2026-09-02")  # 2 Mar + 6 months
    apply(item, A.APPROVE_EXTENSION, actor=w.office, as_role=OFF, at=at(2026, 5, 21))
    assert open_rows(item, K.REPLY)[0].due_on == D(2026, 9, 2)


def test_an_extension_past_six_months_from_assignment_is_refused(make):
    w, item = in_handling(make, at(2026, 3, 2))
    with pytest.raises(InvalidData) as refused:
        _ask(item, w, at(2026, 5, 20), "2026-09-03")
    assert refused.value.field == "new_due_date"
    assert open_rows(item, K.EXTENSION_DECISION) == []
    assert open_rows(item, K.REPLY)[0].due_on == D(2026, 6, 2)


def test_an_extension_must_move_the_date_later(make):
    w, item = in_handling(make, at(2026, 3, 2))
    with pytest.raises(InvalidData):
        _ask(item, w, at(2026, 5, 20), "2026-06-02")


def test_a_refused_extension_leaves_the_due_date(make):
    w, item = in_handling(make, at(2026, 3, 2))
    _ask(item, w, at(2026, 5, 20), "2026-08-31")
    apply(item, A.REFUSE_EXTENSION, actor=w.office, as_role=OFF, at=at(2026, 5, 21),
          reason="理由不充分。")
    assert open_rows(item, K.REPLY)[0].due_on == D(2026, 6, 2)
    assert open_rows(item, K.EXTENSION_DECISION) == []


# --- Rules ----------------------------------------------------------------------------------------

def test_rule_for_prefers_the_channels_own_rule(make):
    assert rule_for(db.session, K.REGISTRATION, Channel.SESSION) == (1, MO, Anchor.SESSION_CLOSE)
    assert rule_for(db.session, K.REGISTRATION, Channel.BETWEEN) == (3, WD, Anchor.EVENT)
    assert rule_for(db.session, K.ROUTING, Channel.BETWEEN) == (7, WD, Anchor.SUBMITTED)
    assert rule_for(db.session, K.EVALUATION, Channel.SESSION) == (15, WD, Anchor.EVENT)


def test_rule_for_falls_back_to_the_defaults_channel_first(make, rules):
    db.session.execute(delete(DeadlineRule).where(
        DeadlineRule.kind.in_([K.REGISTRATION, K.ROUTING])))
    assert rule_for(db.session, K.REGISTRATION, Channel.SESSION) == (1, MO, Anchor.SESSION_CLOSE)
    assert rule_for(db.session, K.ROUTING, Channel.SESSION) == (1, MO, Anchor.SESSION_CLOSE)
    assert rule_for(db.session, K.REGISTRATION, Channel.BETWEEN) == (3, WD, Anchor.EVENT)
    assert rule_for(db.session, K.ROUTING, Channel.BETWEEN) == (7, WD, Anchor.SUBMITTED)


def test_seed_rules_keeps_an_administrators_change(make, rules):
    row = db.session.scalars(select(DeadlineRule).where(DeadlineRule.kind == K.EVALUATION)).one()
    row.amount = 10
    db.session.execute(delete(DeadlineRule).where(DeadlineRule.kind == K.REPLY))
    seed_rules(db.session)
    assert len(db.session.scalars(select(DeadlineRule)).all()) == len(DEADLINES)
    assert rule_for(db.session, K.EVALUATION, Channel.BETWEEN)[0] == 10
    assert rule_for(db.session, K.REPLY, Channel.BETWEEN) == (3, MO, Anchor.EVENT)


def _to_reply_signoff(make, w):
    item = make.suggestion(w.deputy, category=w.category)
    Walker(w, at(2026, 1, 5)).play(item, PATHS[State.REPLY_SIGNOFF][1])
    assert item.state is State.REPLY_SIGNOFF
    return item


def _issue(item, w, when):
    apply(item, A.ISSUE_REPLY, actor=w.leader, as_role=L, at=when, data={"disclosure": "public"})
    (evaluation,) = open_rows(item, K.EVALUATION)
    return evaluation


def test_changing_a_rule_changes_the_next_deadline_opened(make, rules):
    w = make.world()
    before, after = _to_reply_signoff(make, w), _to_reply_signoff(make, w)
    first = _issue(before, w, at(2026, 3, 6))
    # Fri 6 Mar + 15 working days = Fri 27 Mar.
    assert (first.amount, first.due_on) == (15, D(2026, 3, 27))
    row = db.session.scalars(select(DeadlineRule).where(DeadlineRule.kind == K.EVALUATION)).one()
    row.amount = 10
    db.session.flush()
    second = _issue(after, w, at(2026, 3, 6))
    # Fri 6 Mar + 10 working days = Fri 20 Mar.
    assert (second.amount, second.unit, second.due_on) == (10, WD, D(2026, 3, 20))
    db.session.refresh(first)
    assert first.due_on == D(2026, 3, 27)  # deadlines already open keep their date


def test_a_channel_rule_overrides_the_general_one(make, rules):
    db.session.add(DeadlineRule(kind=K.EVALUATION, channel=Channel.BETWEEN, amount=5, unit=WD,
                                anchor=Anchor.EVENT))
    db.session.flush()
    w = make.world()
    evaluation = _issue(_to_reply_signoff(make, w), w, at(2026, 3, 6))
    assert (evaluation.amount, evaluation.due_on) == (5, D(2026, 3, 13))


# --- Every state names who owes the next step-----------------------------------------------------

EXPECTED_OPEN: dict[State, set[DeadlineKind]] = {
    State.GROUP_REVIEW: {K.GROUP_REVIEW},
    State.COMMITTEE_REVIEW: {K.COMMITTEE_REVIEW},
    State.OFFICE_REVIEW: {K.OFFICE_REVIEW},
    State.RETURNED: {K.REVISION},
    State.PRE_APPROVED: {K.FORMAL_SUBMISSION},
    State.SUBMITTED: {K.REGISTRATION},
    State.REGISTERED: {K.ROUTING},
    State.ASSIGNED: {K.SIGN_FOR, K.REASSIGNMENT_WINDOW, K.CO_OPINION, K.REPLY},
    # The lead signed for; the co-unit (which the paths never sign for) still owes its receipt.
    State.IN_HANDLING: {K.REPLY, K.SIGN_FOR, K.REASSIGNMENT_WINDOW, K.CO_OPINION},
    State.REPLY_SIGNOFF: {K.REPLY_APPROVAL, K.REPLY, K.SIGN_FOR, K.REASSIGNMENT_WINDOW,
                          K.CO_OPINION},
    State.REPLIED: {K.EVALUATION},
    State.DISSATISFIED: {K.DISSATISFACTION_DECISION},
    State.REHANDLING: {K.REHANDLING_REPLY},
    State.ESCALATED: {K.ESCALATION_DECISION},
}
WAITING = [s for s in State if s not in FINAL and s is not State.DRAFT]


def test_expectations_cover_every_waiting_state():
    assert set(EXPECTED_OPEN) == set(WAITING) == set(STATE_DEADLINE)


def _walk(make, state):
    return make.item_in(state)


@pytest.mark.parametrize("state", WAITING, ids=str)
def test_each_state_has_its_deadline_open(make, state):
    w, item = _walk(make, state)
    rows = open_rows(item)
    kind = STATE_DEADLINE[state]
    mine = [d for d in rows if d.kind is kind]
    if DEADLINE_SPEC[kind].scope is Scope.ITEM:
        assert len(mine) == 1, f"{state}: {summary(rows)}"
    else:  # signing for: one row per unit still awaiting receipt
        assert sorted(d.owner_unit_id for d in mine) == sorted([w.unit.id, w.co_unit.id])
    assert {d.kind for d in rows} == EXPECTED_OPEN[state]
    # No other state's item-level deadline lingers, unless it is carried through this state.
    others = {d.kind for d in rows if d.kind in STATE_DEADLINE.values() and d.kind is not kind
              and DEADLINE_SPEC[d.kind].scope is Scope.ITEM}
    assert others <= {K.REPLY}
    cal = load_calendar(db.session)
    for d in rows:
        assert d.owner is DEADLINE_SPEC[d.kind].owner
        assert d.due_on >= d.counted_from
        assert (d.due_on, d.provisional) == due_for(cal, item, d.kind, d.counted_from, d.amount,
                                                    d.unit)


@pytest.mark.parametrize("state", sorted(FINAL), ids=str)
def test_final_states_leave_only_promises_open(make, state):
    w, item = _walk(make, state)
    kinds = [d.kind for d in open_rows(item)]
    if state is State.CLOSED:
        # The paths close on a B reply: its promise outlives the item, due on the promised date.
        (promise,) = open_rows(item)
        assert promise.kind is K.PROMISE and promise.unit is FIX
        assert promise.due_on >= promise.counted_from
    else:
        assert kinds == []


def test_closing_after_re_handling_closes_everything_but_promises(make):
    w, item = _walk(make, State.ESCALATED)
    apply(item, A.CONCLUDE, actor=w.supervisor, as_role=Role.SUPERVISOR, at=at(2026, 4, 1),
          reason="经主任会议研究，作出书面结论。")
    assert item.state is State.CLOSED
    assert {d.kind for d in open_rows(item)} <= {K.PROMISE, K.PROMISE_REVIEW, K.PROGRESS_REPORT}
    assert open_rows(item, K.ESCALATION_DECISION) == []


# --- Owners---------------------------------------------------------------------------------------

def test_owners_of_follow_the_owner_kind(make):
    w, item = routed(make, at(2026, 3, 6))
    by_unit = {d.owner_unit_id: d for d in open_rows(item, K.SIGN_FOR)}
    assert owners_of(db.session, by_unit[w.unit.id], item) == [w.handler]
    assert owners_of(db.session, by_unit[w.co_unit.id], item) == [w.co_handler]
    (reply,) = open_rows(item, K.REPLY)
    assert owners_of(db.session, reply, item) == [w.handler]

    _, review = _session_item_in_group_review(make, at(2025, 12, 1), w=w)
    (group,) = open_rows(review, K.GROUP_REVIEW)
    assert group.owner_user_id == w.group_leader.id
    assert owners_of(db.session, group, review) == [w.group_leader]
    apply(review, A.PASS_REVIEW, actor=w.group_leader, as_role=Role.GROUP_LEADER,
          at=at(2025, 12, 2))
    (committee,) = open_rows(review, K.COMMITTEE_REVIEW)
    assert owners_of(db.session, committee, review) == [w.committee_staff]
    apply(review, A.RETURN_FOR_REVISION, actor=w.committee_staff, as_role=Role.COMMITTEE_STAFF,
          at=at(2025, 12, 3), reason="请补充数据。")
    (revision,) = open_rows(review, K.REVISION)
    assert owners_of(db.session, revision, review) == [w.deputy]

    _, fresh = submitted(make, at(2026, 3, 6), w=w)
    (registration,) = open_rows(fresh, K.REGISTRATION)
    assert owners_of(db.session, registration, fresh) == [w.office]
