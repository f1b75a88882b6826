"""The item page shows a reply awaiting sign-off (待签发) to its unit, the office and the supervisors only."""

from __future__ import annotations

import pytest

from tests.web.helpers import text
from tracker.workflow import State

DRAFT = "经研究，已列入今年实施计划。"  # the scripted path's reply text


@pytest.mark.parametrize(("who", "reads"), [
    ("handler", True), ("leader", True), ("office", True), ("supervisor", True),
    ("deputy", False), ("committee_staff", False), ("co_handler", False)])
def test_the_draft_reply_on_the_item_page(auth, world, item_in, who, reads):
    item = item_in(State.REPLY_SIGNOFF)
    page = text(auth.as_(getattr(world, who)).get(f"/items/{item.id}"))
    assert f'id="item-{item.id}"' in page or item.title in page  # the page itself is theirs
    assert (DRAFT in page) is reads


@pytest.mark.parametrize("who", ["deputy", "committee_staff"])
def test_the_issued_reply_is_shown_to_the_deputy_and_committee(auth, world, item_in, who):
    item = item_in(State.REPLIED)
    assert DRAFT in text(auth.as_(getattr(world, who)).get(f"/items/{item.id}"))
