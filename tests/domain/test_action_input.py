"""An action's input is read strictly by each field's Kind: a wrong type is InvalidData naming the
field (never a 500, never coerced), nothing is written, and the audit records what was stored."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tests.factories import at
from tracker.domain.core.engine import apply
from tracker.domain.core.inputs import MAX_LONG_TEXT, MAX_TEXT, parse_data
from tracker.domain.errors import InvalidData, RoleNotHeld
from tracker.domain.steps.prereview import CODES
from tracker.extensions import db
from tracker.models import Assignment, AuditEvent
from tracker.workflow import Action, Role, State
from tracker.workflow.fields import FIELDS, Kind

AN_ID_OF_NOTHING = 987654
IDS = [1.5, 1.0, True, "1.5", "١", "-3", 0, "abc", [1], {"id": 1}, AN_ID_OF_NOTHING]
DAYS = [20260310, "2026-13-01", "10/03/2026", ["2026-03-10"], "2026-03-10T08:00:00", True]
# Every Kind's wrong values; a Kind added without its row here fails test_every_kind_has_cases.
BAD: dict[Kind, list] = {
    Kind.TEXT: [12345, 1.5, True, ["文"], {"a": 1}, "字" * (MAX_TEXT + 1)],
    Kind.LONG_TEXT: [12345, False, ["文"], "字" * (MAX_LONG_TEXT + 1)],
    Kind.DATE: DAYS,
    Kind.DATES: [20260310, ["2026-13-01"], [20260310], {"a": "2026-03-10"}, ["2026-03-10"] * 101],
    Kind.DEPUTY: IDS,
    Kind.CATEGORY: IDS,
    Kind.UNIT: IDS,
    Kind.UNITS: [1.5, [1.5], [True], ["x"], {"a": 1}, [AN_ID_OF_NOTHING]],
    Kind.COMMITTEE: IDS,
    Kind.SUGGESTION: IDS,
    Kind.CHOICE: [1, True, "nonsense", ["A"], {"v": "A"}],
    Kind.CHECKLIST: ["all", ["x"], {"no_such_check": True}, {"__first__": "yes"},
                     {"__first__": {"passed": "yes"}}, {"__first__": {"passed": True, "note": 5}},
                     {"__first__": {"passed": True, "extra": 1}}],
    Kind.PROMISE: IDS,
}
CASES = [(field, value) for field, spec in FIELDS.items() for value in BAD[spec.kind]]


def test_every_kind_has_cases():
    assert set(BAD) == set(Kind)


@pytest.fixture
def item_ctx(make):
    w = make.world()
    return SimpleNamespace(session=db.session, item=make.suggestion(w.deputy), world=w)


@pytest.mark.parametrize(("field", "value"), CASES, ids=[f"{f.value}-{i}" for i, (f, _) in enumerate(CASES)])
def test_a_wrong_value_is_refused_naming_its_field(item_ctx, field, value):
    if isinstance(value, dict) and "__first__" in value:  # an entry of the list's first check
        value = {CODES[0]: value["__first__"]}
    with pytest.raises(InvalidData) as refused:
        parse_data(item_ctx, {field.value: value}, [field])
    assert refused.value.field == field.value


def test_an_unknown_field_is_refused(item_ctx):
    with pytest.raises(InvalidData) as refused:
        parse_data(item_ctx, {"lead_unit": item_ctx.world.unit.id, "colour": "red"}, FIELDS)
    assert refused.value.field == "colour"


def test_good_values_are_parsed_to_what_is_stored(item_ctx):
    w = item_ctx.world
    got = parse_data(item_ctx, {"lead_unit": str(w.unit.id), "co_units": f"{w.co_unit.id}，{w.co_unit.id}",
                                "contact_date": " 2026-03-10 ", "people": "  李代表 ",
                                "reply_category": "A", "report_dates": ["2026-04-01", "2026-04-01"]},
                     FIELDS)
    assert got == {"lead_unit": w.unit.id, "co_units": [w.co_unit.id], "contact_date": "2026-03-10",
                   "people": "李代表", "reply_category": "A", "report_dates": ["2026-04-01"]}


def counts(item_id: int) -> tuple[int, int]:
    return (db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.suggestion_id == item_id)),
            db.session.scalar(select(func.count(Assignment.id)).where(Assignment.suggestion_id == item_id)))


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"data": {"lead_unit": 1.5}}, "lead_unit"),
    ({"data": {"lead_unit": "LEAD", "co_units": [True]}}, "co_units"),
    ({"data": {"lead_unit": "LEAD", "colour": "red"}}, "colour"),
    ({"data": ["lead_unit"]}, "data"),
    ({"data": {"lead_unit": "LEAD"}, "reason": 12345}, "reason"),
    ({"data": {"lead_unit": "LEAD"}, "reason": "因" * 20001}, "reason"),
    ({"data": {"lead_unit": "LEAD"}, "seen_version": 1.5}, "seen_version"),
    ({"data": {"lead_unit": "LEAD"}, "seen_version": True}, "seen_version"),
    ({"data": {"lead_unit": "LEAD"}, "as_role": ["office_staff"]}, "as_role"),
    ({"data": {"lead_unit": "LEAD"}, "as_role": 7}, "as_role"),
])
def test_a_wrong_input_to_an_action_writes_nothing(make, kwargs, field):
    w, item = make.item_in(State.REGISTERED, start=at(2026, 2, 1))
    db.session.commit()
    before, state = counts(item.id), item.state
    kwargs = {"as_role": Role.OFFICE_STAFF, **kwargs}
    if isinstance(kwargs["data"], dict) and kwargs["data"].get("lead_unit") == "LEAD":
        kwargs["data"] = {**kwargs["data"], "lead_unit": w.unit.id}
    with pytest.raises(InvalidData) as refused:
        apply(item, Action.ROUTE, actor=w.office, at=at(2026, 3, 10), **kwargs)
    assert refused.value.field == field
    db.session.rollback()
    assert counts(item.id) == before and item.state is state


def test_an_unknown_role_is_still_a_role_refusal(make):
    w, item = make.item_in(State.REGISTERED, start=at(2026, 2, 1))
    with pytest.raises(RoleNotHeld):
        apply(item, Action.ROUTE, actor=w.office, as_role="emperor", at=at(2026, 3, 10),
              data={"lead_unit": w.unit.id})


def test_the_audit_records_the_value_stored_not_the_one_sent(make):
    w, item = make.item_in(State.SUBMITTED, start=at(2026, 2, 1))
    event = apply(item, Action.REGISTER, actor=w.office, as_role=Role.OFFICE_STAFF,
                  at=at(2026, 3, 10), data={"category": f" {w.category.id} "}, reason="  立案。 ",
                  seen_version=str(item.lock_version))
    assert item.category_id == w.category.id
    assert event.data["category"] == w.category.id and event.reason == "立案。"


def test_the_audit_records_the_units_stored(make):
    w, routed = make.item_in(State.REGISTERED, start=at(2026, 2, 1))
    event = apply(routed, Action.ROUTE, actor=w.office, as_role=Role.OFFICE_STAFF, at=at(2026, 3, 10),
                  data={"lead_unit": str(w.unit.id), "co_units": [str(w.co_unit.id)]})
    units = db.session.scalars(select(Assignment.unit_id).where(Assignment.suggestion_id == routed.id)
                               .order_by(Assignment.id)).all()
    assert units == [w.unit.id, w.co_unit.id]
    assert (event.data["lead_unit"], event.data["co_units"]) == (w.unit.id, [w.co_unit.id])
