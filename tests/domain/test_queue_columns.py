"""The stored columns the queues read: `assignment.is_open` (live on an unfinished item, the inbox's
open work) and `suggestion.state_entered_at` (when the item came into its state, the review queue's
order), checked after every row of the table, and against the migration's backfill of old data."""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import literal_column, select

from seeds.paths import Walker
from tests.domain.cases import actor_for, case_for
from tests.factories import at
from tracker.domain.core.engine import apply
from tracker.extensions import db
from tracker.models import Assignment, AuditEvent, Suggestion
from tracker.models.handling import AssignmentState
from tracker.models.types import UTCDateTime
from tracker.workflow import FINAL, TRANSITIONS, Channel, Role, State

START = at(2025, 12, 1)
MIGRATION = (Path(__file__).resolve().parents[2] / "migrations" / "versions"
             / "a1b2c3d4e5f2_queue_columns.py")


def _migration():
    spec = importlib.util.spec_from_file_location("queue_columns", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _assignments(item) -> list[Assignment]:
    return list(db.session.scalars(select(Assignment).where(Assignment.suggestion_id == item.id)))


def _check(item, backfill) -> None:
    """The stored columns say what they mean, and the migration's backfill says the same."""
    db.session.flush()
    rows = _assignments(item)
    for a in rows:
        assert a.is_open is (a.state is not AssignmentState.RELEASED and item.state not in FINAL), a
    open_by_sql = set(db.session.scalars(select(Assignment.id).where(
        Assignment.suggestion_id == item.id, literal_column(backfill.OPEN))))
    assert open_by_sql == {a.id for a in rows if a.is_open}
    entered_by_sql = db.session.scalar(select(literal_column(backfill.ENTERED, UTCDateTime()))
                                       .select_from(Suggestion).where(Suggestion.id == item.id))
    assert entered_by_sql == item.state_entered_at


@pytest.mark.parametrize("index", range(len(TRANSITIONS)),
                         ids=[f"{r.action}-{r.source}-{'+'.join(r.guards) or 'plain'}" for r in TRANSITIONS])
def test_every_row_keeps_the_open_flag_and_the_entry_time(make, index):
    row = TRANSITIONS[index]
    backfill = _migration()
    w = make.world()
    w.main_item = make.suggestion(w.deputy2, category=w.category)
    case = case_for(row, w)
    written = START - timedelta(days=1)
    item = make.suggestion(w.deputy, channel=case.channel, category=w.category, created_at=written,
                           updated_at=written, session=w.session if case.channel is Channel.SESSION else None)
    # As drafting writes it (tracker.domain.authoring.drafts): the old data's trail starts with the creation.
    db.session.add(AuditEvent(suggestion_id=item.id, actor_id=w.deputy.id, role=Role.DEPUTY,
                              action="create_draft", from_state=None, to_state=State.DRAFT, at=written,
                              data={}))
    clock = Walker(w, START).play(item, case.steps) + timedelta(days=case.days_later)
    if case.during_session:
        clock = at(2026, 1, 13)
    assert item.state is row.source
    _check(item, backfill)
    entered = item.state_entered_at
    role = sorted(row.roles)[0]
    apply(item, row.action, actor=getattr(w, actor_for(row, role)), as_role=role, at=clock,
          reason=case.reason, data=case.data)
    assert item.state is row.target
    # Entered when the state changed; an action that keeps the state keeps the moment.
    assert item.state_entered_at == (entered if row.keeps_state else clock)
    _check(item, backfill)


def test_a_new_item_entered_its_first_state_when_it_was_written(make):
    w = make.world()
    item = make.suggestion(w.deputy, updated_at=at(2026, 3, 4))
    assert item.state_entered_at == at(2026, 3, 4)


def test_a_released_assignment_is_not_open_however_it_is_released(make):
    _, item = make.item_in(State.IN_HANDLING)
    lead = next(a for a in _assignments(item) if a.is_lead)
    assert lead.is_open
    lead.state = AssignmentState.RELEASED
    assert lead.is_open is False
