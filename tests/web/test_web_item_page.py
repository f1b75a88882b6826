"""The item page: buttons are exactly the engine's offers, and the dossier shows what happened."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.web.helpers import buttons, events, text
from tracker.domain.core.engine import offers
from tracker.domain.reads.queries import can_see
from tracker.extensions import db
from tracker.models import Deadline
from tracker.workflow import State

PEOPLE = ["deputy", "deputy2", "group_leader", "committee_staff", "office", "handler", "leader",
          "co_handler", "co_leader", "other_handler", "supervisor", "admin"]


@pytest.mark.parametrize("state", list(State))
def test_buttons_are_exactly_the_offers_for_every_role(auth, world, item_in, state):
    item = item_in(state)
    seen = 0
    for who in PEOPLE:
        user = getattr(world, who)
        response = auth.as_(user).get(f"/items/{item.id}")
        if not can_see(db.session, user, item):
            assert response.status_code == 403
            continue
        seen += 1
        assert response.status_code == 200
        expected = {o.action.value for o in offers(item, user)}
        shown = buttons(text(response)) - {"edit_draft"}
        assert shown == expected, who
    assert seen >= 4  # the office, supervisor, admin and the author always see it


def test_handler_sees_sign_for_on_an_assigned_item_and_the_deputy_does_not(auth, world, item_in):
    item = item_in(State.ASSIGNED)
    handler_page = text(auth.as_(world.handler).get(f"/items/{item.id}"))
    assert "sign_for" in buttons(handler_page) and "签收" in handler_page
    deputy_page = text(auth.as_(world.deputy).get(f"/items/{item.id}"))
    assert "sign_for" not in buttons(deputy_page)
    assert "您当前对此件没有可执行的操作" in deputy_page


def test_own_draft_offers_edit_and_submit(auth, world, item_in):
    page = text(auth.as_(world.deputy).get(f"/items/{item_in(State.DRAFT).id}"))
    assert {"edit_draft", "submit_for_review"} <= buttons(page)


def test_page_shows_state_deadline_versions_history(auth, world, item_in):
    item = item_in(State.REPLIED)
    page = text(auth.as_(world.deputy).get(f"/items/{item.id}"))
    assert 'data-state="replied"' in page and "已答复" in page
    assert item.registration_label in page
    assert 'data-deadline="evaluation"' in page and "满意度测评" in page
    assert 'data-version="1"' in page and "代表工委预审" in page
    # every audit event is a history row, with the actor, the role and the states
    assert page.count("data-event=") == events(item) == 8
    assert "提交预审" in page and "草稿 → 代表工委预审" in page
    assert "区住房和城乡建设局" in page and "主办" in page  # assignments
    assert "已列入今年实施计划" in page  # the reply
    assert "与代表当面沟通办理思路" in page  # the contact


def _deadline_box(page: str) -> str:
    return page.split('id="deadlines"')[1].split("</section>")[0]


def test_overdue_and_provisional_deadlines_are_marked(auth, world, item_in, clock):
    item = item_in(State.OFFICE_REVIEW)  # due five working days after 3 March 2026
    box = _deadline_box(text(auth.as_(world.office).get(f"/items/{item.id}")))
    assert 'class="due overdue"' in box and "已逾期" in box and "暂定" not in box
    clock("2026-03-04T02:00:00+00:00")
    db.session.scalars(select(Deadline).where(Deadline.suggestion_id == item.id)).one() \
        .provisional = True
    db.session.commit()
    box = _deadline_box(text(auth.as_(world.office).get(f"/items/{item.id}")))
    assert "overdue" not in box and "暂定" in box


def test_history_times_are_shown_in_china_time(auth, world, item_in):
    item = item_in(State.OFFICE_REVIEW)  # submitted at 10:00 China time on 3 March 2026
    page = text(auth.as_(world.deputy).get(f"/items/{item.id}"))
    assert "2026年3月3日 10:00" in page
