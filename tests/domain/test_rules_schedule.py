"""Deadline rules (bounds, audit, lookup), the schedule parser, the recount preview, the ladder in words."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, select

from tests.factories import at
from tracker.domain.deadlines.calendar import WorkCalendar
from tracker.domain.deadlines.rules import (
    line_for,
    period_text,
    reset_rule,
    rule_for,
    rule_lines,
    save_rule,
    seed_rules,
    spec_for,
)
from tracker.domain.deadlines.schedule import BadSchedule, as_csv, read_schedule, schedule_text
from tracker.domain.errors import InvalidData
from tracker.domain.reminders.ladder import Step, ladder_text, step_text
from tracker.extensions import db
from tracker.models import AuditEvent, DeadlineRule
from tracker.models.reminder import Audience
from tracker.tenancy import current_congress_id
from tracker.workflow import DEADLINES, Channel, DeadlineKind, Unit

K = DeadlineKind
NOW = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def rules(make):
    yield make.world()
    db.session.rollback()
    db.session.execute(delete(DeadlineRule))
    seed_rules(db.session)
    db.session.commit()


# --- Rules ----------------------------------------------------------------------------------------

def test_rule_lines_cover_the_table_and_know_what_is_editable(make):
    lines = rule_lines(db.session)
    assert len(lines) == len(DEADLINES) and len({line.key for line in lines}) == len(DEADLINES)
    editable = {line.key for line in lines if line.editable}
    assert {"reply", "registration.session", "reassignment_window"} <= editable
    assert not editable & {"promise", "progress_report", "pre_submission", "formal_submission"}
    assert spec_for("registration.session").channel is Channel.SESSION and spec_for("nope") is None


@pytest.mark.parametrize(("amount", "unit"), [(0, Unit.WORKING_DAYS), (61, Unit.WORKING_DAYS),
                                              (7, Unit.MONTHS), (91, Unit.CALENDAR_DAYS),
                                              (5, Unit.FIXED_DATE)])
def test_periods_out_of_bounds_are_refused_on_their_field(rules, amount, unit):
    with pytest.raises(InvalidData) as refused:
        save_rule(db.session, rules.admin, spec_for("evaluation"), amount=amount, unit=unit, basis="", at=NOW)
    assert refused.value.field in ("amount", "unit")


def test_a_saved_rule_is_audited_used_and_reset(rules):
    spec = spec_for("evaluation")
    line = save_rule(db.session, rules.admin, spec, amount=20, unit=Unit.CALENDAR_DAYS, basis=" 办法第九条 ",
                     at=NOW)
    assert (line.amount, line.unit, line.basis, line.changed) == (20, Unit.CALENDAR_DAYS, "办法第九条", True)
    assert rule_for(db.session, K.EVALUATION, Channel.SESSION)[:2] == (20, Unit.CALENDAR_DAYS)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "edit_deadline_rule"))
    assert event.data == {"rule": "evaluation",
                          "before": {"amount": 15, "unit": "working_days", "basis": "", "own": False},
                          "after": {"amount": 20, "unit": "calendar_days", "basis": "办法第九条",
                                    "own": True}}
    assert event.congress_id == current_congress_id()
    reset = reset_rule(db.session, rules.admin, spec, at=NOW)
    assert not reset.changed and not reset.own
    assert line_for(db.session, spec).amount == 15
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "reset_deadline_rule"))
    assert event.data["before"]["own"] and event.data["after"] == {
        "amount": 15, "unit": "working_days", "basis": "", "own": False}
    rows = db.session.scalars(select(DeadlineRule).where(DeadlineRule.kind == K.EVALUATION)).all()
    assert [r.congress_id for r in rows] == [None]  # the override went, the platform's row stayed


def test_periods_in_words():
    assert period_text(3, Unit.MONTHS).render("zh") == "3个月"
    assert period_text(1, Unit.WORKING_DAYS).render("en") == "1 working day"
    assert period_text(15, Unit.CALENDAR_DAYS).render("zh") == "15日"
    assert period_text(0, Unit.FIXED_DATE).render("en") == "a date set with the step"


def test_calendar_days_end_on_a_working_day():
    cal = WorkCalendar({date(2026, 10, 1): False, date(2026, 10, 2): False})
    assert cal.due(date(2026, 9, 21), 10, Unit.CALENDAR_DAYS) == (date(2026, 10, 5), True)
    assert cal.due(date(2026, 9, 1), 10, Unit.CALENDAR_DAYS) == (date(2026, 9, 11), True)


# --- The schedule parser --------------------------------------------------------------------------

def test_one_parser_reads_csv_text_and_writes_it_back():
    found = schedule_text("# 2027\n2027-01-01,rest,元旦\n2027年2月14日,上班,春节调休\n", 2027)
    assert found.ok
    assert found.days == {date(2027, 1, 1): (False, "元旦"), date(2027, 2, 14): (True, "春节调休")}
    assert schedule_text(as_csv(found.days), 2027).days == found.days


@pytest.mark.parametrize(("text", "row"), [
    ("2027-01-01,rest,x\n2027-02-30,rest,x\n", 2),
    ("2027-01-01,rest,x\n2026-12-31,rest,x\n", 2),
    ("2027-01-01,rest,x\n2027-01-01,rest,x\n", 2),
    ("2027-01-01,rest,x\n2027-01-02,,x\n", 2),
    ("2027-01-01,rest,x\n,rest,x\n", 2),
    ("2027-01-01,rest,x\n@SUM(1),rest,x\n", 2),
])
def test_bad_rows_are_reported_by_row_and_the_rest_still_read(text, row):
    found = schedule_text(text, 2027)
    assert not found.ok and [n for n, _ in found.problems] == [row]
    assert found.problems[0][1].render("en")  # a sentence, in either language


def test_a_first_row_of_titles_is_skipped():
    assert schedule_text("date,kind,name\n2027-01-01,rest,元旦\n", 2027).ok


@pytest.mark.parametrize(("data", "name"), [(b"", "a.csv"), (b"x" * 600_000, "a.csv"), (b"abc", "a.pdf"),
                                            (b"PK\x03\x04junk", "a.csv")])
def test_unusable_files_raise_on_the_file_field(data, name):
    with pytest.raises(BadSchedule) as refused:
        read_schedule(data, name, 2027)
    assert refused.value.field == "file"


# --- The ladder in words --------------------------------------------------------------------------

def test_each_step_reads_as_a_sentence_in_both_languages():
    steps = [Step(1, -2, -2, Audience.OWNER), Step(2, 3, 1, Audience.OFFICE)]
    assert ladder_text(steps).render("zh") == (
        "截止前2个工作日提醒应办理人；逾期3个工作日后提醒代表工委（重点督办件：逾期1个工作日后）")
    assert ladder_text(steps).render("en") == (
        "2 working days before the due day, remind whoever owes the step; 3 working days after the due "
        "day, remind the deputies' affairs office (key-supervised items: 1 working day after the due day)")
    assert step_text(Step(1, 0, 0, Audience.UNIT_LEADER)).render("zh") == "截止当日提醒承办单位负责人"
    assert ladder_text([Step(1, 0, 0, Audience.OWNER)]).render("en").startswith("On the due day, remind")
    assert ladder_text([]).render("zh") == "不提醒"


def test_entering_a_schedule_writes_the_year_and_a_rollback_undoes_it_whole(make):
    from tracker.domain.deadlines.years import enter_schedule, national_days, preview_moves
    from tracker.models import CalendarYear

    w = make.world()
    found = schedule_text("2027-01-01,rest,元旦\n", 2027)
    try:
        assert preview_moves(db.session, found) == (0, 0)
        assert enter_schedule(db.session, w.admin, found, filename="a.csv", at=at(2026, 11, 2)) == (0, 0)
        assert db.session.get(CalendarYear, 2027).source == "admin"
    finally:
        db.session.rollback()
        assert date(2027, 1, 1) not in national_days(db.session)
