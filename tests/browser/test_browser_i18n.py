"""The language switch in the header turns the item page into English and back."""

from __future__ import annotations

import pytest

from tracker.workflow import State

pytestmark = pytest.mark.browser


def test_the_english_switch_renders_the_item_page_in_english(desk, people, item_in):
    item = item_in(State.OFFICE_REVIEW)
    page = desk.page
    desk.login(people.office)
    desk.open_pending(item.title)
    assert desk.state() == "代表工委预审"

    page.locator(".lang-switch").get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith(f"/items/{item.id}?lang=en")
    assert desk.state() == "Office pre-review"
    # The step forward comes first; returning, merging and converting follow as cautions.
    assert page.locator(".action-bar a").all_inner_texts() == [
        "Pre-approve", "Return for revision", "Advise withdrawal", "Merge", "Convert to a letter"]
    assert page.locator("#history .card-header").inner_text() == "History"
    assert page.locator("#history tbody").get_by_text("Send for pre-review").count() == 1
    assert page.get_by_role("button", name="Sign out").is_visible()
    desk.shot("item-english")
    # Every label of the page is English; only the data (names, the deputy's text) is Chinese.
    chrome = page.locator(".card-header, th, dt, .section-label, .state-badge, .action-bar a, "
                          ".site-nav a, .brand-name, .brand-sub, #history td:nth-child(3)")
    chrome = chrome.all_inner_texts()
    assert len(chrome) > 20
    chinese = [text for text in chrome if any("\u4e00" <= ch <= "\u9fff" for ch in text)]
    assert not chinese, chinese

    # The choice sticks while moving around, and 中文 switches back.
    page.locator(".site-nav").get_by_role("link", name="My pending items").click()
    assert page.locator("h1").inner_text() == "My pending items"
    page.locator(".lang-switch").get_by_role("link", name="中文").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "我的待办"
