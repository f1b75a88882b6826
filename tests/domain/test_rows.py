"""Every row of the table: its roles succeed; other roles, strangers and wrong states are refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from seeds.paths import Walker
from tests.domain.cases import actor_for, case_for, stranger_for
from tests.factories import at
from tracker.domain.core.engine import apply
from tracker.domain.errors import DomainError, NotAllowedNow, NotYourItem, RoleNotHeld
from tracker.extensions import db
from tracker.models import AuditEvent
from tracker.workflow import TRANSITIONS, Action, Channel, Role, State, rows_for

START = at(2025, 12, 1)


def _stage(make, row):
    w = make.world()
    w.main_item = make.suggestion(w.deputy2, category=w.category)
    case = case_for(row, w)
    item = make.suggestion(w.deputy, channel=case.channel, category=w.category,
                           session=w.session if case.channel is Channel.SESSION else None)
    walker = Walker(w, START)
    clock = walker.play(item, case.steps) + timedelta(days=case.days_later)
    if case.during_session:
        clock = at(2026, 1, 13)
    assert item.state is row.source, "the staging path did not reach the row's source"
    return w, item, case, clock


def _snapshot(item):
    return item.state, item.lock_version, db.session.scalar(select(func.count(AuditEvent.id)))


ROW_ROLE = [(i, role) for i, row in enumerate(TRANSITIONS) for role in sorted(row.roles)]


@pytest.mark.parametrize(("index", "role"), ROW_ROLE,
                         ids=[f"{TRANSITIONS[i].action}-{TRANSITIONS[i].source}-{TRANSITIONS[i].own}"
                              f"-{'+'.join(TRANSITIONS[i].guards) or 'plain'}-{r}"
                              for i, r in ROW_ROLE])
def test_row_succeeds_for_its_role_and_refuses_others(make, index, role):
    row = TRANSITIONS[index]
    w, item, case, clock = _stage(make, row)
    before = _snapshot(item)
    for other in Role:
        if other in row.roles:
            continue
        intruder = getattr(w, actor_for(row, other))
        with pytest.raises(RoleNotHeld):
            apply(item, row.action, actor=intruder, as_role=other, at=clock, reason=case.reason,
                  data=case.data)
    stranger = stranger_for(row, role)
    if stranger:
        with pytest.raises((NotYourItem, NotAllowedNow)):
            apply(item, row.action, actor=getattr(w, stranger), as_role=role, at=clock,
                  reason=case.reason, data=case.data)
    assert _snapshot(item) == before
    actor = getattr(w, actor_for(row, role))
    event = apply(item, row.action, actor=actor, as_role=role, at=clock, reason=case.reason,
                  data=case.data)
    db.session.commit()
    assert item.state is row.target
    assert (event.action, event.from_state, event.to_state) == (row.action.value, row.source,
                                                                row.target)
    assert event.actor_id == actor.id and event.role is role


@pytest.mark.parametrize("state", list(State))
def test_actions_not_in_the_table_for_a_state_are_refused(make, state):
    w, item = make.item_in(state, start=START)
    clock = at(2026, 6, 1)
    everyone = make.user(*Role, unit_id=w.unit.id, committee_id=w.committee.id)
    before = _snapshot(item)
    refused = [a for a in Action if not rows_for(state, a)]
    for action in refused:
        with pytest.raises(NotAllowedNow):
            apply(item, action, actor=everyone, as_role=Role.OFFICE_STAFF, at=clock,
                  reason="x", data={})
    assert _snapshot(item) == before
    assert refused or state is State.DRAFT


def test_reason_required_rows_refuse_a_blank_reason(make):
    row = rows_for(State.OFFICE_REVIEW, Action.RETURN_FOR_REVISION)[0]
    w, item, case, clock = _stage(make, row)
    before = _snapshot(item)
    with pytest.raises(DomainError) as err:
        apply(item, row.action, actor=w.office, as_role=Role.OFFICE_STAFF, at=clock, reason="  ")
    assert err.value.code == "reason_missing" and "理由" in err.value.zh
    assert _snapshot(item) == before


def test_unknown_action_and_role_not_held(make):
    w = make.world()
    item = make.suggestion(w.deputy)
    with pytest.raises(DomainError) as err:
        apply(item, "fly_to_the_moon", actor=w.deputy, as_role=Role.DEPUTY)
    assert err.value.code == "unknown_action"
    with pytest.raises(RoleNotHeld):
        apply(item, Action.SUBMIT_FOR_REVIEW, actor=w.deputy, as_role=Role.OFFICE_STAFF)


def test_invalid_input_is_refused_and_rolled_back_without_trace(make):
    row = rows_for(State.REGISTERED, Action.ROUTE)[0]
    w, item, case, clock = _stage(make, row)
    db.session.commit()
    before = _snapshot(item)
    with pytest.raises(DomainError) as err:
        apply(item, Action.ROUTE, actor=w.office, as_role=Role.OFFICE_STAFF, at=clock,
              data={"lead_unit": w.unit.id, "co_units": [w.unit.id]})
    assert err.value.field == "co_units"
    db.session.rollback()
    assert _snapshot(item) == before


def test_closed_item_takes_no_item_action(make):
    w, item = make.item_in(State.CLOSED, start=START)
    clock = at(2026, 6, 1)
    with pytest.raises(NotAllowedNow) as err:
        apply(item, Action.EVALUATE, actor=w.deputy, as_role=Role.DEPUTY, at=clock,
              data={"attitude": "satisfied", "result": "satisfied"})
    assert "办结" in err.value.zh
