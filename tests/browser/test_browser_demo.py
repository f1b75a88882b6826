"""The dashboard, the yearly report and the published report in Chromium with the demo data: charts
drawn, tooltips, both languages, sortable ranking; the office publishes the report on its report page
(CSRF on), a guest finds it from the public replies and reads it. Screenshots under TRACKER_SCREENSHOTS
(e.g. /tmp/shots/dash).

The demo is loaded once for the module (the loader replays some 1,100 engine actions): the tests here
only read it, but for the last one, which publishes the report (version 1) and so runs last.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from seeds.demo import DEMO_PASSWORD, load_demo
from tests.browser.conftest import as_a_browser_sees_it, sign_in
from tests.conftest import _clean, fresh_congress
from tracker import tenancy
from tracker.domain.deadlines.calendar import CHINA
from tracker.domain.metrics.facts import MetricFilter
from tracker.domain.metrics.panels import sums
from tracker.extensions import db
from tracker.web.labels import today

pytestmark = pytest.mark.browser

DEMO_NOW = datetime(2026, 11, 26, 15, 30, tzinfo=CHINA)  # the demo's stories end before this


@pytest.fixture(scope="module")
def demo(app):
    """The demo in a clean database, its congress in scope, for the whole module."""
    with app.app_context():
        token = fresh_congress()
        load_demo(db.session, DEMO_NOW)
        db.session.commit()
        yield
        db.session.rollback()
        _clean()
        db.session.remove()
        tenancy.leave(token)


@pytest.fixture
def live(live_server, app, demo, monkeypatch) -> str:
    """As tests/browser/conftest.py's `live`, on the module's demo instead of fresh tables, "now"
    the demo's."""
    as_a_browser_sees_it(app, monkeypatch)
    monkeypatch.setitem(app.config, "CLOCK_NOW", DEMO_NOW.isoformat())
    yield live_server
    db.session.rollback()
    db.session.remove()


def test_dashboard_and_report_in_both_languages(live, page, shots):
    sign_in(page, "zhuren", DEMO_PASSWORD)
    expected = sums(db.session, MetricFilter(), today())
    page.goto("/dashboard")
    page.wait_for_selector("#chart-funnel svg")
    for chart in ("funnel", "trends", "units", "urgency"):
        assert page.locator(f"#chart-{chart} svg").count() == 1, chart
    card = page.locator('[data-card="reply_rate"] .figure-link')
    assert card.get_attribute("data-num") == str(expected["replied"])
    assert card.get_attribute("data-den") == str(expected["assigned"])
    # The formula opens on a tap (a click) of the figure's name: no hover needed on a phone.
    formula = page.locator('[data-card="reply_rate"] .figure-formula')
    assert not formula.is_visible()
    page.locator('[data-card="reply_rate"] .figure-label summary').click()
    assert "已答复件数 ÷ 已交办件数" in formula.inner_text() and formula.is_visible()
    page.screenshot(path=str(shots / "dashboard-zh.png"), full_page=True)
    # Sorting the unit ranking by reply rate puts the highest first.
    header = page.locator("#units th", has_text="答复率").first
    header.click()
    header.click()
    first = float(page.locator("#units tbody tr td:nth-child(3)").first.get_attribute("data-value"))
    values = [float(v) for v in page.locator("#units tbody tr td:nth-child(3)").evaluate_all(
        "cells => cells.map(c => c.dataset.value)")]
    assert first == max(values)
    # A figure leads to the items behind it.
    page.locator('[data-card="no_feedback"] .figure-link').click()
    page.wait_for_url(re.compile(r"/dashboard/items\?"))
    assert page.locator("#items tbody tr").count() == expected["no_feedback"]
    page.goto("/dashboard?lang=en")
    page.wait_for_selector("#chart-units svg")
    assert "Reply rate" in page.locator('[data-card="reply_rate"]').inner_text()
    page.screenshot(path=str(shots / "dashboard-en.png"), full_page=True)
    page.goto("/reports/yearly?lang=zh")
    assert f"共收到代表建议{expected['submitted']}件" in page.locator(".report-text").inner_text()
    page.screenshot(path=str(shots / "report-zh.png"), full_page=True)
    page.goto("/reports/yearly?lang=en")
    assert f"{expected['submitted']} suggestions were received" in page.locator(".report-text").inner_text()
    page.screenshot(path=str(shots / "report-en.png"), full_page=True)
    with page.expect_download() as download:
        page.locator("#xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    for name in ("dashboard-zh", "dashboard-en", "report-zh", "report-en"):
        assert (shots / f"{name}.png").stat().st_size > 50_000, name


def test_office_publishes_and_a_guest_reads_the_report(live, page, shots):
    """Last in the module: it publishes the yearly report."""
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
