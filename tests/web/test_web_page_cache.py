"""The list fragment cache: a second look at the same list is reused; any change shows at once."""

from __future__ import annotations

from tests.web.helpers import counted
from tracker.extensions import db


def look(client, url="/items"):
    with counted() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True), len(statements)


def test_the_same_list_is_drawn_once_and_a_change_shows_at_once(auth, world):
    client = auth.as_(world.office)
    first, drawn = look(client)
    again, reused = look(client)
    table = first[first.index('<div class="d-flex align-items-center'):]
    assert table in again and world.main_item.title in table
    assert reused < drawn, (reused, drawn)  # the rows' queries were not run again

    world.main_item.title = "主件：统筹公交线网（修改后）"
    db.session.commit()
    changed, redrawn = look(client)
    assert "统筹公交线网（修改后）" in changed
    assert redrawn > reused  # drawn anew, not reused


def test_language_filters_and_pages_are_drawn_apart(auth, world):
    client = auth.as_(world.office)
    zh, _ = look(client)
    en, _ = look(client, "/items?lang=en")
    assert "All suggestions" in en and "全部建议" not in en and "全部建议" in zh
    filtered, _ = look(client, "/items?lang=en&state=closed")
    assert world.main_item.title not in filtered  # a draft is not in the closed filter


def test_the_signed_in_users_own_parts_are_never_reused(auth, world):
    office = auth.as_(world.office)
    as_office, _ = look(office)
    supervisor = auth.as_(world.supervisor)
    as_supervisor, _ = look(supervisor)
    assert world.supervisor.name in as_supervisor and world.office.name in as_office
    # the import button is the office's alone, though both see the same rows
    assert "导入" in as_office and "/imports" in as_office
    assert "/imports" not in as_supervisor


def test_with_the_cache_off_every_look_draws(auth, world, app, monkeypatch):
    client = auth.as_(world.office)
    look(client)
    _, reused = look(client)  # the cache on: the fragment reused
    monkeypatch.setitem(app.config, "PAGE_CACHE", False)
    _, first = look(client)
    _, second = look(client)
    # Off, every look reads the rows again; the filter form's reference data stays kept per data
    # generation either way (tracker.web.page_cache.reference), so the two cost the same.
    assert first == second > reused


def test_a_units_inbox_is_drawn_once_for_its_handlers_and_never_for_another_unit(auth, world, item_in):
    from tracker.workflow import State

    item = item_in(State.IN_HANDLING)
    handler = auth.as_(world.handler)
    mine, drawn = look(handler, "/inbox")
    assert item.title in mine
    leader = auth.as_(world.leader)  # the same unit: the same inbox, reused
    theirs, reused = look(leader, "/inbox")
    assert item.title in theirs and reused < drawn
    other = auth.as_(world.other_handler)  # another unit: drawn for it, without the item
    elsewhere, _ = look(other, "/inbox")
    assert item.title not in elsewhere


def test_each_reviewer_has_their_own_queue_and_a_new_arrival_shows(auth, world, item_in):
    from tracker.workflow import State

    office = auth.as_(world.office)
    empty, drawn = look(office, "/review")
    _, reused = look(office, "/review")
    assert reused < drawn
    item = item_in(State.OFFICE_REVIEW)  # a commit: the office's queue is drawn anew with it
    arrived, _ = look(office, "/review")
    assert item.title in arrived and item.title not in empty
    committee = auth.as_(world.committee_staff)  # reviews another layer: never the office's page
    theirs, _ = look(committee, "/review")
    assert item.title not in theirs


def test_with_the_cache_off_the_inbox_chips_follow_the_counts(auth, world, item_in, app, monkeypatch,
                                                              clock):
    """The inbox's heading and chips are drawn once per counts (tracker.web.units.views.head): a new
    item for the unit shows in them at once, and so do days passing with no write at all; another
    unit's stay its own."""
    import re

    from tracker.workflow import State

    monkeypatch.setitem(app.config, "PAGE_CACHE", False)
    item_in(State.IN_HANDLING)
    handler = auth.as_(world.handler)

    def total(client) -> int:
        return int(re.search(r'data-count="total">(\d+)<', look(client, "/inbox")[0]).group(1))

    before = total(handler)
    item_in(State.IN_HANDLING)
    assert total(handler) == before + 1 == total(auth.as_(world.leader))
    assert total(auth.as_(world.other_handler)) == 0
    # Days pass with no write (the data's token stays): the urgency chips still count anew. (Signed
    # in again at each moment: a login lasts hours, not months; logins move no token.)
    overdue = re.compile(r'data-count="overdue">.*?<span class="ms-1">(\d+)</span>', re.S)
    counts = []
    for moment in ("2026-05-20T02:00:00+00:00", "2026-09-01T02:00:00+00:00"):
        clock(moment)
        counts.append(int(overdue.search(look(auth.as_(world.handler), "/inbox")[0]).group(1)))
    assert counts[0] < counts[1]
