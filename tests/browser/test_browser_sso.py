"""Single sign-on in Chromium (CSRF on): a deputy links their provider account from the profile, then
signs in with the sign-in page's button; the page fits a phone (390 px) with the button on it."""

from __future__ import annotations

import re

import pytest
from flask import current_app

from tests.oidc_provider import ACCOUNT_PASSWORD, CLIENT_SECRET, running_provider
from tracker.clock import now
from tracker.domain.accounts import sso
from tracker.extensions import db

pytestmark = pytest.mark.browser
NAME = "政务统一身份认证"


def _at_provider(page) -> None:
    """The provider's own form, unless its session from a moment ago signs alice in at once."""
    page.wait_for_load_state()
    if "/interaction/" in page.url:
        page.locator("input[name=login]").fill("alice")
        page.locator("input[name=password]").fill(ACCOUNT_PASSWORD)
        page.get_by_role("button", name="Sign in").click()


def test_link_then_sign_in_with_the_providers_button(browser, live, people, desk, shots):
    with running_provider(f"{live}/sso/callback") as issuer:
        sso.save_provider(db.session, None, sso.ProviderSettings(
            name=NAME, issuer=issuer, client_id="tracker", client_secret=CLIENT_SECRET,
            scopes="openid profile", is_enabled=True), actor=people.admin, at=now(),
            secret_key=current_app.config["SECRET_KEY"])
        db.session.commit()
        page = desk.page
        desk.login(people.deputy)
        page.goto("/profile")
        page.locator("#sso-links").get_by_role("button", name="关联").click()
        _at_provider(page)
        page.wait_for_url(re.compile(r"/profile$"))
        assert "已关联" in page.locator(".alert-success").inner_text()
        assert page.locator("#sso-links [data-linked]").count() == 1
        desk.logout()
        page.set_viewport_size({"width": 390, "height": 860})
        button = page.get_by_role("button", name=f"使用{NAME}登录")
        assert button.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off
        page.screenshot(path=str(shots / "sso-sign-in-390.png"), full_page=True)
        button.click()
        _at_provider(page)
        page.wait_for_url(re.compile(r"/$"))
        assert page.locator(".user-chip strong").inner_text() == people.deputy.name
