"""SMS-code sign-in in the browser at 390 and 1280 px; the code is read from the gateway's file."""

from __future__ import annotations

import json
import re
import time

import pytest

from tests.browser.conftest import sign_in
from tracker.extensions import db, limiter

pytestmark = pytest.mark.browser
PHONE = "13955556666"


def _code_from(log, timeout: float = 20.0) -> str:
    """The code in the newest SMS: it is written once the response is closed, a moment after the page
    (under a loaded CI machine once more than 5 s after it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and log.read_text("utf-8").strip():
            text = json.loads(log.read_text("utf-8").splitlines()[-1])["text"]
            return re.search(r"(?<!\d)\d{6}(?!\d)", text).group()
        time.sleep(0.05)
    raise AssertionError("no SMS reached the gateway's file")


@pytest.mark.parametrize("width", [390, 1280])
def test_sign_in_with_an_sms_code(browser, live, app, people, tmp_path, monkeypatch, shots, width):
    log = tmp_path / "sms.log"
    monkeypatch.setitem(app.config, "SMS_URL", f"file://{log}")
    limiter.reset()
    people.deputy.phone = PHONE
    db.session.commit()
    context = browser.new_context(base_url=live, locale="zh-CN", viewport={"width": width, "height": 860})
    page = context.new_page()
    try:
        page.goto("/login")
        page.get_by_role("tab", name="短信验证码登录").click()
        pane = page.locator("#pane-code")
        pane.locator("input[name=target]").fill("+86 139 5555 6666")
        pane.get_by_role("button", name="获取验证码").click()
        page.locator("[data-code-sent]").wait_for()
        # The code tab stays open, the number as typed.
        assert page.locator("#pane-code").is_visible()
        assert page.locator("#pane-code input[name=target]").input_value() == "+86 139 5555 6666"
        page.locator("#pane-code input[name=code]").fill(_code_from(log))
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing runs off the screen
        page.screenshot(path=str(shots / f"sms-sign-in-{width}.png"), full_page=True)
        page.get_by_role("button", name="验证码登录").click()
        page.wait_for_url(re.compile(r"/$"))
        assert page.locator(".user-chip strong").inner_text() == people.deputy.name
    finally:
        context.close()
        limiter.reset()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_new_mobile_number_is_confirmed_by_the_code_sent_to_it(browser, live, app, people, tmp_path,
                                                                  monkeypatch, shots, width):
    log = tmp_path / "sms.log"
    monkeypatch.setitem(app.config, "SMS_URL", f"file://{log}")
    limiter.reset()
    people.deputy.phone = "13812341234"
    people.deputy.email = "li@example.com"  # the factory's .test address is not one the form takes
    db.session.commit()
    context = browser.new_context(base_url=live, locale="zh-CN", viewport={"width": width, "height": 860})
    page = context.new_page()
    try:
        sign_in(page, people.deputy.username)
        page.goto("/profile")
        page.locator("input[name=phone]").fill("139 5555 6666")
        page.locator("[data-profile-form]").get_by_role("button", name="保存").click()
        page.locator("[data-phone-pending='139****6666']").wait_for()
        assert page.locator("input[name=phone]").input_value() == "13812341234"  # still in force
        code = _code_from(log)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(shots / f"profile-phone-pending-{width}.png"), full_page=False)
        page.locator("#phone-change input[name=code]").fill(code)
        page.get_by_role("button", name="确认新号码").click()
        page.locator(".alert-success", has_text="139****6666").wait_for()
        assert page.locator("input[name=phone]").input_value() == PHONE
        assert not page.locator("#phone-change").count()
    finally:
        context.close()
        limiter.reset()
