"""Routing proposals and batch routing: one refused row is rolled back, the others are committed."""

from sqlalchemy import func, select

from tests.factories import at
from tracker.domain.errors import InvalidData
from tracker.domain.steps.routing import Decision, proposed_units, route_many
from tracker.extensions import db
from tracker.models import Assignment, AuditEvent, Suggestion
from tracker.workflow import Action, State

WHEN = at(2026, 3, 20)


def test_the_category_proposes_its_first_default_as_lead_and_the_rest_as_co_units(make):
    w, item = make.item_in(State.REGISTERED)
    w.category.default_units = [w.unit, w.co_unit, w.other_unit]
    proposal = proposed_units(item)
    assert proposal.lead_id == w.unit.id
    assert proposal.co_ids == (w.co_unit.id, w.other_unit.id)


def test_the_deputys_proposed_unit_leads_and_is_not_also_a_co_unit(make):
    w, item = make.item_in(State.REGISTERED)
    w.category.default_units = [w.unit, w.co_unit]
    item.proposed_unit_id = w.co_unit.id
    proposal = proposed_units(item)
    assert proposal.lead_id == w.co_unit.id
    assert proposal.co_ids == (w.unit.id,)


def test_no_category_and_no_proposal_proposes_nothing(make):
    w = make.world()
    item = make.suggestion(w.deputy)
    assert proposed_units(item).lead_id is None
    assert proposed_units(item).co_ids == ()


def test_a_batch_routes_the_good_rows_and_reports_the_bad_one(make):
    w, first = make.item_in(State.REGISTERED)
    _, bad = make.item_in(State.REGISTERED, w)
    _, third = make.item_in(State.REGISTERED, w)
    db.session.commit()
    result = route_many(db.session, w.office, [
        Decision(first, w.unit.id, (w.co_unit.id,)),
        Decision(bad, w.unit.id, (w.unit.id,)),  # the lead cannot also be a co-unit
        Decision(third, w.other_unit.id),
    ], WHEN)
    db.session.commit()
    assert [i.id for i in result.routed] == [first.id, third.id]
    assert isinstance(result.failed[bad.id], InvalidData)
    assert "co-handling" in result.failed[bad.id].message("en")
    db.session.expire_all()
    states = dict(db.session.execute(select(Suggestion.id, Suggestion.state).where(
        Suggestion.id.in_([first.id, bad.id, third.id]))).all())
    assert states == {first.id: State.ASSIGNED, bad.id: State.REGISTERED, third.id: State.ASSIGNED}
    units = set(db.session.execute(select(Assignment.suggestion_id, Assignment.unit_id,
                                          Assignment.is_lead)).all())
    assert units == {(first.id, w.unit.id, True), (first.id, w.co_unit.id, False),
                     (third.id, w.other_unit.id, True)}


def test_each_routed_item_gets_its_own_audit_event(make):
    w, first = make.item_in(State.REGISTERED)
    _, second = make.item_in(State.REGISTERED, w)
    db.session.commit()
    route_many(db.session, w.office, [Decision(first, w.unit.id), Decision(second, None)], WHEN)
    db.session.commit()
    counts = dict(db.session.execute(
        select(AuditEvent.suggestion_id, func.count(AuditEvent.id))
        .where(AuditEvent.action == Action.ROUTE.value).group_by(AuditEvent.suggestion_id)).all())
    assert counts == {first.id: 1}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == Action.ROUTE.value))
    assert event.data["lead_unit"] == w.unit.id and event.actor_id == w.office.id


def test_a_failed_row_does_not_undo_work_done_before_the_batch(make):
    # The caller's own pending change must survive a refused row's savepoint rollback.
    w, item = make.item_in(State.REGISTERED)
    db.session.commit()
    w.unit.short_name = "住建局"
    result = route_many(db.session, w.office, [Decision(item, w.unit.id, (w.unit.id,))], WHEN)
    db.session.commit()
    db.session.expire_all()
    assert item.id in result.failed
    assert w.unit.short_name == "住建局"


def test_the_batch_stays_in_the_callers_transaction(make):
    # On SQLite a first SAVEPOINT outside BEGIN would commit on release; the caller must still
    # be able to roll the whole batch back.
    w, item = make.item_in(State.REGISTERED)
    db.session.commit()
    result = route_many(db.session, w.office, [Decision(item, w.unit.id)], WHEN)
    assert result.routed == [item]
    db.session.rollback()
    assert db.session.scalar(select(Suggestion.state).where(Suggestion.id == item.id)) \
        is State.REGISTERED
    assert db.session.scalar(select(func.count(Assignment.id))) == 0
