"""The users pages in a browser: an administrator creates a user at 1280 px, then sets their phone on
a 390 px phone, with a bad number answered on its field first."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import User

pytestmark = pytest.mark.browser


def _overflow(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


def test_create_a_user_and_set_their_phone_at_1280_and_390(desk, people):
    page = desk.page
    desk.login(people.admin)
    page.locator(".site-nav").get_by_role("link", name="系统管理").click()
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
    assert re.search(r"/reset/[\w-]{20,}$", link)  # shown once, for the administrator to hand over
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
