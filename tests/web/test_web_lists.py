"""The desk ("my pending items") of each role, the deputy's own list, the office's full list."""

from __future__ import annotations

import re

import pytest

from tests.web.helpers import text
from tracker.domain.reads.queries import pending_for
from tracker.extensions import db
from tracker.workflow import State


def _rows(page: str, table: str) -> set[int]:
    body = page.split(f'id="{table}"')[1].split("</table>")[0] if f'id="{table}"' in page else ""
    return {int(i) for i in re.findall(r'data-item="(\d+)"', body)}


@pytest.fixture
def items(item_in):
    return {s: item_in(s).id for s in (State.DRAFT, State.GROUP_REVIEW, State.COMMITTEE_REVIEW,
                                       State.OFFICE_REVIEW,
                                       State.RETURNED, State.ASSIGNED, State.REPLY_SIGNOFF,
                                       State.REPLIED, State.DISSATISFIED, State.ESCALATED)}


# Who owes the next step on which of the items above (DOMAIN §8 owners).
OWED = {
    "deputy": {State.RETURNED, State.REPLIED},
    "deputy2": set(),
    "group_leader": {State.GROUP_REVIEW},
    "committee_staff": {State.COMMITTEE_REVIEW},
    "office": {State.OFFICE_REVIEW, State.DISSATISFIED},
    # issuing the reply closes every unit deadline, so replied and later items are off their desk
    "handler": {State.ASSIGNED, State.REPLY_SIGNOFF},
    "leader": {State.ASSIGNED, State.REPLY_SIGNOFF},
    "co_handler": {State.ASSIGNED, State.REPLY_SIGNOFF},
    "other_handler": set(),
    "supervisor": {State.ESCALATED},
}


@pytest.mark.parametrize("who", list(OWED))
def test_desk_lists_the_items_the_user_owes(auth, world, items, who):
    page = text(auth.as_(getattr(world, who)).get("/"))
    assert _rows(page, "tasks") == {items[s] for s in OWED[who]}
    assert len(pending_for(db.session, getattr(world, who))) == len(OWED[who])


def test_desk_names_the_step_and_the_due_date(auth, world, items):
    page = text(auth.as_(world.office).get("/"))
    assert "代表工委预审" in page and "不满意处理" in page and "已逾期" in page


def test_deputy_sees_own_and_cosigned_items_with_who_holds_them(auth, world, items, item_in):
    page = text(auth.as_(world.deputy).get("/"))
    assert _rows(page, "mine") == set(items.values())
    assert "代表工委" in page and "区住房和城乡建设局" in page  # holders: the office, the unit
    assert "领衔代表" in page
    other = text(auth.as_(world.deputy2).get("/"))
    assert _rows(other, "mine") == {world.main_item.id}


def test_the_full_list_filters_by_state(auth, world, items):
    client = auth.as_(world.supervisor)
    everything = text(client.get("/items"))
    assert set(items.values()) <= _rows(everything, "items")
    filtered = text(client.get("/items?state=replied"))
    assert _rows(filtered, "items") == {items[State.REPLIED]}
    bogus = text(client.get("/items?state=nonsense"))
    assert _rows(bogus, "items") == _rows(everything, "items")


def test_units_see_nothing_that_is_not_routed_to_them(auth, world, items):
    page = text(auth.as_(world.other_handler).get("/"))
    assert _rows(page, "tasks") == set() and "暂无待办事项" in page
