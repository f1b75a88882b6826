"""The batch routing page's plain rows: what they show, their proposal, and which the engine lets route."""

import pytest

from tracker.domain.core.engine import offers
from tracker.domain.reads.listing import encode_key
from tracker.domain.steps.routing import (
    ROUTABLE_STATES,
    ROUTE_ONLY,
    STATE_DECIDES,
    category_defaults,
    proposed_units,
    routable_rows,
    routing_page,
    row_proposal,
)
from tracker.extensions import db
from tracker.models import Category
from tracker.workflow import Channel, Role, State


def _rows(ids) -> dict:
    rows = {r.id: r for r in routing_page(db.session, size=1000).rows}
    return {i: rows[i] for i in ids}


def test_a_row_shows_what_the_item_says(make):
    w, item = make.item_in(State.REGISTERED)
    item.proposed_unit_id = w.other_unit.id
    db.session.commit()
    row = _rows([item.id])[item.id]
    assert (row.title, row.registration_label, row.state, row.channel, row.author_name) == (
        item.title, item.registration_label, item.state, item.channel, item.author.name)
    assert (row.category.id, row.category.name, row.proposed_unit) == (
        item.category.id, item.category.name, (w.other_unit.id, w.other_unit.name, ""))
    assert row.registered_at == item.registered_at


def test_a_session_rows_label_has_the_sessions_number(make):
    w = make.world()
    _, item = make.item_in(State.REGISTERED, w)
    item.channel, item.session_id = Channel.SESSION, w.session.id
    db.session.commit()
    assert _rows([item.id])[item.id].registration_label == item.registration_label
    assert "次会议" in item.registration_label


@pytest.mark.parametrize("defaults, proposed", [
    ((), None), (("unit",), None), (("unit", "co_unit", "other_unit"), None),
    (("unit", "co_unit"), "co_unit"), (("unit",), "other_unit"), ((), "co_unit"), (None, "unit")])
def test_a_rows_proposal_is_the_items(make, defaults, proposed):
    w, item = make.item_in(State.REGISTERED)
    if defaults is None:  # no category at all
        item.category_id = None
    else:
        w.category.default_units = [getattr(w, name) for name in defaults]
    # A second category's defaults must not leak into this row's proposal.
    db.session.add(Category(name="其他", committee_id=w.category.committee_id, default_units=[w.other_unit]))
    item.proposed_unit_id = getattr(w, proposed).id if proposed else None
    db.session.commit()
    db.session.expire_all()
    row = _rows([item.id])[item.id]
    assert row_proposal(row, category_defaults(db.session)) == proposed_units(item)


def test_the_table_lets_the_page_judge_routing_by_state():
    # If this fails, routing reads more of an item than its state: routable_rows falls back to
    # judging each item as loaded, and the page costs more; the answers stay the engine's.
    assert STATE_DECIDES


@pytest.mark.parametrize("state", ROUTABLE_STATES)
@pytest.mark.parametrize("roles", [(r,) for r in Role] + [tuple(Role)])
def test_the_page_routes_the_rows_the_engine_routes(make, state, roles):
    w, item = make.item_in(state)
    user = make.user(*roles, unit_id=w.unit.id)
    db.session.commit()
    row = _rows([item.id])[item.id]
    expected = bool(offers(item, user, only=ROUTE_ONLY))
    assert (routable_rows(db.session, [row], user) == [row]) is expected
    assert expected is (Role.OFFICE_STAFF in roles)  # the table as it stands


def test_the_fallback_asks_the_engine_item_by_item(make, monkeypatch):
    import tracker.domain.steps.routing as routing

    w, item = make.item_in(State.REGISTERED)
    db.session.commit()
    row = _rows([item.id])[item.id]
    monkeypatch.setattr(routing, "STATE_DECIDES", False)
    assert routable_rows(db.session, [row], w.office) == [row]
    assert routable_rows(db.session, [row], w.deputy) == []


def test_the_count_covers_every_waiting_item_on_any_page(make):
    w, first = make.item_in(State.REGISTERED)
    _, second = make.item_in(State.REGISTERED, w)
    _, third = make.item_in(State.REGISTERED, w)
    db.session.commit()
    one = routing_page(db.session, size=2)
    assert [r.id for r in one.rows] == [first.id, second.id] and one.total == 3
    two = routing_page(db.session, after=one.next_cursor, size=2)
    assert [r.id for r in two.rows] == [third.id] and two.total == 3 and two.next_cursor is None
    # A page past the last row has no row to carry the count: it is read on its own.
    past = routing_page(db.session, after=encode_key(third.registered_at, third.id), size=2)
    assert past.rows == [] and past.total == 3
    assert routing_page(db.session, channel=Channel.SESSION).total == 0
