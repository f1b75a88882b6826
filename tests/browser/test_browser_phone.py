"""On a phone and from the keyboard: the menu button, 大字号, a draft written and submitted with the
keyboard alone, and batch routing one item at a time on a phone."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import PASSWORD, TIMEOUT_MS, sign_in
from tracker.workflow import State

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
FOCUS_SHOWN = """() => { const s = getComputedStyle(document.activeElement);
  return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; }"""


@pytest.fixture
def phone(browser, live):
    context = browser.new_context(base_url=live, locale="zh-CN", viewport=PHONE, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def _tap_height(locator) -> float:
    return locator.bounding_box()["height"]


def test_the_menu_button_opens_the_navigation_and_the_header_stays_small(phone, people, shots):
    sign_in(phone, people.deputy.username)
    header = phone.locator(".site-header")
    assert header.bounding_box()["height"] <= 64
    new = phone.locator(".site-nav").get_by_role("link", name="新建建议")
    assert not new.is_visible() and not phone.get_by_role("button", name="退出").is_visible()
    menu = phone.get_by_role("button", name="菜单")
    assert _tap_height(menu) >= 44 and menu.get_attribute("aria-expanded") == "false"
    menu.tap()
    new.wait_for(state="visible")
    assert menu.get_attribute("aria-expanded") == "true" and _tap_height(new) >= 44
    assert _tap_height(phone.get_by_role("button", name="退出")) >= 44
    phone.screenshot(path=str(shots / "phone-menu-open.png"), full_page=True)
    new.tap()
    phone.wait_for_url(re.compile(r"/items/new$"))
    assert phone.locator("h1").count() == 1


def test_large_text_raises_the_base_font_and_is_remembered(phone, people, item_in, shots):
    item = item_in(State.IN_HANDLING)
    sign_in(phone, people.deputy.username)
    body_px = "() => parseFloat(getComputedStyle(document.body).fontSize)"
    assert phone.evaluate(body_px) < 20
    phone.get_by_role("button", name="菜单").tap()
    with phone.expect_navigation():
        phone.get_by_role("button", name="大字号").tap()
    assert phone.evaluate(body_px) >= 20
    assert phone.locator("#text-size button").get_attribute("aria-pressed") == "true"  # in the closed menu
    width = phone.evaluate("() => document.documentElement.clientWidth")
    for url in ("/", f"/items/{item.id}", "/items/new", "/profile"):
        phone.goto(url)
        assert phone.evaluate(body_px) >= 20, url
        widest = phone.evaluate("() => Math.max(...[...document.querySelectorAll('body *')]"
                                ".filter(e => !e.closest('.table-responsive'))"
                                ".map(e => e.getBoundingClientRect().right))")
        assert widest <= width + 1, url
        phone.screenshot(path=str(shots / f"phone-large-{url.strip('/').replace('/', '-') or 'home'}.png"),
                         full_page=True)
    assert phone.get_by_label("大字号（所有页面放大显示）").is_checked()
    # The same switch turns it off again (a visitor's cookie: tests/web/test_web_large_text.py).
    phone.get_by_role("button", name="菜单").tap()
    with phone.expect_navigation():
        phone.get_by_role("button", name="大字号").tap()
    assert phone.evaluate(body_px) < 20


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focus is on `selector`, as a keyboard user would; the focus is shown."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            assert page.evaluate(FOCUS_SHOWN), f"{selector} takes the focus without showing it"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_deputy_writes_and_submits_a_draft_with_the_keyboard_alone(page, people):
    page.goto("/login")
    _tab_to(page, "#username")
    page.keyboard.type(people.deputy.username)
    _tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/$"))
    _tab_to(page, ".site-nav a[href='/items/new']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/items/new$"))
    for field, words in (("#title", "关于增设韵家口镇公交候车亭的建议"), ("#reasons", "候车群众日晒雨淋。"),
                         ("#proposals", "在主要站点增设候车亭。")):
        _tab_to(page, field)
        page.keyboard.type(words)
    _tab_to(page, "#category_id")
    page.keyboard.press("ArrowDown")
    assert page.locator("#category_id").input_value() == str(people.category.id)
    _tab_to(page, "button[type=submit].btn-primary")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/items/\d+$"))
    assert page.locator(".item-head .state-badge").inner_text().strip() == "草稿"
    _tab_to(page, ".action-bar a[data-action='submit_for_review']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/actions/submit_for_review"))
    _tab_to(page, "button[type=submit].btn-primary")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/items/\d+$"))
    assert page.locator(".alert-success").inner_text().strip() == "已完成：提交预审"
    assert page.locator(".item-head .state-badge").inner_text().strip() != "草稿"


def test_on_a_phone_the_office_routes_one_item_at_a_time(phone, people, item_in, shots):
    first, second = item_in(State.REGISTERED), item_in(State.REGISTERED)
    sign_in(phone, people.office.username)
    phone.goto("/office/routing")
    assert not phone.get_by_role("button", name="交办所选建议").is_visible()
    row = phone.locator(f'#routing tr[data-item="{first.id}"]')
    row.locator("select").select_option(label=people.unit.name)
    assert row.locator("td", has=phone.locator("select")).get_attribute("data-label") == "主办单位"
    phone.screenshot(path=str(shots / "phone-routing.png"), full_page=True)
    with phone.expect_navigation():
        row.get_by_role("button", name="交办此件").tap()
    assert phone.locator(f'[data-routed="{first.id}"]').count() == 1
    assert phone.locator(f'[data-routed="{second.id}"]').count() == 0
    assert phone.locator(f'#routing tr[data-item="{second.id}"]').is_visible()
