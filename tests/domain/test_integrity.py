"""Integrity held by the database itself, whatever the application does."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError, StatementError

from tests.factories import at
from tracker.extensions import db
from tracker.models import Assignment, AuditEvent, Suggestion, SuggestionVersion
from tracker.workflow import State


def _item(make, state):
    w, item = make.item_in(state)
    db.session.commit()
    return w, item


def test_state_column_rejects_unknown_states(make):
    w, item = _item(make, State.DRAFT)
    with pytest.raises(IntegrityError):
        db.session.execute(text("UPDATE suggestion SET state = 'lost' WHERE id = :id"),
                           {"id": item.id})
        db.session.flush()
    db.session.rollback()


def test_only_one_live_lead_unit_per_item(make):
    w, item = _item(make, State.ASSIGNED)
    db.session.add(Assignment(suggestion_id=item.id, unit_id=w.other_unit.id, is_lead=True,
                              assigned_at=at(2026, 3, 1)))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_released_lead_makes_room_for_a_new_one(make):
    w, item = _item(make, State.ASSIGNED)
    lead = db.session.scalar(select(Assignment).where(Assignment.suggestion_id == item.id,
                                                      Assignment.is_lead.is_(True)))
    lead.state = "released"
    db.session.add(Assignment(suggestion_id=item.id, unit_id=w.other_unit.id, is_lead=True,
                              assigned_at=at(2026, 3, 1)))
    db.session.flush()
    db.session.rollback()


def test_registration_numbers_are_unique_within_a_sequence(make):
    w, first = _item(make, State.REGISTERED)
    second = make.suggestion(w.deputy, category=w.category)
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(update(Suggestion).where(Suggestion.id == second.id).values(
            reg_sequence=first.reg_sequence, reg_number=first.reg_number))
    db.session.rollback()
    db.session.execute(update(Suggestion).where(Suggestion.id == second.id).values(
        reg_sequence="year:2099", reg_number=first.reg_number))
    db.session.rollback()


def test_audit_events_and_versions_cannot_be_changed(make):
    w, item = _item(make, State.OFFICE_REVIEW)
    event = db.session.scalars(select(AuditEvent)).first()
    event.reason = "rewritten history"
    with pytest.raises(ValueError, match="append-only"):
        db.session.flush()
    db.session.rollback()
    version = db.session.scalars(select(SuggestionVersion)).first()
    version.title = "changed"
    with pytest.raises(ValueError, match="cannot be changed"):
        db.session.flush()
    db.session.rollback()


def test_enum_columns_refuse_unknown_values_before_the_database(make):
    w, item = _item(make, State.DRAFT)
    item.state = "nonsense"
    with pytest.raises((StatementError, LookupError)):
        db.session.flush()
    db.session.rollback()


def test_postgres_refuses_to_rewrite_the_audit_trail(make):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the trigger is PostgreSQL's; SQLite relies on the ORM guard above")
    w, item = _item(make, State.OFFICE_REVIEW)
    with pytest.raises(Exception, match="append-only"):
        db.session.execute(text("UPDATE audit_event SET reason = 'x'"))
    db.session.rollback()
    with pytest.raises(Exception, match="append-only"):
        db.session.execute(text("DELETE FROM audit_event"))
    db.session.rollback()
