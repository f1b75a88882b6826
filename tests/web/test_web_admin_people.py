"""People administration pages: access, bad input kept with field errors (never a 500), duplicates
and the last administrator refused, a unit with open assignments kept, the successor taking over,
the forced password change, the change of term, and another congress's people as 404."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import add_congress
from tests.factories import at
from tests.web.helpers import CHEAP_HASH, text
from tracker.domain.people.terms import open_term
from tracker.extensions import db
from tracker.models import AuditEvent, Deadline, HandlingUnit, User, UserRole, tenancy
from tracker.workflow import DeadlineKind, Role, State

PAGES = ["/admin", "/admin/users", "/admin/users/new", "/admin/organisation", "/admin/organisation/unit/new",
         "/admin/terms"]


def _audits() -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)))


def _person(**over) -> dict:
    return {"username": "maxin", "name": "马新", "phone": "+86 139 0000 1111",
            "email": "maxin@example.gov.cn",
            "roles": ["deputy"], "group_id": "", "committee_id": "", "unit_id": "", "title": ""} | over


@pytest.mark.parametrize("url", PAGES)
def test_pages_answer_the_administrator_and_refuse_others(auth, world, url):
    client = auth.as_(world.admin)
    assert client.get(url).status_code == 200
    auth.as_(world.deputy)
    expected = 403
    assert client.get(url).status_code == expected


def test_the_nav_and_the_index_link_the_administration_pages(auth, world):
    page = text(auth.as_(world.admin).get("/admin"))
    assert 'id="nav-admin"' in page
    for path in ("/admin/users", "/admin/organisation", "/admin/terms", "/admin/rules", "/admin/reminders"):
        assert f'href="{path}' in page or f'href="http://localhost{path}' in page


def test_create_shows_the_one_time_link_once_and_sets_the_phone(auth, world):
    client = auth.as_(world.admin)
    response = client.post("/admin/users/new", data=_person(group_id=str(world.group.id)))
    page = text(response)
    assert response.status_code == 200
    link = re.search(r'id="one-time-link">([^<]+)<', page).group(1)
    user = db.session.scalar(select(User).where(User.username == "maxin"))
    token = link.rsplit("/", 1)[1]
    assert user.phone == "13900001111" and user.must_change_password and token not in str(
        db.session.scalars(select(AuditEvent.data)).all())
    # The person opens the link once and sets their password.
    auth.logout()
    path = "/" + link.split("/", 3)[3]
    sent = client.post(path, data={"password": "my-own-pw-2026", "confirm": "my-own-pw-2026"})
    assert sent.status_code == 302 and client.get("/").status_code == 200
    again = client.post(path, data={"password": "again-pw-2026", "confirm": "again-pw-2026"})
    assert again.status_code == 410


def test_a_reset_shows_a_link_and_the_old_password_leads_to_the_password_page(auth, world):
    client = auth.as_(world.admin)
    response = client.post(f"/admin/users/{world.deputy.id}/reset")
    assert response.status_code == 200 and 'id="one-time-link"' in text(response)
    auth.logout()
    assert auth.login(world.deputy).status_code == 302
    assert "/profile" in client.get("/").headers.get("Location", "")


@pytest.mark.parametrize("over, field, said", [
    ({"phone": "123 45"}, "phone", "请输入中国大陆手机号"),
    ({"email": "maxin-at-example"}, "email", "请输入有效的电子邮箱"),
    ({"roles": ["unit_handler"]}, "unit_id", "须指定"),
    ({"name": ""}, "name", None),
])
def test_bad_input_keeps_the_typed_values_and_says_why_on_the_field(auth, world, over, field, said):
    client = auth.as_(world.admin)
    before = _audits()
    response = client.post("/admin/users/new", data=_person(**over))
    page = text(response)
    assert response.status_code == 400, page[:300]
    assert f'data-field-error="{field}"' in page and 'value="maxin"' in page
    if said:
        assert said in page
    assert _audits() == before


def test_duplicates_are_refused_with_a_clear_message(auth, world):
    world.deputy.phone = "13900001111"
    db.session.commit()
    client = auth.as_(world.admin)
    page = text(client.post("/admin/users/new", data=_person()))
    assert 'data-field-error="phone"' in page and world.deputy.username in page
    page = text(client.post(f"/admin/users/{world.deputy2.id}", data=_person(
        username=world.deputy2.username, phone="", email=world.deputy3.email)))
    assert 'data-field-error="email"' in page


def test_the_last_administrator_is_refused_with_the_reason(auth, world):
    client = auth.as_(world.admin)
    response = client.post(f"/admin/users/{world.admin.id}", data=_person(
        username=world.admin.username, name=world.admin.name, phone="", email=world.admin.email,
        roles=["office_staff"]))
    assert response.status_code == 400 and "最后一位管理员" in text(response)
    response = client.post(f"/admin/users/{world.admin.id}/deactivate", data={"successor_id": ""})
    assert response.status_code == 400 and "最后一位管理员" in text(response)
    assert db.session.get(User, world.admin.id).is_active_user


def test_a_unit_with_open_assignments_is_not_deactivated(auth, world, item_in):
    item_in(State.IN_HANDLING)
    client = auth.as_(world.admin)
    response = client.post(f"/admin/organisation/unit/{world.unit.id}/retire")
    assert response.status_code == 302
    assert "仍有" in text(client.get(response.headers["Location"]))
    assert db.session.get(HandlingUnit, world.unit.id).is_active


def test_a_deactivated_unit_leaves_the_draft_form(auth, world):
    client = auth.as_(world.admin)
    spare = HandlingUnit(name="区统计局")
    db.session.add(spare)
    db.session.commit()
    assert client.post(f"/admin/organisation/unit/{world.other_unit.id}/retire").status_code == 302
    listed = text(client.get("/admin/organisation"))
    assert f'data-org="unit-{world.other_unit.id}" class="text-muted"' in listed
    page = text(auth.as_(world.deputy).get("/items/new"))
    assert world.unit.name in page and world.other_unit.name not in page


def test_the_successor_takes_over_open_deadlines(auth, world, item_in):
    item = item_in(State.GROUP_REVIEW)
    client = auth.as_(world.admin)
    page = text(client.get(f"/admin/users/{world.group_leader.id}/deactivate"))
    assert "data-deadline=" in page
    response = client.post(f"/admin/users/{world.group_leader.id}/deactivate", data={"successor_id": ""})
    assert response.status_code == 400 and 'data-field-error="successor_id"' in text(response)
    response = client.post(f"/admin/users/{world.group_leader.id}/deactivate",
                           data={"successor_id": str(world.deputy2.id)})
    assert response.status_code == 302
    db.session.expire_all()
    owners = db.session.scalars(select(Deadline.owner_user_id).where(
        Deadline.suggestion_id == item.id, Deadline.kind == DeadlineKind.GROUP_REVIEW,
        Deadline.closed_at.is_(None))).all()
    assert owners == [world.deputy2.id]
    auth.logout()
    assert auth.login(world.group_leader).status_code == 400  # their sign-in stops


def test_a_deputy_not_re_elected_cannot_draft_but_can_evaluate(auth, world, item_in):
    item = item_in(State.REPLIED)
    client = auth.as_(world.admin)
    response = client.post("/admin/terms", data={"ordinal": "19", "starts_on": "2026-05-01",
                                                 "re_elected": [str(world.deputy2.id)]})
    assert response.status_code == 302
    client = auth.as_(world.deputy)
    response = client.post("/items/new", data={"title": "换届后的建议", "reasons": "理由",
                                               "proposals": "办法",
                                               "channel": "between", "category_id": "", "session_id": "",
                                               "proposed_unit_id": "", "origin": "", "original_lang": "",
                                               "original_text": ""})
    assert response.status_code == 403 and "换届后的建议" in text(response)
    response = client.post(f"/items/{item.id}/actions/evaluate", data={
        "as_role": "deputy", "attitude": "satisfied", "result": "satisfied",
        "lock_version": str(item.lock_version), "seen_state": "replied"})
    assert response.status_code == 302


def test_a_term_form_with_bad_input_keeps_it(auth, world):
    open_term(db.session, world.admin, ordinal=18, starts_on=date(2022, 1, 1), re_elected=set(),
              at=at(2022, 1, 1))
    db.session.commit()
    response = auth.as_(world.admin).post("/admin/terms", data={"ordinal": "17", "starts_on": "2026-05-01"})
    assert response.status_code == 400 and 'value="17"' in text(response) and \
        'data-field-error="ordinal"' in text(response)


def test_another_congresss_people_and_rows_are_404(auth, world):
    other = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, other.id):
        stranger = User(username="chengxi1", name="城西代表", password_hash=CHEAP_HASH)
        stranger.role_rows = [UserRole(role=Role.DEPUTY)]
        db.session.add(stranger)
        unit = HandlingUnit(name="城西区教育局")
        db.session.add(unit)
    db.session.commit()
    client = auth.as_(world.admin)
    for url in (f"/admin/users/{stranger.id}", f"/admin/users/{stranger.id}/deactivate",
                f"/admin/organisation/unit/{unit.id}"):
        assert client.get(url).status_code == 404, url
    for url in (f"/admin/users/{stranger.id}/reset", f"/admin/organisation/unit/{unit.id}/retire"):
        assert client.post(url).status_code == 404, url
    assert stranger.name not in text(client.get("/admin/users"))
