"""Deactivating a person here: their open work goes to a successor, reminders stop, history stays;
the last administrator and a body's last member with open work are kept, with the reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import add_congress
from tests.factories import at
from tracker.domain.core.engine import apply
from tracker.domain.errors import InvalidData
from tracker.domain.people.handover import open_work
from tracker.domain.people.leaving import deactivate_person
from tracker.extensions import db
from tracker.models import Deadline, Reminder, Suggestion, UserRole, tenancy
from tracker.models.reminder import Audience, ReminderStatus, Via
from tracker.workflow import Action, DeadlineKind, Role, State

WHEN = at(2026, 5, 20)


def _open(item, kind):
    return db.session.scalar(select(Deadline).where(Deadline.suggestion_id == item.id, Deadline.kind == kind,
                                                    Deadline.closed_at.is_(None)))


def test_a_group_leader_leaving_hands_the_group_and_its_open_review_to_the_successor(make):
    w, item = make.item_in(State.GROUP_REVIEW)
    review = _open(item, DeadlineKind.GROUP_REVIEW)
    assert review.owner_user_id == w.group_leader.id
    db.session.add(Reminder(deadline_id=review.id, suggestion_id=item.id, due_on=review.due_on, level=1,
                            audience=Audience.OWNER, recipient_id=w.group_leader.id, via=Via.INAPP,
                            created_at=WHEN, due_at=WHEN, payload={}))
    db.session.flush()
    with pytest.raises(InvalidData) as err:
        deactivate_person(db.session, w.admin, w.group_leader, successor=None, at=WHEN)
    assert err.value.field == "successor_id"
    with pytest.raises(InvalidData):  # a group is led by a deputy
        deactivate_person(db.session, w.admin, w.group_leader, successor=w.office, at=WHEN)
    off = deactivate_person(db.session, w.admin, w.group_leader, successor=w.deputy2, at=WHEN)
    db.session.commit()
    assert off and not w.group_leader.is_active_user and w.group_leader.roles == set()
    assert w.group_leader.membership.ended_at is not None
    assert review.owner_user_id == w.deputy2.id and w.group.leader_id == w.deputy2.id
    assert Role.GROUP_LEADER in w.deputy2.roles
    assert db.session.scalar(select(Reminder.status)) is ReminderStatus.CANCELLED
    # The successor reviews now; the item's history keeps its author and events.
    apply(item, Action.PASS_REVIEW, actor=w.deputy2, as_role=Role.GROUP_LEADER, at=WHEN + timedelta(hours=1))
    assert item.state is State.COMMITTEE_REVIEW
    assert not any(d.owner_user_id == w.group_leader.id for d in db.session.scalars(
        select(Deadline).where(Deadline.closed_at.is_(None))))


def test_a_deputys_own_deadlines_go_to_the_successor_and_the_items_stay_theirs(make):
    w, item = make.item_in(State.REPLIED)
    evaluation = _open(item, DeadlineKind.EVALUATION)
    assert evaluation.owner_user_id == w.deputy.id
    deactivate_person(db.session, w.admin, w.deputy, successor=w.office, at=WHEN)
    assert evaluation.owner_user_id == w.office.id
    assert db.session.get(Suggestion, item.id).author_id == w.deputy.id


def test_the_last_administrator_cannot_be_deactivated(make):
    w = make.world()
    with pytest.raises(InvalidData) as err:
        deactivate_person(db.session, w.admin, w.admin, successor=None, at=WHEN)
    assert "last administrator" in err.value.message("en")
    second = make.user(Role.ADMIN)
    with pytest.raises(InvalidData) as err:  # not the last: still not oneself
        deactivate_person(db.session, w.admin, w.admin, successor=None, at=WHEN)
    assert "your own" in err.value.message("en")
    deactivate_person(db.session, second, w.admin, successor=None, at=WHEN)
    assert not w.admin.is_active_user
    with pytest.raises(InvalidData) as err:
        deactivate_person(db.session, second, second, successor=None, at=WHEN)
    assert "last administrator" in err.value.message("en")


def test_the_last_unit_handler_with_open_work_needs_a_successor_of_that_unit(make):
    w, item = make.item_in(State.IN_HANDLING)
    work = open_work(db.session, w.handler)
    assert (Role.UNIT_HANDLER, w.unit.id) in work.bodies
    with pytest.raises(InvalidData) as err:
        deactivate_person(db.session, w.admin, w.handler, successor=w.other_handler, at=WHEN)
    assert err.value.field == "successor_id"
    newcomer = make.user(Role.OFFICE_STAFF)
    deactivate_person(db.session, w.admin, w.handler, successor=newcomer, at=WHEN)
    assert newcomer.unit_id == w.unit.id and Role.UNIT_HANDLER in newcomer.roles


def test_someone_of_another_congress_keeps_their_account(make):
    w = make.world()
    other = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, other.id):
        db.session.add(UserRole(user_id=w.deputy3.id, role=Role.DEPUTY))
    db.session.commit()
    off = deactivate_person(db.session, w.admin, w.deputy3, successor=None, at=WHEN)
    db.session.commit()
    assert not off and w.deputy3.is_active_user and w.deputy3.roles == set()
    with tenancy.scope(db.session, other.id):
        assert db.session.get(type(w.deputy3), w.deputy3.id).roles == {Role.DEPUTY}
