"""The users pages across congresses and roles: someone with an account in another congress offered
(name and the mobile's last digits only) and added here to that account, seeing both congresses in
the header; someone here still a duplicate; a role taken away handing its open work to a successor."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.conftest import add_congress
from tests.web.helpers import CHEAP_HASH, text
from tracker.extensions import db
from tracker.models import AuditEvent, User, UserRole, tenancy
from tracker.workflow import Role, State

THEIR_TITLE = "城西区人大常委会秘书长"  # what the other congress knows of them, never shown here


def _person(**over) -> dict:
    return {"username": "wangmou", "name": "王某", "phone": "", "email": "", "roles": ["unit_handler"],
            "group_id": "", "committee_id": "", "unit_id": "", "title": "科员"} | over


def _elsewhere(make):
    other = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, other.id):
        person = make.user(Role.SUPERVISOR, name="王某某", phone="13912341234", username="wang.cx")
        person.email, person.title = "wang@chengxi.example.test", THEIR_TITLE
        person.password_hash = CHEAP_HASH
    db.session.commit()
    return other, person


def test_someone_of_another_congress_is_offered_then_added_and_sees_both_congresses(auth, world, make):
    other, person = _elsewhere(make)
    here = tenancy.current_congress_id()
    client = auth.as_(world.admin)
    typed = _person(email="Wang@chengxi.example.test", unit_id=str(world.unit.id))
    response = client.post("/admin/users/new", data=typed)
    page = text(response)
    assert response.status_code == 400
    assert "此人已在其他人大常委会有账号：王某某，手机尾号1234" in page and 'id="join-offer"' in page
    assert f'name="join_id" type="hidden" value="{person.id}"' in page
    assert "13912341234" not in page and THEIR_TITLE not in page and "wang.cx" not in page
    users_before = db.session.scalar(select(func.count(User.id)))
    response = client.post("/admin/users/join", data={**typed, "join_id": str(person.id)})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/admin/users/{person.id}")
    assert "已加入本级" in text(client.get(response.headers["Location"]))
    db.session.expire_all()
    assert db.session.scalar(select(func.count(User.id))) == users_before
    rows = set(db.session.execute(select(UserRole.congress_id, UserRole.role).where(
        UserRole.user_id == person.id).execution_options(all_congresses=True)).all())
    assert rows == {(here, Role.UNIT_HANDLER), (other.id, Role.SUPERVISOR)}
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "join_user")) == 1
    home = text(auth.as_(person).get("/"))
    assert "城东区人大常委会" in home and "城西区人大常委会" in home  # the header's picker, my_congresses
    assert auth.client.post(f"/congress/{other.id}").status_code == 302


def test_someone_here_is_still_a_duplicate_without_an_offer(auth, world):
    world.deputy.phone = "13912341234"
    db.session.commit()
    response = auth.as_(world.admin).post("/admin/users/new", data=_person(phone="139 1234 1234",
                                                                           roles=["deputy"]))
    page = text(response)
    assert response.status_code == 400 and 'data-field-error="phone"' in page
    assert world.deputy.username in page and 'id="join-offer"' not in page


def test_an_offer_for_someone_else_is_not_taken_up(auth, world, make):
    _other, person = _elsewhere(make)
    client = auth.as_(world.admin)
    typed = _person(phone="13912341234", unit_id=str(world.unit.id))
    response = client.post("/admin/users/join", data={**typed, "join_id": str(world.deputy.id)})
    page = text(response)
    assert response.status_code == 400 and "手机尾号1234" in page  # offered the one the details name
    assert f'value="{person.id}"' in page
    assert db.session.scalar(select(func.count(AuditEvent.id))) == 0


def _edit(client, user, **over):
    data = {"username": user.username, "name": user.name, "phone": user.phone, "email": user.email,
            "roles": sorted(r.value for r in user.roles), "title": user.title,
            **{c: str(getattr(user, c) or "") for c in ("group_id", "committee_id", "unit_id")}} | over
    return client.post(f"/admin/users/{user.id}", data=data)


def test_taking_the_last_handlers_role_away_needs_a_successor_of_that_unit(auth, world, item_in, make):
    item_in(State.IN_HANDLING)
    newcomer = make.user(Role.OFFICE_STAFF, name="新来的")
    db.session.commit()
    client = auth.as_(world.admin)
    assert 'id="successor_id"' in text(client.get(f"/admin/users/{world.handler.id}"))
    assert 'id="successor_id"' not in text(client.get("/admin/users/new"))
    response = _edit(client, world.handler, roles=["unit_leader"], title="副局长")
    page = text(response)
    assert response.status_code == 400 and 'data-field-error="successor_id"' in page
    assert "请指定接替人" in page and 'value="副局长"' in page
    response = _edit(client, world.handler, roles=["unit_leader"], successor_id=str(newcomer.id))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, world.handler.id).roles == {Role.UNIT_LEADER}
    newcomer = db.session.get(User, newcomer.id)
    assert Role.UNIT_HANDLER in newcomer.roles and newcomer.unit_id == world.unit.id
    edited = db.session.scalars(select(AuditEvent.data).where(AuditEvent.action == "edit_user")).all()
    assert [e["successor"] for e in edited] == [newcomer.id]
