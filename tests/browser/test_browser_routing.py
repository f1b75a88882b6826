"""Batch routing in a real browser at a phone's and a desktop's width: a row's co-unit list opened
(its checkboxes copied in by app.js) and a unit ticked, a row sent as proposed without opening it,
and, without JavaScript, a row routed with its proposal."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.browser.conftest import DESKTOP, PHONE, TIMEOUT_MS, sign_in
from tracker.extensions import db
from tracker.models import Assignment
from tracker.workflow import State

pytestmark = pytest.mark.browser


@pytest.fixture(params=["phone", "desktop"])
def sized(request, tab):
    """(page, is a phone) at 390 and at 1280 px, failing if the content-security policy blocked
    anything (app.js does the copying)."""
    phone = request.param == "phone"
    page = tab(PHONE if phone else DESKTOP)
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    yield page, phone
    assert refused == [], f"the content-security policy blocked: {refused[:3]}"


def _send(page, item_id: int, phone: bool) -> None:
    """Route this one row: its own button on a phone, its tick and the batch button on a desktop."""
    row = page.locator(f'#routing tr[data-item="{item_id}"]')
    with page.expect_navigation():
        if phone:
            row.get_by_role("button", name="交办此件").tap()
        else:
            row.locator(f"#include-{item_id}").check()
            page.get_by_role("button", name="交办所选建议").click()
    assert page.locator(f'[data-routed="{item_id}"]').count() == 1


def _units(item) -> set[tuple[int, bool]]:
    db.session.expire_all()
    return set(db.session.execute(select(Assignment.unit_id, Assignment.is_lead)
                                  .where(Assignment.suggestion_id == item.id)).all())


def test_a_rows_co_units_opened_and_changed_are_routed(sized, people, item_in, shots):
    tab, phone = sized
    people.category.default_units = [people.unit, people.other_unit]  # proposes other_unit as co-unit
    db.session.commit()
    item, other = item_in(State.REGISTERED), item_in(State.REGISTERED)
    sign_in(tab, people.office.username)
    tab.goto("/office/routing")
    row = tab.locator(f'#routing tr[data-item="{item.id}"]')
    assert row.locator("input[type=checkbox][name^=co-]").count() == 0  # not drawn until opened
    row.locator("details.co-units summary").click()
    proposed = row.get_by_label(people.other_unit.name, exact=True)
    assert proposed.is_checked() and row.locator("input[type=hidden][name^=co-]").count() == 0
    proposed.uncheck()
    row.get_by_label(people.co_unit.name, exact=True).check()
    assert row.locator(f'input[type=checkbox][name="co-{item.id}"]').count() > 2
    summary = row.locator("details.co-units summary")
    assert summary.inner_text().strip() == people.co_unit.name  # what is ticked now
    row.get_by_label(people.co_unit.name, exact=True).uncheck()
    assert summary.inner_text().strip() == "无"
    row.get_by_label(people.co_unit.name, exact=True).check()
    tab.screenshot(path=str(shots / f"routing-co-units-{'phone' if phone else 'desktop'}.png"),
                   full_page=True)
    _send(tab, item.id, phone)
    assert _units(item) == {(people.unit.id, True), (people.co_unit.id, False)}
    assert _units(other) == set()


def test_a_row_sent_unchanged_is_routed_as_proposed(sized, people, item_in):
    tab, phone = sized
    people.category.default_units = [people.unit, people.co_unit]
    db.session.commit()
    item = item_in(State.REGISTERED)
    sign_in(tab, people.office.username)
    tab.goto("/office/routing")
    _send(tab, item.id, phone)
    assert _units(item) == {(people.unit.id, True), (people.co_unit.id, False)}


def test_without_javascript_a_row_is_routed_as_proposed(browser, live, people, item_in):
    people.category.default_units = [people.unit, people.co_unit]
    db.session.commit()
    item = item_in(State.REGISTERED)
    context = browser.new_context(base_url=live, locale="zh-CN", java_script_enabled=False,
                                  viewport=DESKTOP)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        sign_in(page, people.office.username)
        page.goto("/office/routing")
        row = page.locator(f'#routing tr[data-item="{item.id}"]')
        row.locator("details.co-units summary").click()
        # The way to change co-units without script: the item's own routing page.
        assert row.get_by_role("link").get_attribute("href").endswith(f"/items/{item.id}/actions/route")
        _send(page, item.id, phone=False)
    finally:
        context.close()
    assert _units(item) == {(people.unit.id, True), (people.co_unit.id, False)}

