"""The liaison-station log in the browser: a deputy logs an opinion, refers it (a bad date is
refused with the text kept), closes the referral, records the constituent was told; the office
sees it in its list without the contact and on its page with it; the dashboard counts it."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.factories import at
from tracker.domain.liaison import operations as liaison
from tracker.extensions import db

pytestmark = pytest.mark.browser
CONTACT = "13997001234"


@pytest.fixture
def station(make, people):
    s = make.station(people.group)
    db.session.commit()
    return s


def test_deputy_logs_refers_and_closes_an_opinion_and_the_office_sees_it(desk, people, station):
    earlier = liaison.log_opinion(
        db.session,
        people.deputy,
        liaison.OpinionInput(
            station_id=station.id,
            received_on=date(2026, 5, 8),
            constituent="李阿姨",
            content="互助路社区楼道灯不亮",
            address="互助路社区",
            contact="13900000001",
        ),
        at=at(2026, 5, 8),
    )
    liaison.refer(
        db.session,
        earlier,
        people.deputy,
        referred_to="互助路社区居委会",
        follow_up_on=date(2026, 5, 18),
        at=at(2026, 5, 8),
    )
    db.session.commit()
    page = desk.page
    desk.login(people.deputy)
    due = page.locator("#due-referrals")
    assert "互助路社区楼道灯不亮" in due.inner_text() and due.locator(".badge.text-bg-danger").count() == 2
    desk.shot("home-referral-due")
    page.locator(".site-nav").get_by_role("link", name="群众意见").click()
    page.get_by_role("link", name="登记群众意见").click()
    page.get_by_label("站点").select_option(label="韵家口镇基层立法联系点")
    page.get_by_label("群众姓名").fill("马大爷")
    page.get_by_label("住址或所在社区（街道、村）").fill("团结社区")
    page.get_by_label("意见或诉求").fill("团结社区门前人行道地砖松动，老人容易绊倒。")
    page.get_by_label("联系方式（保密）").fill(CONTACT)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/liaison/\d+$"))
    assert desk.flash() == "意见已登记。有办理结果后请及时记录。"
    assert page.locator("[data-outcome]").first.inner_text() == "待处理"
    assert page.locator("[data-contact]").inner_text() == CONTACT

    page.locator(".action-bar").get_by_role("link", name="转社区（街道）办理").click()
    page.get_by_label("转交（社区或街道）").fill("团结社区居委会")
    page.get_by_label("跟进日期").fill("2026-05-01")
    page.get_by_label("说明", exact=True).fill("请社区核实后安排维修")
    page.get_by_role("button", name="确认：转社区（街道）办理").click()
    assert page.locator('[data-field-error="follow_up_on"]').inner_text() == "跟进日期不能早于今天。"
    assert page.get_by_label("转交（社区或街道）").input_value() == "团结社区居委会"
    assert page.get_by_label("说明", exact=True).input_value() == "请社区核实后安排维修"
    desk.shot("referral-date-refused")
    page.get_by_label("跟进日期").fill("2026-05-27")
    page.get_by_role("button", name="确认：转社区（街道）办理").click()
    page.wait_for_url(re.compile(r"/liaison/\d+$"))
    assert page.locator("[data-outcome]").first.inner_text() == "转社区（街道）办理"

    page.locator(".action-bar").get_by_role("link", name="转办已解决").click()
    page.get_by_label("办理情况").fill("社区已协调施工队更换地砖。")
    page.get_by_role("button", name="确认：转办已解决").click()
    page.wait_for_url(re.compile(r"/liaison/\d+$"))
    page.locator(".action-bar").get_by_role("link", name="记录已告知群众").click()
    page.get_by_label("电话告知").check()
    page.get_by_role("button", name="确认：记录已告知群众").click()
    page.wait_for_url(re.compile(r"/liaison/\d+$"))
    assert page.locator("[data-outcome]").first.inner_text() == "转办后解决"
    assert page.locator("[data-told]").is_visible()
    assert page.locator("#history tbody tr").count() == 4
    desk.shot("opinion-page")

    desk.as_(people.office)
    page.locator(".site-nav").get_by_role("link", name="联络站意见").click()
    page.wait_for_url(re.compile(r"/liaison/all"))
    row = page.locator("#opinions tbody tr").filter(has_text="马大爷")
    assert "马大爷" in row.inner_text() and "转办后解决" in row.inner_text()
    assert CONTACT not in page.content()
    desk.shot("office-list")
    row.get_by_role("link").click()
    assert page.locator("[data-contact]").inner_text() == CONTACT

    desk.as_(people.supervisor)
    page.goto("/dashboard?year=2026")
    panel = page.locator("#liaison-panel")
    assert panel.locator('[data-liaison-figure="liaison_collected"]').inner_text() == "2"
    assert panel.locator('[data-liaison-figure="liaison_resolved"]').inner_text() == "1"
    panel.scroll_into_view_if_needed()
    panel.screenshot(path=str(desk.shots / "liaison-panel.png"))
    assert CONTACT not in page.content()
