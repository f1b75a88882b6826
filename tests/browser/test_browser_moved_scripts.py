"""The behaviour that was inline script, now in static/app.js under a policy that forbids inline
script: the list's state filter sends itself, the error page's Back goes back, Print prints; the
profile's logins table ends another device's login. Any CSP refusal fails the test (conftest)."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import PASSWORD, sign_in
from tracker.workflow import State

pytestmark = pytest.mark.browser

COUNT_PRINTS = "window.print = () => { window.printed = (window.printed || 0) + 1; };"


def test_the_state_filter_sends_itself_and_back_goes_back(page, people, item_in):
    item_in(State.DRAFT)
    sign_in(page, people.office.username)  # the full list is the office's
    page.goto("/items")
    page.locator("#state").select_option("office_review")
    page.wait_for_url(re.compile(r"/items\?.*state=office_review"))
    listed = page.url
    page.goto("/items/999999")  # the error page
    page.locator("[data-back]").click()
    page.wait_for_url(listed)


def test_print_buttons_print(page, people, item_in):
    item_in(State.IN_HANDLING)
    page.add_init_script(COUNT_PRINTS)  # the dialog itself cannot be seen headless: count the calls
    sign_in(page, people.handler.username)
    page.goto("/inbox")
    page.locator("#unit-links").get_by_role("link", name="交办通知（打印）").click()
    page.wait_for_url(re.compile(r"/documents/assignment-notice/"))
    page.locator("[data-print]").first.click()
    assert page.evaluate("window.printed") == 1


def test_my_profile_ends_my_login_on_another_device(browser, page, people, live):
    other = browser.new_context(base_url=live, locale="zh-CN")
    laptop = other.new_page()
    sign_in(laptop, people.deputy.username, PASSWORD)
    sign_in(page, people.deputy.username, PASSWORD)
    page.goto("/profile")
    assert page.locator("[data-logins] tr[data-login]").count() == 2
    page.locator("#end-other-logins").click()
    page.wait_for_url(re.compile(r"/profile"))
    assert page.locator("[data-logins] tr[data-login]").count() == 1
    laptop.goto("/profile")
    assert laptop.url.split("?")[0].endswith("/login")  # the laptop is signed out
    other.close()
