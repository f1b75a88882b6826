"""Refused forms in the browser: the message is shown and what the user typed or chose stays."""

from __future__ import annotations

from datetime import date

import pytest

from seeds.paths import CONTACT, Walker
from tests.factories import at
from tracker.extensions import db
from tracker.workflow import State

pytestmark = pytest.mark.browser


def test_a_draft_without_proposals_keeps_the_title_reasons_and_category(desk, people):
    people.session.closes_on = date(2026, 6, 30)  # still sitting: only open sessions are offered
    db.session.commit()
    page = desk.page
    desk.login(people.deputy)
    page.locator(".site-nav").get_by_role("link", name="新建建议").click()
    page.get_by_label("标题").fill("关于改造大众街街道老旧小区雨污管网的建议")
    page.get_by_label("事由").fill("雨季小区内涝，污水外溢。")
    page.get_by_label("类别").select_option(label=people.category.name)
    page.get_by_role("radio", name="大会期间建议").check()
    page.get_by_role("button", name="保存草稿").click()

    assert page.locator('[data-field-error="proposals"]').inner_text() == "此项为必填项。"
    assert page.get_by_label("标题").input_value() == "关于改造大众街街道老旧小区雨污管网的建议"
    assert page.get_by_label("事由").input_value() == "雨季小区内涝，污水外溢。"
    assert page.get_by_label("类别").locator("option:checked").inner_text() == people.category.name
    assert page.get_by_role("radio", name="大会期间建议").is_checked()
    desk.shot("draft-form-error")
    # Once the missing part is typed, the same form saves.
    page.get_by_label("具体建议").fill("分片实施雨污分流改造。")
    page.get_by_label("所属会议").select_option(label=people.session.name)
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url("**/items/*")
    assert desk.state() == "草稿" and desk.flash() == "草稿已保存。"


def test_a_dissatisfied_evaluation_without_a_comment_keeps_both_grades(desk, people, item_in):
    item = item_in(State.REPLIED)
    page = desk.page
    desk.login(people.deputy)
    desk.open_pending(item.title)
    desk.start("满意度测评")
    page.get_by_role("group", name="办理态度").get_by_label("基本满意").check()
    page.get_by_role("group", name="办理结果").get_by_label("不满意").check()
    desk.confirm("满意度测评")

    assert page.locator("[data-error]").inner_text() == "请填写理由或意见。"
    assert page.locator('[data-field-error="reason"]').inner_text() == "请填写理由或意见。"
    assert page.get_by_role("group", name="办理态度").get_by_label("基本满意").is_checked()
    assert page.get_by_role("group", name="办理结果").get_by_label("不满意").is_checked()
    desk.shot("evaluation-error")
    page.get_by_label("理由/意见").fill("答复内容空泛，问题没有实质解决。")
    desk.confirm("满意度测评")
    assert desk.state() == "不满意待处理"


def test_a_b_reply_without_a_promised_date_keeps_the_typed_reply(desk, people, item_in):
    item = item_in(State.IN_HANDLING)
    Walker(people, at(2026, 4, 1)).play(item, [CONTACT])
    db.session.commit()
    page = desk.page
    desk.login(people.handler)
    desk.open_pending(item.title)
    desk.start("提交答复稿")
    page.get_by_label("B类：正在解决或列入计划").check()
    page.get_by_label("答复内容").fill("已列入明年道路改造计划。")
    page.get_by_label("承诺事项").fill("明年6月底前完成改造。")
    desk.confirm("提交答复稿")

    error = page.locator('[data-field-error="promised_date"]').inner_text()
    assert "承诺完成日期" in error and "promised_date" not in error
    assert page.get_by_label("B类：正在解决或列入计划").is_checked()
    assert page.get_by_label("答复内容").input_value() == "已列入明年道路改造计划。"
    assert page.get_by_label("承诺事项").input_value() == "明年6月底前完成改造。"
    desk.shot("reply-error")
    page.get_by_label("承诺完成日期").fill("2027-06-30")
    desk.confirm("提交答复稿")
    assert desk.state() == "答复待签发"
