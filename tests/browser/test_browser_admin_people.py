"""The users pages in a browser: an administrator creates a user at 1280 px, then sets their phone on
a 390 px phone, with a bad number answered on its field first; adds someone of another congress to
their account at 390 px, and takes a unit's last handler's role away with a successor at 1280 px."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.browser.conftest import manage_link
from tests.conftest import add_congress
from tracker.extensions import db
from tracker.models import User, UserRole, tenancy
from tracker.workflow import Role, State

pytestmark = pytest.mark.browser


def _overflow(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


def test_create_a_user_and_set_their_phone_at_1280_and_390(desk, people):
    page = desk.page
    desk.login(people.admin)
    manage_link(page, "系统管理").click()
    page.locator('[data-admin-page="admin_people.users_index"]').click()
    page.get_by_role("link", name="新建用户").click()
    page.get_by_label("用户名").fill("maxin")
    page.get_by_label("姓名").fill("马新")
    page.get_by_label("人大代表", exact=True).check()
    page.locator("#group_id").select_option(str(people.group.id))
    assert _overflow(page) <= 0
    desk.shot("new-user-1280")
    page.get_by_role("button", name="保存").click()
    link = page.locator("#one-time-link").inner_text().strip()
    # Shown once, for the administrator to hand over; it opens in this congress's name.
    assert re.search(r"/reset/[\w-]{20,}\?congress=[a-z][a-z0-9-]+$", link)
    page.get_by_role("link", name="完成").click()

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert _overflow(page) <= 0
    page.get_by_label("手机号").fill("12345")
    page.get_by_role("button", name="保存").click()
    assert "请输入中国大陆手机号" in page.locator('[data-field-error="phone"]').inner_text()
    assert page.get_by_label("姓名").input_value() == "马新"  # what was typed stays
    page.get_by_label("手机号").fill("+86 139 0000 2222")
    page.get_by_role("button", name="保存").click()
    assert "已保存" in desk.flash()
    assert page.get_by_label("手机号").input_value() == "13900002222"
    desk.shot("phone-390")
    db.session.expire_all()
    assert db.session.scalar(select(User.phone).where(User.username == "maxin")) == "13900002222"


def test_add_someone_of_another_congress_at_390_then_take_a_role_away_at_1280(desk, people, make,
                                                                               item_in):
    item_in(State.IN_HANDLING)  # the unit has open assignments: its last handler hands them over
    other = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, other.id):
        person = make.user(Role.SUPERVISOR, name="王某某", phone="13912341234", username="wang.cx")
    db.session.commit()
    page = desk.page
    page.set_viewport_size({"width": 390, "height": 844})
    desk.login(people.admin)
    page.goto("/admin/users/new")
    page.get_by_label("姓名").fill("王某")
    page.get_by_label("手机号").fill("139 1234 1234")
    page.get_by_label("承办单位经办人", exact=True).check()
    page.locator("#unit_id").select_option(str(people.other_unit.id))
    page.get_by_role("button", name="保存").click()
    assert "此人已在其他人大常委会有账号：王某某，手机尾号1234" in page.locator(
        '[data-field-error="phone"]').inner_text()
    assert _overflow(page) <= 0
    desk.shot("join-offer-390")
    page.get_by_role("button", name="将此人加入本级").click()
    assert "已加入本级" in desk.flash()
    db.session.expire_all()
    assert db.session.scalar(select(UserRole.role).where(UserRole.user_id == person.id)) is Role.UNIT_HANDLER

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/admin/users/{people.handler.id}")
    page.get_by_label("承办单位经办人", exact=True).uncheck()
    page.get_by_label("承办单位负责人", exact=True).check()
    page.get_by_role("button", name="保存").click()
    assert "请指定接替人" in page.locator('[data-field-error="successor_id"]').inner_text()
    assert _overflow(page) <= 0
    page.locator("#successor_id").select_option(str(people.office.id))
    page.get_by_role("button", name="保存").click()
    assert "已保存" in desk.flash()
    desk.shot("role-handed-over-1280")
