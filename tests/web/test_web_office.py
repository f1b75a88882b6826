"""Office and admin pages: who may open them, the batch routing form, the print list, session forms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.web.helpers import state_of, text
from tracker.extensions import db
from tracker.models import Assignment, Category, CongressSession
from tracker.workflow import Channel, State

WHO = ["deputy", "group_leader", "committee_staff", "office", "handler", "leader", "co_handler",
       "other_handler", "supervisor", "admin"]
# page -> the only people let in; everyone else signed in gets a 403.
ALLOWED = {
    "/admin/sessions": {"admin"},
    "/admin/sessions/new": {"admin"},
    "/office/routing": {"office"},
    "/office/assignments/{unit}/print": {"office", "handler", "leader"},
}


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("page", list(ALLOWED))
def test_access_matrix(auth, world, page, who):
    url = page.format(unit=world.unit.id)
    response = auth.as_(getattr(world, who)).get(url)
    assert response.status_code == (200 if who in ALLOWED[page] else 403), (url, who)


@pytest.mark.parametrize("page", ["/admin/sessions", "/office/routing", "/office/assignments/1/print"])
def test_guests_are_sent_to_sign_in(client, world, page):
    response = client.get(page)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_missing_unit_and_session_are_404(auth, world):
    assert auth.as_(world.office).get("/office/assignments/999999/print").status_code == 404
    assert auth.as_(world.admin).get("/admin/sessions/999999/edit").status_code == 404


def test_nav_links_show_for_their_roles(auth, world):
    assert "/office/routing" in text(auth.as_(world.office).get("/"))
    assert "/admin/sessions" not in text(auth.client.get("/"))
    assert "/admin/sessions" in text(auth.as_(world.admin).get("/"))
    assert "/office/routing" not in text(auth.as_(world.deputy).get("/"))


def test_routing_page_lists_registered_items_with_the_proposal(auth, world, item_in):
    world.category.default_units = [world.unit, world.co_unit]
    db.session.commit()
    item = item_in(State.REGISTERED)
    other = item_in(State.SUBMITTED)
    html = text(auth.as_(world.office).get("/office/routing"))
    assert f'data-item="{item.id}"' in html and f'data-item="{other.id}"' not in html
    assert f'<option value="{world.unit.id}" selected>' in html
    # The proposed co-unit is sent as a hidden input until the row's list is opened (app.js copies
    # the checkboxes from the page's one template then); without script the item's page changes it.
    assert f'<input type="hidden" name="co-{item.id}" value="{world.co_unit.id}">' in html
    assert html.count('id="co-unit-choices"') == 1 and f'value="{world.other_unit.id}"' in html
    assert f'/items/{item.id}/actions/route' in html


def test_a_row_sent_unchanged_routes_as_proposed(auth, world, item_in):
    world.category.default_units = [world.unit, world.co_unit]
    db.session.commit()
    item = item_in(State.REGISTERED)
    html = text(auth.as_(world.office).get("/office/routing"))
    # What the browser sends of the row as drawn: its select's choice and its hidden inputs.
    lead = re.search(rf'name="lead-{item.id}".*?<option value="(\d+)" selected>', html, re.S).group(1)
    co = re.findall(rf'<input type="hidden" name="co-{item.id}" value="(\d+)">', html)
    response = auth.client.post("/office/routing", data={"only": str(item.id), f"lead-{item.id}": lead,
                                                         f"co-{item.id}": co})
    assert response.status_code == 200 and state_of(item) is State.ASSIGNED
    assert set(db.session.execute(select(Assignment.unit_id, Assignment.is_lead)
                                  .where(Assignment.suggestion_id == item.id)).all()) == {
        (world.unit.id, True), (world.co_unit.id, False)}


def test_routing_filters_list_only_their_rows_and_a_bad_filter_is_a_400(auth, world, item_in):
    kept, other = item_in(State.REGISTERED), item_in(State.REGISTERED)
    elsewhere = Category(name="教育卫生", committee_id=world.category.committee_id)
    db.session.add(elsewhere)
    db.session.flush()
    other.category_id, other.channel, other.session_id = elsewhere.id, Channel.SESSION, world.session.id
    db.session.commit()
    client = auth.as_(world.office)

    def shown(query: str) -> tuple[int, set[int]]:
        response = client.get(f"/office/routing{query}")
        return response.status_code, {i for i in (kept.id, other.id) if f'data-item="{i}"' in text(response)}

    assert shown(f"?category_id={world.category.id}") == (200, {kept.id})
    assert shown("?channel=session") == (200, {other.id})
    assert shown(f"?session_id={world.session.id}&category_id={elsewhere.id}") == (200, {other.id})
    assert shown("") == (200, {kept.id, other.id})
    # Each filter's form is its own (drawn once per filters): the choice shows, and only there.
    assert '<option selected value="session">' in text(client.get("/office/routing?channel=session"))
    assert '<option selected value="session">' not in text(client.get("/office/routing"))
    bad = client.get("/office/routing?category_id=999999")
    assert bad.status_code == 400 and "is-invalid" in text(bad)
    assert shown("?category_id=999999") == (400, {kept.id, other.id})  # unfiltered, as before


def test_batch_routes_the_included_rows_and_reports_the_failed_one(auth, world, item_in):
    good, bad, skipped = (item_in(State.REGISTERED) for _ in range(3))
    u, co = world.unit.id, world.co_unit.id
    response = auth.as_(world.office).post("/office/routing?lang=en", data={
        "include": [good.id, bad.id],
        f"lead-{good.id}": u, f"co-{good.id}": [co],
        f"lead-{bad.id}": u, f"co-{bad.id}": [u, co],  # the lead also as co-unit
        f"lead-{skipped.id}": u,
    })
    html = text(response)
    assert response.status_code == 400
    assert f'data-routed="{good.id}"' in html
    assert f'data-row-error="{bad.id}"' in html and "cannot also be a co-handling unit" in html
    # The failed row keeps its choices: both co-units still ticked, still included.
    assert f'id="co-{bad.id}-{u}" checked' in html and f'id="co-{bad.id}-{co}" checked' in html
    assert f'id="include-{bad.id}" checked' in html
    assert state_of(good) is State.ASSIGNED
    assert state_of(bad) is State.REGISTERED and state_of(skipped) is State.REGISTERED
    assert set(db.session.execute(select(Assignment.unit_id, Assignment.is_lead)
                                  .where(Assignment.suggestion_id == good.id)).all()) == {
        (u, True), (co, False)}


def test_batch_with_all_rows_good_is_a_200(auth, world, item_in):
    a, b = item_in(State.REGISTERED), item_in(State.REGISTERED)
    response = auth.as_(world.office).post("/office/routing", data={
        "include": [a.id, b.id], f"lead-{a.id}": world.unit.id, f"lead-{b.id}": world.other_unit.id})
    assert response.status_code == 200
    assert state_of(a) is State.ASSIGNED and state_of(b) is State.ASSIGNED


def test_a_phone_routes_one_row_by_its_own_button_whatever_is_ticked(auth, world, item_in):
    one, other = item_in(State.REGISTERED), item_in(State.REGISTERED)
    response = auth.as_(world.office).post("/office/routing", data={
        "only": str(one.id), "include": [other.id],  # a tick left from the wide page does not count
        f"lead-{one.id}": world.unit.id, f"lead-{other.id}": world.unit.id})
    assert response.status_code == 200 and f'data-routed="{one.id}"' in text(response)
    assert state_of(one) is State.ASSIGNED and state_of(other) is State.REGISTERED
    garbled = auth.client.post("/office/routing", data={"only": "x1", f"lead-{other.id}": world.unit.id})
    assert garbled.status_code in (200, 400) and state_of(other) is State.REGISTERED


def test_a_garbled_unit_is_a_row_error_not_a_500(auth, world, item_in):
    item = item_in(State.REGISTERED)
    response = auth.as_(world.office).post("/office/routing", data={
        "include": [item.id], f"lead-{item.id}": "abc"})
    assert response.status_code == 400 and f'data-row-error="{item.id}"' in text(response)
    assert state_of(item) is State.REGISTERED


def test_print_page_lists_the_units_assignments(auth, world, item_in):
    item = item_in(State.ASSIGNED)
    other = item_in(State.REGISTERED)
    html = text(auth.as_(world.handler).get(f"/office/assignments/{world.unit.id}/print"))
    assert "交办清单" in html and world.unit.name in html
    assert f'data-item="{item.id}"' in html and f'data-item="{other.id}"' not in html
    assert item.registration_label in html and world.deputy.name in html
    # Read from disk: a streamed static response may leave its file for the GC to close.
    css = (Path(__file__).resolve().parents[2] / "tracker/static/office.css").read_text()
    assert "office.css" in html and "size: A4" in css and "@media print" in css
    # Another unit's staff may not print this unit's list.
    assert auth.as_(world.other_handler).get(
        f"/office/assignments/{world.unit.id}/print").status_code == 403


SESSION = {"name": "第十八届人民代表大会第六次会议", "ordinal": "6", "year": "2027",
           "collection_opens_on": "2026-11-01", "presubmission_deadline_on": "2027-01-05",
           "opens_on": "2027-01-10", "closes_on": "2027-01-13"}


def test_admin_creates_a_session(auth, world):
    response = auth.as_(world.admin).post("/admin/sessions/new", data=SESSION)
    assert response.status_code == 302
    created = db.session.scalar(select(CongressSession).where(CongressSession.name == SESSION["name"]))
    assert created is not None and created.ordinal == 6


def test_a_bad_date_is_a_400_that_keeps_the_typed_input(auth, world):
    response = auth.as_(world.admin).post("/admin/sessions/new",
                                          data={**SESSION, "opens_on": "2027-13-40"})
    html = text(response)
    assert response.status_code == 400
    assert 'value="2027-13-40"' in html and SESSION["name"] in html
    assert db.session.scalar(select(CongressSession).where(
        CongressSession.name == SESSION["name"])) is None


def test_windows_out_of_order_are_refused_on_the_field(auth, world):
    response = auth.as_(world.admin).post("/admin/sessions/new?lang=en",
                                          data={**SESSION, "closes_on": "2027-01-09"})
    html = text(response)
    assert response.status_code == 400
    assert 'data-field-error="closes_on"' in html and 'value="2027-01-09"' in html


def test_admin_edits_a_session(auth, world):
    url = f"/admin/sessions/{world.session.id}/edit"
    form = text(auth.as_(world.admin).get(url))
    assert world.session.name in form
    data = {**SESSION, "name": world.session.name}
    assert auth.client.post(url, data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(CongressSession, world.session.id).opens_on.isoformat() == "2027-01-10"
