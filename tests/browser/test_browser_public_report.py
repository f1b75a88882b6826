"""The published yearly report in Chromium with the demo data: the office publishes it on its report
page (CSRF on), a guest finds it from the public replies and reads it; screenshots under
TRACKER_SCREENSHOTS (e.g. /tmp/shots/public-report)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from seeds.demo import DEMO_PASSWORD, load_demo
from tracker.domain.deadlines.calendar import CHINA
from tracker.domain.metrics.facts import MetricFilter
from tracker.domain.metrics.panels import sums
from tracker.extensions import db
from tracker.web.labels import today

pytestmark = pytest.mark.browser

DEMO_NOW = datetime(2026, 11, 26, 15, 30, tzinfo=CHINA)


@pytest.fixture
def demo(ctx, live, app, monkeypatch):
    monkeypatch.setitem(app.config, "CLOCK_NOW", DEMO_NOW.isoformat())
    load_demo(db.session, DEMO_NOW)
    db.session.commit()


def test_office_publishes_and_a_guest_reads_the_report(demo, page, shots):
    expected = sums(db.session, MetricFilter(year=2026), today())
    page.goto("/login")
    page.get_by_label("用户名").fill("gongwei")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/reports/yearly?year=2026")
    form = page.locator("#publish-form")
    assert "第1版" in form.locator("[data-confirm-text]").inner_text()
    page.locator("#publish").screenshot(path=str(shots / "office-publish-card.png"))
    form.get_by_label("我已核对上述文字和数字，确认发布。").check()
    form.get_by_role("button", name="发布").click()
    page.wait_for_url(re.compile(r"/reports/yearly\?year=2026"))
    assert "已发布为第1版" in page.locator(".alert-success").inner_text()
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(re.compile(r"/login"))

    page.goto("/public")
    page.locator("#reports-link").click()
    page.wait_for_url(re.compile(r"/public/chengdong/reports$"))
    page.get_by_role("link", name="2026年").click()
    page.wait_for_url(re.compile(r"/public/chengdong/reports/year-2026$"))
    sheet = page.locator(".report-sheet")
    assert sheet.locator("h1").inner_text() == "2026年代表建议办理情况"
    assert f"共收到代表建议{expected['submitted']}件" in sheet.inner_text()
    row = page.locator('#public-figures tr[data-figure="reply_rate"]')
    assert row.get_attribute("data-num") == str(expected["replied"])
    assert row.get_attribute("data-den") == str(expected["assigned"])
    assert page.locator("#public-units tbody tr").count() >= 5
    page.screenshot(path=str(shots / "public-report-zh.png"), full_page=True)
    page.screenshot(path=str(shots / "public-report-zh-top.png"))  # the first screen, at full size
    # Printed: the site's header, footer and buttons go, the sheet stays.
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible() and not page.locator("#xlsx").is_visible()
    assert sheet.is_visible()
    page.screenshot(path=str(shots / "public-report-print.png"), full_page=True)
    page.emulate_media(media="screen")
    page.goto("/public/reports/year-2026?lang=en")
    assert f"{expected['submitted']} suggestions were received" in page.locator(".report-sheet").inner_text()
    page.screenshot(path=str(shots / "public-report-en.png"), full_page=True)
    with page.expect_download() as download:
        page.locator("#xlsx").click()
    assert download.value.suggested_filename.endswith("-v1.xlsx")
    for name in ("public-report-zh", "public-report-en"):
        assert (shots / f"{name}.png").stat().st_size > 50_000, name
