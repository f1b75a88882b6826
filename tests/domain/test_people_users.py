"""People administration without HTTP: creating and editing people of one congress, their contact
details checked, duplicates refused, roles per congress, the last administrator kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import add_congress
from tests.factories import at
from tracker.domain.accounts.contact import normalize_phone
from tracker.domain.accounts.recovery import issue_reset, redeem_reset
from tracker.domain.errors import InvalidData, RoleNotHeld
from tracker.domain.people.users import PeopleFilter, PersonInput, create_person, edit_person, people_page
from tracker.extensions import db
from tracker.models import AuditEvent, UserRole, tenancy
from tracker.security import verify_password
from tracker.workflow import Role

WHEN = at(2026, 5, 20)


@pytest.mark.parametrize("raw, phone", [
    ("13912345678", "13912345678"), ("+86 139 1234 5678", "13912345678"), ("139-1234-5678", "13912345678"),
    ("008613912345678", "13912345678"), ("12912345678", None), ("1391234567", None), ("010-12345678", None),
])
def test_mainland_mobiles(raw, phone):
    assert normalize_phone(raw) == phone


def _person(**kw) -> PersonInput:
    return PersonInput(**({"name": "马新", "username": "maxin", "phone": "+86 139 0000 1111",
                           "email": "maxin@example.gov.cn", "roles": [Role.DEPUTY]} | kw))


def test_create_places_the_person_here_with_a_one_time_link(make):
    w = make.world()
    user, token = create_person(db.session, w.admin, _person(group_id=w.group.id), at=WHEN)
    db.session.commit()
    assert user.phone == "13900001111" and user.group_id == w.group.id and user.roles == {Role.DEPUTY}
    assert user.must_change_password and not user.password_hash
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "create_user"))
    assert event.actor_id == w.admin.id and event.data["user"] == user.id and token not in str(event.data)
    assert redeem_reset(db.session, token, "first-pw-2026", at=WHEN) is user
    assert verify_password(user.password_hash, "first-pw-2026") and not user.must_change_password


@pytest.mark.parametrize("over, field", [
    ({"phone": "12345"}, "phone"), ({"email": "not-an-address"}, "email"), ({"name": "  "}, "name"),
    ({"username": "has space"}, "username"), ({"roles": []}, "roles"),
    ({"roles": [Role.UNIT_HANDLER]}, "unit_id"),
])
def test_bad_input_is_refused_on_its_field(make, over, field):
    w = make.world()
    with pytest.raises(InvalidData) as err:
        create_person(db.session, w.admin, _person(**over), at=WHEN)
    assert err.value.field == field


def test_duplicates_are_refused_with_the_account_named(make):
    w = make.world()
    w.deputy.phone = "13900001111"
    db.session.flush()
    with pytest.raises(InvalidData) as err:
        create_person(db.session, w.admin, _person(), at=WHEN)
    assert err.value.field == "phone" and w.deputy.username in err.value.message("en")
    with pytest.raises(InvalidData) as err:
        create_person(db.session, w.admin, _person(phone="", email=w.deputy2.email.upper()), at=WHEN)
    assert err.value.field == "email"
    with pytest.raises(InvalidData) as err:
        create_person(db.session, w.admin, _person(username=w.deputy.username.upper(), phone=""), at=WHEN)
    assert err.value.field == "username"


def test_only_an_administrator_manages_people(make):
    w = make.world()
    with pytest.raises(RoleNotHeld):
        create_person(db.session, w.office, _person(), at=WHEN)


def test_editing_here_leaves_another_congress_alone(make):
    w = make.world()
    here = tenancy.current_congress_id()
    other = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, other.id):
        db.session.add(UserRole(user_id=w.deputy.id, role=Role.SUPERVISOR))
    db.session.commit()
    edit_person(db.session, w.admin, w.deputy, _person(name="李代表", phone="", email=w.deputy.email,
                                                       roles=[Role.DEPUTY, Role.GROUP_LEADER],
                                                       group_id=w.group.id), at=WHEN)
    db.session.commit()
    rows = db.session.execute(select(UserRole.congress_id, UserRole.role).where(
        UserRole.user_id == w.deputy.id).execution_options(all_congresses=True)).all()
    assert set(rows) == {(here, Role.DEPUTY), (here, Role.GROUP_LEADER), (other.id, Role.SUPERVISOR)}


def test_the_last_administrator_keeps_the_role(make):
    w = make.world()
    data = _person(name=w.admin.name, phone="", email=w.admin.email, roles=[Role.OFFICE_STAFF])
    with pytest.raises(InvalidData) as err:
        edit_person(db.session, w.admin, w.admin, data, at=WHEN)
    assert err.value.field == "roles"
    second = make.user(Role.ADMIN)
    assert edit_person(db.session, second, w.admin, data, at=WHEN)


def test_list_searches_and_filters_only_this_congress(make):
    w = make.world()
    w.handler.phone = "13812345678"
    other = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, other.id):
        stranger = make.user(Role.DEPUTY, name="城西代表")
    db.session.commit()
    everyone, more = people_page(db.session, PeopleFilter())
    assert w.admin in everyone and stranger not in everyone and not more
    assert people_page(db.session, PeopleFilter(q="1234 5678"))[0] == [w.handler]
    assert people_page(db.session, PeopleFilter(q=w.deputy2.username))[0] == [w.deputy2]
    assert set(people_page(db.session, PeopleFilter(unit_id=w.unit.id))[0]) == {w.handler, w.leader}
    assert set(people_page(db.session, PeopleFilter(role=Role.DEPUTY, group_id=w.group.id))[0]) == {
        w.deputy, w.deputy2, w.deputy3, w.group_leader}


def test_an_administrators_reset_is_audited_and_forces_a_change(make):
    w = make.world()
    token = issue_reset(db.session, w.deputy, by=w.admin, at=WHEN)
    assert w.deputy.must_change_password and len(token) > 20
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "issue_reset"))
    assert event.actor_id == w.admin.id and event.data["user"] == w.deputy.id
