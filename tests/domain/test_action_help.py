"""The help above an action form: loaded by the domain for the view, so no template queries."""

from __future__ import annotations

from seeds.paths import Walker
from tests.domain.cases import CO_OPINION, REQUEST_EXT
from tests.factories import at
from tracker.domain.core.engine import apply
from tracker.domain.reads.action_help import help_for
from tracker.extensions import db
from tracker.workflow import Action, Role, State

START = at(2025, 12, 1)


def test_promise_actions_get_the_promises_not_yet_kept(make):
    w, item = make.item_in(State.CLOSED, start=START)
    (promise,) = help_for(db.session, item, Action.REPORT_PROMISE_KEPT).promises
    assert promise.text and help_for(db.session, item, Action.ACCEPT_PROMISE_REPORT).promises
    apply(item, Action.REPORT_PROMISE_KEPT, actor=w.handler, as_role=Role.UNIT_HANDLER,
          at=at(2026, 6, 1), data={"report_text": "已建成。"})
    assert help_for(db.session, item, Action.REPORT_PROMISE_KEPT).promises == []


def test_the_office_deciding_sees_the_request_and_the_unit_asking_sees_the_bounds(make):
    w, item = make.item_in(State.IN_HANDLING, start=START)
    asking = help_for(db.session, item, Action.REQUEST_EXTENSION)
    assert asking.reply_due is not None and asking.extension_limit > asking.reply_due
    assert help_for(db.session, item, Action.APPROVE_EXTENSION).request is None
    Walker(w, at(2026, 1, 5)).play(item, [REQUEST_EXT])
    deciding = help_for(db.session, item, Action.REFUSE_EXTENSION)
    assert deciding.request.kind == "extension" and "协调资金" in deciding.request.reason


def test_the_reply_form_gets_the_co_units_opinions(make):
    w, item = make.item_in(State.IN_HANDLING, start=START)
    (co,) = help_for(db.session, item, Action.SUBMIT_REPLY).co_opinions
    assert co.unit_id == w.co_unit.id and not co.opinion
    Walker(w, at(2026, 1, 5)).play(item, CO_OPINION)
    (co,) = help_for(db.session, item, Action.SUBMIT_REPLY).co_opinions
    assert co.opinion == "同意。"


def test_an_action_with_text_only_help_loads_nothing(make):
    w, item = make.item_in(State.IN_HANDLING, start=START)
    empty = help_for(db.session, item, Action.LOG_CONTACT)
    assert (empty.promises, empty.request, empty.reply_due, empty.co_opinions) == ([], None, None, [])
