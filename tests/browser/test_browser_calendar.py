"""The calendar page in a browser: twelve month grids at 1280 px and on a 390 px phone, an upload
previewed and entered."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from tests.browser.conftest import manage_link
from tests.factories import at
from tracker.domain.deadlines.years import seed_calendar
from tracker.extensions import db
from tracker.models import AuditEvent, CalendarDay, CalendarYear

pytestmark = pytest.mark.browser


@pytest.fixture
def calendar_back(people):
    """The calendar outlives a test's clean-up: put it back as seeded."""
    yield
    db.session.rollback()
    db.session.execute(delete(CalendarDay).where(CalendarDay.source == "admin"))
    db.session.execute(delete(CalendarYear).where(CalendarYear.year > 2026))
    seed_calendar(db.session, range(2004, 2028), at(2026, 1, 1))
    db.session.commit()


TOPS = "els => els.slice(0, 4).map(e => e.getBoundingClientRect().top)"


def _overflow(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


@pytest.fixture
def platform(people, make):
    """The platform administrator, whose the national schedule is."""
    user = make.user(name="平台管理员", is_platform_admin=True)
    user.password_hash = people.admin.password_hash
    db.session.commit()
    return user


def test_calendar_at_1280_and_390_a_local_day_and_an_upload_entered(desk, people, platform, calendar_back,
                                                                    tmp_path):
    page = desk.page
    desk.login(people.admin)
    manage_link(page, "期限与日历").click()
    page.get_by_role("link", name="工作日历").click()
    page.goto("/admin/calendar?year=2026")
    assert page.locator("[data-month]").count() == 12
    assert page.locator('td.holiday[data-day="2026-10-01"]').is_visible()
    assert page.locator('td.makeup[data-day="2026-02-14"]').is_visible()
    row = page.locator("[data-month]").evaluate_all(TOPS)
    assert len(set(row)) == 1  # four months across at 1280 px
    assert _overflow(page) <= 0
    desk.shot("calendar-1280")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    tops = page.locator("[data-month]").evaluate_all(TOPS)
    assert tops[0] == tops[1] and tops[2] > tops[0]  # two months across a phone
    assert _overflow(page) <= 0
    cell = page.locator('td[data-day="2026-02-16"]').bounding_box()
    assert cell["width"] >= 18 and cell["height"] >= 14  # still a day you can read
    desk.shot("calendar-390")

    page.goto("/admin/calendar?year=2027")
    assert page.locator("#upload-form").count() == 0  # the national schedule is the platform's
    page.get_by_label("日期").fill("2027-07-22")
    page.get_by_label("名称").fill("那达慕")
    page.get_by_role("button", name="为本级添加").click()
    assert "已为本级保存" in desk.flash()
    assert page.locator('td.holiday.local[data-day="2027-07-22"]').is_visible()
    assert _overflow(page) <= 0
    desk.shot("local-day-390")

    desk.as_(platform)
    page.goto("/admin/calendar?year=2027")
    assert page.locator("#year-status").get_attribute("data-official") == "0"
    schedule = tmp_path / "2027.csv"
    schedule.write_text("日期,类型,名称\n2027-01-01,放假,元旦\n2027-02-06,放假,春节\n2027-02-14,上班,春节调休\n",
                        encoding="utf-8")
    page.locator("#upload-form input[type=file]").set_input_files(str(schedule))
    page.get_by_role("button", name="检查文件").click()
    assert page.locator("#days tbody tr").count() == 3
    desk.shot("preview-390")
    page.get_by_role("button", name="录入 2027 年作息安排").click()
    assert "2027 年作息安排已录入" in desk.flash()
    assert page.locator("#year-status").get_attribute("data-official") == "1"
    assert page.locator('td.makeup[data-day="2027-02-14"]').is_visible()
    # The page shows the congress the platform administrator looks at: its own day outlives the upload.
    assert page.locator('td[data-day="2027-07-22"]').get_attribute("class") == "holiday local"
    entered = db.session.query(AuditEvent).filter_by(action="enter_calendar_year").one()
    assert entered.congress_id is None and entered.actor_id == platform.id
    desk.shot("entered-390")
