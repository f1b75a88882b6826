"""Taking a role away on the users page hands its open work over as leaving does: the last
handler of a unit with open assignments, a group leader with open reviews, someone moved to another
unit; refused with the reason without a fit successor, free when nothing is owed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories import at
from tracker.domain.errors import InvalidData
from tracker.domain.people.users import PersonInput, edit_person
from tracker.extensions import db
from tracker.models import AuditEvent, Deadline
from tracker.workflow import DeadlineKind, Role, State

WHEN = at(2026, 5, 20)


def _as_is(user, **kw) -> PersonInput:
    """The person's page as it stands, with `kw` changed."""
    return PersonInput(**({"name": user.name, "username": user.username, "phone": user.phone,
                           "email": user.email, "roles": sorted(user.roles), "group_id": user.group_id,
                           "committee_id": user.committee_id, "unit_id": user.unit_id,
                           "title": user.title} | kw))


def _edited():
    return db.session.scalar(select(AuditEvent.data).where(AuditEvent.action == "edit_user")
                             .order_by(AuditEvent.id.desc()).limit(1))


def test_the_last_handler_of_a_unit_with_open_assignments_needs_a_successor_there(make):
    w, _item = make.item_in(State.IN_HANDLING)
    data = _as_is(w.handler, roles=[Role.UNIT_LEADER])  # the handler becomes the unit's leader
    with pytest.raises(InvalidData) as err:
        edit_person(db.session, w.admin, w.handler, data, at=WHEN)
    assert err.value.field == "successor_id" and w.handler.name in err.value.message("en")
    with pytest.raises(InvalidData) as err:  # a handler of another unit does not work there
        edit_person(db.session, w.admin, w.handler, data, at=WHEN, successor=w.other_handler)
    assert "work there too" in err.value.message("en")
    assert w.handler.roles == {Role.UNIT_HANDLER}
    newcomer = make.user(Role.OFFICE_STAFF)
    assert edit_person(db.session, w.admin, w.handler, data, at=WHEN, successor=newcomer)
    assert w.handler.roles == {Role.UNIT_LEADER}
    assert Role.UNIT_HANDLER in newcomer.roles and newcomer.unit_id == w.unit.id
    audit = _edited()
    assert audit["successor"] == newcomer.id and audit["bodies"] == [["unit_handler", w.unit.id]]


def test_moving_the_last_handler_to_another_unit_hands_the_old_units_work_over(make):
    w, _item = make.item_in(State.IN_HANDLING)
    data = _as_is(w.handler, unit_id=w.other_unit.id)
    with pytest.raises(InvalidData) as err:
        edit_person(db.session, w.admin, w.handler, data, at=WHEN)
    assert err.value.field == "successor_id"
    second = make.user(Role.UNIT_HANDLER, unit_id=w.unit.id)  # now the unit has another handler
    assert edit_person(db.session, w.admin, w.handler, data, at=WHEN)
    assert w.handler.unit_id == w.other_unit.id and second.roles == {Role.UNIT_HANDLER}


def test_a_group_leader_with_open_reviews_hands_them_and_the_group_to_a_deputy(make):
    w, item = make.item_in(State.GROUP_REVIEW)
    data = _as_is(w.group_leader, roles=[Role.DEPUTY])
    with pytest.raises(InvalidData) as err:
        edit_person(db.session, w.admin, w.group_leader, data, at=WHEN)
    assert err.value.field == "successor_id"
    with pytest.raises(InvalidData) as err:
        edit_person(db.session, w.admin, w.group_leader, data, at=WHEN, successor=w.office)
    assert "must be a deputy" in err.value.message("en")
    assert edit_person(db.session, w.admin, w.group_leader, data, at=WHEN, successor=w.deputy2)
    review = db.session.scalar(select(Deadline).where(
        Deadline.suggestion_id == item.id, Deadline.kind == DeadlineKind.GROUP_REVIEW,
        Deadline.closed_at.is_(None)))
    assert review.owner_user_id == w.deputy2.id and w.group.leader_id == w.deputy2.id
    assert w.group_leader.roles == {Role.DEPUTY} and Role.GROUP_LEADER in w.deputy2.roles
    assert _edited()["deadlines"] == [review.id]


def test_a_quiet_groups_leader_gives_the_role_up_and_the_group_waits_to_be_re_formed(make):
    w = make.world()
    assert edit_person(db.session, w.admin, w.group_leader, _as_is(w.group_leader, roles=[Role.DEPUTY]),
                       at=WHEN)
    assert w.group.leader_id is None and w.group_leader.roles == {Role.DEPUTY}
    assert _edited()["groups"] == [w.group.id] and _edited()["successor"] is None


def test_a_deputys_own_steps_stay_theirs_while_they_stay_a_deputy(make):
    w, item = make.item_in(State.REPLIED)  # the author owes the evaluation
    assert edit_person(db.session, w.admin, w.deputy, _as_is(w.deputy, name="李代表（新）"), at=WHEN)
    assert edit_person(db.session, w.admin, w.deputy, _as_is(w.deputy, roles=[Role.DEPUTY, Role.SUPERVISOR]),
                       at=WHEN)
    evaluation = db.session.scalar(select(Deadline).where(Deadline.suggestion_id == item.id,
                                                          Deadline.kind == DeadlineKind.EVALUATION))
    assert evaluation.owner_user_id == w.deputy.id
    with pytest.raises(InvalidData) as err:  # no longer a deputy: the evaluation needs a successor
        edit_person(db.session, w.admin, w.deputy, _as_is(w.deputy, roles=[Role.SUPERVISOR]), at=WHEN)
    assert err.value.field == "successor_id"
