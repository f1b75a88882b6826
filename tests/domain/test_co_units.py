"""Co-handling units: the lead's reply waits for their opinions until those are due."""

import pytest

from seeds.paths import CONTACT, Walker
from tests.factories import at
from tracker.domain.core.engine import apply
from tracker.domain.errors import NotAllowedNow
from tracker.workflow import Action, Role, State

REPLY = {"reply_category": "A", "reply_text": "已解决。"}


def _handling(make):
    w, item = make.item_in(State.IN_HANDLING, start=at(2026, 3, 2))
    clock = Walker(w, at(2026, 3, 10)).play(item, [CONTACT])  # routed about 2026-03-06
    return w, item, clock


def test_reply_waits_for_a_co_unit_opinion_that_is_not_yet_due(make):
    w, item, clock = _handling(make)
    with pytest.raises(NotAllowedNow) as err:
        apply(item, Action.SUBMIT_REPLY, actor=w.handler, as_role=Role.UNIT_HANDLER, at=clock,
              data=REPLY)
    assert "协办" in err.value.zh


def test_reply_goes_once_the_co_unit_has_sent_its_opinion(make):
    w, item, clock = _handling(make)
    apply(item, Action.SIGN_FOR, actor=w.co_handler, as_role=Role.UNIT_HANDLER, at=clock)
    apply(item, Action.SEND_CO_OPINION, actor=w.co_handler, as_role=Role.UNIT_HANDLER, at=clock,
          data={"opinion": "同意，配合实施。"})
    apply(item, Action.SUBMIT_REPLY, actor=w.handler, as_role=Role.UNIT_HANDLER, at=clock,
          data=REPLY)
    assert item.state is State.REPLY_SIGNOFF


def test_reply_goes_without_an_opinion_once_it_is_overdue(make):
    w, item, _ = _handling(make)
    apply(item, Action.SUBMIT_REPLY, actor=w.handler, as_role=Role.UNIT_HANDLER,
          at=at(2026, 4, 20), data=REPLY)
    assert item.state is State.REPLY_SIGNOFF
