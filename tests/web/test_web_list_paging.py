"""Keyset paging of the inbox, the review queue and batch routing: walking every page by its "next"
link lists each row exactly once, in the page's order, even where many rows tie on the sort key;
the counts cover every row, not the page; exports hold every row, not one page.
"""

from __future__ import annotations

import html
import io
import re
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from tests.factories import at
from tests.web.helpers import text
from tracker.domain.reads.listing import PAGE_SIZE
from tracker.extensions import db
from tracker.models import Assignment, Deadline, Suggestion
from tracker.models.handling import AssignmentState
from tracker.workflow import DeadlineKind, Owner, State, Unit

ROWS = 2 * PAGE_SIZE + 7  # three pages, the last one short


def walk(client, url: str, table: str) -> tuple[list[int], list[str]]:
    """Every row id of a list, following its next links; and each page's HTML."""
    ids, pages = [], []
    while url:
        page = text(client.get(url))
        pages.append(page)
        body = page.split(f'id="{table}"')[1].split("</table>")[0] if f'id="{table}"' in page else ""
        ids += [int(i) for i in re.findall(r'<tr data-item="(\d+)"', body)]
        found = re.search(r'rel="next" href="([^"]+)"', page)
        url = html.unescape(found.group(1)) if found else None
        assert len(pages) <= ROWS, "the pager does not end"
    return ids, pages


def rows_of(data: bytes) -> list[tuple]:
    ws = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [tuple(r) for r in ws.iter_rows(values_only=True)][1:]


def owe(item, unit, due_on: date, kind=DeadlineKind.REPLY):
    db.session.add(Deadline(suggestion_id=item.id, kind=kind, owner=Owner.UNIT, owner_unit_id=unit.id,
                            counted_from=date(2026, 3, 1), amount=5, unit=Unit.WORKING_DAYS,
                            due_on=due_on, opened_at=at(2026, 3, 1)))


@pytest.fixture
def inbox(make, world):
    """Items at the unit whose owed due dates tie in three groups (one with nothing owed), a closed
    item still owing a promise (listed) and a closed one owing nothing (not listed)."""
    expected = []
    for n in range(ROWS):
        item = make.suggestion(world.deputy, category=world.category, state=State.IN_HANDLING,
                               title=f"关于第{n}号路灯的建议")
        db.session.add(Assignment(suggestion_id=item.id, unit_id=world.unit.id, is_lead=n % 4 != 0,
                                  state=AssignmentState.RECEIVED, assigned_at=at(2026, 3, 1)))
        due = [date(2026, 3, 9), date(2026, 3, 20), None][n % 3]
        if due:
            owe(item, world.unit, due)
        expected.append((due is None, due or date.min, item.id))
    for owing in (True, False):
        item = make.suggestion(world.deputy, category=world.category, state=State.CLOSED)
        # Closing the item closed the unit's assignment (engine.apply): no longer its open work.
        db.session.add(Assignment(suggestion_id=item.id, unit_id=world.unit.id, is_lead=True,
                                  state=AssignmentState.RECEIVED, assigned_at=at(2026, 3, 1), is_open=False))
        if owing:
            owe(item, world.unit, date(2026, 3, 20), DeadlineKind.PROMISE)
            expected.append((False, date(2026, 3, 20), item.id))
    db.session.commit()
    return [i for *_, i in sorted(expected)]


def test_inbox_pages_list_every_entry_once_most_urgent_first(auth, world, inbox):
    client = auth.as_(world.handler)
    ids, pages = walk(client, "/inbox", "inbox")
    assert len(pages) == 3 and ids == inbox
    assert f'data-count="total">{len(inbox)}<' in pages[0] and 'href="/inbox">' in pages[1]
    lead = sum(1 for n in range(ROWS) if n % 4 != 0) + 1
    assert re.search(r'data-count="lead">[^<]*?(\d+)<', pages[0]).group(1) == str(lead)
    # A filter pages too, and keeps its own order.
    co, _ = walk(client, "/inbox?role=co", "inbox")
    assert co == [i for i in inbox if i in set(co)] and len(co) == ROWS - lead + 1


def test_inbox_export_holds_every_entry_not_one_page(auth, world, inbox):
    response = auth.as_(world.handler).get("/export/inbox")
    assert response.status_code == 200
    assert len(rows_of(response.data)) == len(inbox) > PAGE_SIZE


@pytest.fixture
def queue(make, world):
    """Office-review items whose arrival moments tie in groups; some arrived before their last
    change (an action that kept the state), so the order is not the id order."""
    expected = []
    for n in range(ROWS):
        entered = at(2026, 3, 1) if n % 5 == 0 else at(2026, 3, 2) + timedelta(hours=n % 4)
        item = make.suggestion(world.deputy, category=world.category, state=State.OFFICE_REVIEW,
                               title=f"关于第{n}号小区停车的建议", state_entered_at=entered,
                               updated_at=at(2026, 3, 2) + timedelta(hours=n % 4))
        expected.append((entered, item.id))
    db.session.commit()
    return [i for _, i in sorted(expected)]


def test_review_pages_list_every_item_once_oldest_first(auth, world, queue):
    ids, pages = walk(auth.as_(world.office), "/review", "queue")
    assert len(pages) == 3 and ids == queue
    assert f'data-count="{State.OFFICE_REVIEW.value}">{len(queue)}<' in pages[2]


def test_review_export_holds_every_item(auth, world, queue):
    response = auth.as_(world.office).get("/export/review")
    assert response.status_code == 200
    assert len(rows_of(response.data)) == len(queue)


@pytest.fixture
def backlog(make, world):
    """Registered items whose registration moments tie in two groups; a few have none (last)."""
    expected = []
    for n in range(ROWS):
        registered = None if n % 10 == 9 else at(2026, 3, 1) + timedelta(days=n % 2)
        item = make.suggestion(world.deputy, category=world.category, state=State.REGISTERED,
                               title=f"关于第{n}号道路的建议", registered_at=registered)
        expected.append((registered is None, registered or at(2000, 1, 1), item.id))
    db.session.commit()
    return [i for *_, i in sorted(expected)]


def test_routing_pages_list_every_item_once_oldest_registration_first(auth, world, backlog):
    ids, pages = walk(auth.as_(world.office), "/office/routing", "routing")
    assert len(pages) == 3 and ids == backlog
    assert f'data-count="total">{len(backlog)}<' in pages[1]


def test_routing_a_row_of_the_second_page(auth, world, backlog):
    client = auth.as_(world.office)
    first = text(client.get("/office/routing"))
    second_url = html.unescape(re.search(r'rel="next" href="([^"]+)"', first).group(1))
    chosen = backlog[PAGE_SIZE + 3]
    response = client.post(second_url, data={"include": str(chosen), f"lead-{chosen}": str(world.unit.id)})
    page = text(response)
    assert response.status_code == 200 and f'data-routed="{chosen}"' in page
    assert f'<tr data-item="{chosen}"' not in page  # routed: off the list
    db.session.expire_all()
    assert db.session.get(Suggestion, chosen).state is State.ASSIGNED
    ids, _ = walk(client, "/office/routing", "routing")
    assert ids == [i for i in backlog if i != chosen]


def test_routing_export_holds_every_item(auth, world, backlog):
    response = auth.as_(world.office).get("/export/routing")
    assert response.status_code == 200
    assert len(rows_of(response.data)) == len(backlog)


def test_a_damaged_cursor_is_page_one(auth, world, backlog):
    client = auth.as_(world.office)
    for url, table in (("/office/routing?after=garbage!", "routing"), ("/review?after=WzEsMl0", "queue")):
        ids, _ = walk(client, url, table)
        assert ids == backlog if table == "routing" else ids == []
