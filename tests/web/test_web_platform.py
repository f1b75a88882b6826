"""The platform administrator's pages: founding a congress with its first administrator,
appointing administrators, and the header's congress picker for people in several congresses."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import add_congress
from tests.web.helpers import CHEAP_HASH, PASSWORD
from tracker import tenancy
from tracker.extensions import db
from tracker.models import AuditEvent, Congress, User, UserRole
from tracker.workflow import Role

FOUNDING = {"code": "chengxi", "name": "西宁市城西区人民代表大会常务委员会", "short_name": "城西区人大常委会",
            "place": "城西区", "office_name": "人代联工委", "level": "county",
            "username": "cx_admin", "admin_name": "城西管理员", "password": "a-long-password"}


@pytest.fixture
def platform(make):
    user = make.user(username="pingtai", name="平台管理员", is_platform_admin=True)
    user.password_hash = CHEAP_HASH
    db.session.commit()
    return user


def _everywhere(stmt):
    return db.session.scalars(stmt.execution_options(all_congresses=True))


def test_only_the_platform_administrator_sees_the_pages(auth, make, platform):
    admin = make.user(Role.ADMIN)
    admin.password_hash = CHEAP_HASH
    db.session.commit()
    for url in ("/platform/congresses", "/platform/congresses/new"):
        assert auth.as_(admin).get(url).status_code == 404  # to others these pages do not exist
        assert auth.as_(platform).get(url).status_code == 200


def test_founding_makes_the_congress_and_its_administrator_audited_in_its_own_trail(auth, platform):
    page = auth.as_(platform).post("/platform/congresses/new", data=FOUNDING)
    assert page.status_code == 302
    congress = db.session.scalar(select(Congress).where(Congress.code == "chengxi"))
    admin = db.session.scalar(select(User).where(User.username == "cx_admin"))
    assert admin.password_hash and not admin.is_platform_admin
    roles = list(_everywhere(select(UserRole.role).where(UserRole.user_id == admin.id,
                                                        UserRole.congress_id == congress.id)))
    assert roles == [Role.ADMIN]
    trail = list(_everywhere(select(AuditEvent.action).where(AuditEvent.congress_id == congress.id)))
    assert trail == ["found_congress", "appoint_administrator"]
    # The first congress (the test's own) has no trace of it.
    assert "found_congress" not in db.session.scalars(select(AuditEvent.action)).all()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("code", "Bad Code!", "小写字母"), ("code", "chengdong", "已被另一个人大常委会使用"),
    ("name", "", "必填"), ("admin_name", "", "姓名"), ("password", "short", "至少需要10个字符"),
])
def test_bad_input_is_refused_on_its_field_and_kept(auth, platform, field, value, message):
    data = {**FOUNDING, field: value}
    page = auth.as_(platform).post("/platform/congresses/new", data=data)
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert message in html
    assert FOUNDING["short_name"] in html  # what was typed stays on the page
    assert db.session.scalar(select(Congress).where(Congress.code == "chengxi")) is None
    assert db.session.scalar(select(User).where(User.username == "cx_admin")) is None


def test_a_person_of_one_congress_is_appointed_in_another_without_a_second_account(auth, platform,
                                                                                     make):
    other = add_congress("chengxi", "城西区")
    clerk = make.user(Role.OFFICE_STAFF, username="clerk")
    db.session.commit()
    page = auth.as_(platform).post(f"/platform/congresses/{other.id}/administrators",
                                   data={"username": "CLERK", "admin_name": "", "password": ""})
    assert page.status_code == 302
    assert db.session.scalar(select(db.func.count(User.id)).where(User.username == "clerk")) == 1
    held = set(_everywhere(select(UserRole.role).where(UserRole.user_id == clerk.id,
                                                      UserRole.congress_id == other.id)))
    assert held == {Role.ADMIN}
    db.session.expire_all()
    assert clerk.roles == {Role.OFFICE_STAFF}  # in the first congress nothing changed


def test_someone_in_two_congresses_picks_one_in_the_header_and_sees_only_its_items(auth, make):
    here = tenancy.congress_in_scope()
    deputy = make.user(Role.DEPUTY, username="both", name="两级代表")
    deputy.password_hash = CHEAP_HASH
    mine_here = make.suggestion(deputy, title="城东的建议")
    other = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, other.id):
        db.session.add(UserRole(user_id=deputy.id, role=Role.DEPUTY))
        mine_there = make.suggestion(deputy, title="城西的建议")
    db.session.commit()
    client = auth.as_(deputy)
    home = client.get("/").get_data(as_text=True)
    assert "城东的建议" in home and "城西的建议" not in home
    assert "城西区人大常委会" in home  # the picker offers the other congress
    assert client.get(f"/items/{mine_there.id}").status_code == 404
    assert client.post(f"/congress/{other.id}").status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "城西的建议" in home and "城东的建议" not in home
    assert client.get(f"/items/{mine_here.id}").status_code == 404
    stranger = add_congress("chengbei", "城北区")
    assert client.post(f"/congress/{stranger.id}").status_code == 404  # not one of theirs
    assert tenancy.congress_in_scope() == here


def test_a_congress_link_brands_the_signed_out_pages_and_signing_in_starts_there(client, make):
    other = add_congress("chengxi", "城西区")
    person = make.user(Role.DEPUTY, username="both2")
    person.password_hash = CHEAP_HASH
    with tenancy.scope(db.session, other.id):
        db.session.add(UserRole(user_id=person.id, role=Role.DEPUTY))
    db.session.commit()
    assert "城东区人大代表建议办理系统" in client.get("/login").get_data(as_text=True)
    unknown = client.get("/login?congress=nowhere")  # an unknown code: the default congress
    assert unknown.status_code == 200 and "城东区人大代表建议办理系统" in unknown.get_data(as_text=True)
    for bad in ("%00", "a%00b", "%27", "X" * 60):  # no congress has such a code: not looked up
        odd = client.get(f"/login?congress={bad}")
        assert odd.status_code == 200 and "城东区人大代表建议办理系统" in odd.get_data(as_text=True)
    assert client.get("/public/a%00b/reports").status_code == 404
    page = client.get("/login?congress=chengxi").get_data(as_text=True)
    assert "城西区人大代表建议办理系统" in page
    assert "城西区人大代表建议办理系统" in client.get("/activate").get_data(as_text=True)  # it stays
    client.post("/login", data={"username": "both2", "password": PASSWORD})
    assert "城西区人大常委会" in client.get("/").get_data(as_text=True).split("brand-sub")[1][:200]


def test_a_choice_remembered_in_the_cookie_stands_only_while_the_person_holds_a_role_there(auth, make):
    person = make.user(Role.DEPUTY, username="both3")
    person.password_hash = CHEAP_HASH
    make.suggestion(person, title="城东的建议")
    other = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, other.id):
        db.session.add(UserRole(user_id=person.id, role=Role.DEPUTY))
        make.suggestion(person, title="城西的建议")
    db.session.commit()
    client = auth.as_(person)
    assert client.post(f"/congress/{other.id}").status_code == 302
    assert "城西的建议" in client.get("/").get_data(as_text=True)  # the remembered choice
    with tenancy.scope(db.session, other.id):  # the 城西区 role is taken away meanwhile
        db.session.execute(db.delete(UserRole).where(UserRole.user_id == person.id))
    db.session.commit()
    home = client.get("/").get_data(as_text=True)
    assert "城东的建议" in home and "城西的建议" not in home  # chosen afresh among what is theirs
