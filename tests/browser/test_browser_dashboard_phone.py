"""The dashboard's filters on a phone: folded behind one button that says what is filtered, the
figures on the first screen, opened by a tap and still sent; on a desktop shown as before."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import DESKTOP, PHONE, open_folded_filters, sign_in

pytestmark = pytest.mark.browser


def test_on_a_phone_the_figures_come_first_and_the_filters_open_on_a_tap(tab, people, shots):
    phone = tab(PHONE)
    sign_in(phone, people.office.username)
    phone.goto("/dashboard")
    first = phone.locator(".figure-card").first
    assert first.bounding_box()["y"] < PHONE["height"]
    year = phone.locator("#filters-body select[name=year]")
    open_folded_filters(phone, year, "全部建议", shots, "dashboard")
    chosen = year.locator("option").nth(1).get_attribute("value")
    year.select_option(chosen)
    phone.locator("#filters-body").get_by_role("button", name="筛选").tap()
    phone.wait_for_url(re.compile(rf"/dashboard\?.*year={chosen}"))
    summary = phone.locator("[data-filter-summary]").inner_text()
    assert summary == f"{chosen}年" and not year.is_visible()  # folded again, saying what is filtered
    assert phone.locator(".figure-card").first.bounding_box()["y"] < PHONE["height"]
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    phone.screenshot(path=str(shots / "dashboard-phone-filtered.png"), full_page=False)


def test_on_a_desktop_the_filters_are_shown_without_a_tap(tab, people, shots):
    desk = tab(DESKTOP)
    sign_in(desk, people.office.username)
    desk.goto("/dashboard")
    assert desk.locator("#filters-body select[name=year]").is_visible()
    assert desk.locator("#filters-body select[name=deputy_id]").is_visible()
    assert not desk.locator(".filter-toggle").is_visible()
    assert desk.locator(".figure-card").first.bounding_box()["y"] < DESKTOP["height"]
    desk.screenshot(path=str(shots / "dashboard-desktop.png"), full_page=False)
