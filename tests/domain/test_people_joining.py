"""Someone who already has an account in another congress: the new-user form names them (name and
the mobile's last four digits only) and adds them here to that one account, their other congress
untouched; someone of this congress stays a duplicate."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import add_congress
from tests.factories import at
from tracker.domain.errors import InvalidData, RoleNotHeld
from tracker.domain.people.contact import AccountElsewhere
from tracker.domain.people.leaving import deactivate_person
from tracker.domain.people.users import PersonInput, create_person, join_person
from tracker.extensions import db
from tracker.models import AuditEvent, Membership, User, UserRole, tenancy
from tracker.workflow import Role

WHEN = at(2026, 5, 20)


def _typed(**kw) -> PersonInput:
    return PersonInput(**({"name": "王某", "username": "wangmou", "phone": "+86 139 1234 1234",
                           "email": "", "roles": [Role.DEPUTY]} | kw))


def _elsewhere(make, **kw):
    """A person of another congress: a supervisor there, titled 主任, with a mobile."""
    other = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, other.id):
        person = make.user(Role.SUPERVISOR, name="王某某", phone="13912341234", username="wang.cx", **kw)
        person.email, person.title = "wang@chengxi.example.test", "主任"
    db.session.commit()
    return other, person


def _rows(user: User) -> set:
    return set(db.session.execute(select(UserRole.congress_id, UserRole.role).where(
        UserRole.user_id == user.id).execution_options(all_congresses=True)).all())


@pytest.mark.parametrize("typed, field", [
    ({}, "phone"), ({"phone": "", "email": "WANG@chengxi.example.test"}, "email"),
    ({"phone": "", "username": "Wang.CX"}, "username"),
])
def test_the_form_names_the_account_of_another_congress_and_nothing_more(make, typed, field):
    w = make.world()
    _other, person = _elsewhere(make)
    with pytest.raises(AccountElsewhere) as err:
        create_person(db.session, w.admin, _typed(**typed), at=WHEN)
    assert err.value.field == field and err.value.account_id == person.id
    said = err.value.message("zh")
    assert said.startswith("此人已在其他人大常委会有账号：王某某，手机尾号1234")
    assert "13912341234" not in said and "主任" not in said and "wang" not in said.lower()
    assert db.session.scalar(select(func.count(AuditEvent.id))) == 0


def test_adding_them_here_keeps_one_account_and_the_other_congress_as_it_was(make):
    w = make.world()
    here = tenancy.current_congress_id()
    other, person = _elsewhere(make)
    users_before = db.session.scalar(select(func.count(User.id)))
    joined = join_person(db.session, w.admin, _typed(name="别的名字", roles=[Role.UNIT_HANDLER],
                                                     unit_id=w.unit.id, title="科员"),
                         account_id=person.id, at=WHEN)
    db.session.commit()
    assert joined is person and db.session.scalar(select(func.count(User.id))) == users_before
    assert person.roles == {Role.UNIT_HANDLER} and person.unit_id == w.unit.id and person.title == "科员"
    assert (person.name, person.username, person.phone) == ("王某某", "wang.cx", "13912341234")
    assert _rows(person) == {(here, Role.UNIT_HANDLER), (other.id, Role.SUPERVISOR)}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "join_user"))
    assert (event.actor_id, event.data["user"], event.data["matched"]) == (w.admin.id, person.id, "phone")
    with tenancy.scope(db.session, other.id):
        assert person.roles == {Role.SUPERVISOR} and person.title == "主任" and person.unit_id is None
        assert db.session.scalar(select(func.count(AuditEvent.id))) == 0  # nothing written there
    with pytest.raises(InvalidData) as err:  # now they are here: a duplicate like anyone here
        create_person(db.session, w.admin, _typed(), at=WHEN)
    assert not isinstance(err.value, AccountElsewhere) and err.value.field == "phone"


def test_the_join_is_checked_against_the_details_again(make):
    w = make.world()
    _other, person = _elsewhere(make)
    with pytest.raises(InvalidData) as err:  # the mobile changed since the offer: nobody's
        join_person(db.session, w.admin, _typed(phone="13800000000"), account_id=person.id, at=WHEN)
    assert "no longer" in err.value.message("en")
    with pytest.raises(AccountElsewhere) as err:  # not the one offered: offered instead
        join_person(db.session, w.admin, _typed(), account_id=w.deputy.id, at=WHEN)
    assert err.value.account_id == person.id
    with pytest.raises(InvalidData) as err:  # the roles and place here are checked as for anyone
        join_person(db.session, w.admin, _typed(roles=[Role.UNIT_HANDLER]), account_id=person.id, at=WHEN)
    assert err.value.field == "unit_id"
    with pytest.raises(RoleNotHeld):
        join_person(db.session, w.office, _typed(), account_id=person.id, at=WHEN)
    assert person.roles == set() and db.session.scalar(select(func.count(AuditEvent.id))) == 0


def test_someone_of_this_congress_stays_a_duplicate(make):
    w = make.world()
    other = add_congress("chengxi", "城西区")
    w.deputy.phone = "13912341234"
    with tenancy.scope(db.session, other.id):  # in both congresses: still someone here
        db.session.add(UserRole(user_id=w.deputy.id, role=Role.DEPUTY))
    db.session.commit()
    with pytest.raises(InvalidData) as err:
        create_person(db.session, w.admin, _typed(), at=WHEN)
    assert not isinstance(err.value, AccountElsewhere) and w.deputy.username in err.value.message("en")
    deactivate_person(db.session, w.admin, w.deputy3, successor=None, at=WHEN)  # ended here: still here
    with pytest.raises(InvalidData) as err:
        create_person(db.session, w.admin, _typed(phone="", username=w.deputy3.username), at=WHEN)
    assert not isinstance(err.value, AccountElsewhere) and err.value.field == "username"


def test_two_accounts_named_or_the_platform_administrators_are_duplicates(make):
    w = make.world()
    _other, person = _elsewhere(make)
    with pytest.raises(InvalidData) as err:  # the mobile is theirs, the email someone's here
        create_person(db.session, w.admin, _typed(email=w.deputy.email), at=WHEN)
    assert not isinstance(err.value, AccountElsewhere)
    person.is_platform_admin = True
    db.session.flush()
    with pytest.raises(InvalidData) as err:
        create_person(db.session, w.admin, _typed(), at=WHEN)
    assert not isinstance(err.value, AccountElsewhere) and err.value.field == "phone"


def test_an_account_switched_off_when_they_left_is_switched_on_here(make):
    w = make.world()
    other, person = _elsewhere(make)
    with tenancy.scope(db.session, other.id):
        admin_there = make.user(Role.ADMIN)
        assert deactivate_person(db.session, admin_there, person, successor=None, at=WHEN)
    db.session.commit()
    assert not person.is_active_user
    with pytest.raises(AccountElsewhere):  # their place there ended; the account is still theirs
        create_person(db.session, w.admin, _typed(), at=WHEN)
    join_person(db.session, w.admin, _typed(), account_id=person.id, at=WHEN)
    db.session.commit()
    assert person.is_active_user and person.roles == {Role.DEPUTY}
    assert db.session.scalar(select(AuditEvent.data).where(AuditEvent.action == "join_user"))["account_on"]
    with tenancy.scope(db.session, other.id):
        assert db.session.scalar(select(Membership.ended_at).where(Membership.user_id == person.id))
