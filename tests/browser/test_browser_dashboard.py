"""The dashboard and the yearly report in Chromium with the demo data: charts drawn, tooltips, both
languages, sortable ranking; screenshots under TRACKER_SCREENSHOTS (e.g. /tmp/shots/dash)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from seeds.demo import DEMO_PASSWORD, load_demo
from tests.browser.conftest import sign_in
from tracker.domain.deadlines.calendar import CHINA
from tracker.domain.metrics.facts import MetricFilter
from tracker.domain.metrics.panels import sums
from tracker.extensions import db
from tracker.web.labels import today

pytestmark = pytest.mark.browser


DEMO_NOW = datetime(2026, 11, 26, 15, 30, tzinfo=CHINA)  # the demo's stories end before this


@pytest.fixture
def demo(ctx, live, app, monkeypatch):
    monkeypatch.setitem(app.config, "CLOCK_NOW", DEMO_NOW.isoformat())
    load_demo(db.session, DEMO_NOW)
    db.session.commit()


def _login(page) -> None:
    sign_in(page, "zhuren", DEMO_PASSWORD)


def test_dashboard_and_report_in_both_languages(demo, page, shots):
    _login(page)
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
