"""Working days and Civil Code periods (民法典 Art. 201–203, DOMAIN §8) on the official calendar.

Every expected date below was worked out by hand from the State Council schedules and checked
against `chinese_calendar.is_workday`:
- National Day 2025: Oct 1–8 off (Mid-autumn on Oct 6); make-up workdays Sun Sep 28 and Sat Oct 11.
- Spring Festival 2026: Feb 15–23 off; make-up workdays Sat Feb 14 and Sat Feb 28.
- March 2026 has no holiday. 2027 has no official schedule in the library (nor in the test DB).
The first part is pure (no database); the second reads and writes calendar_day / calendar_year.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import pytest
from sqlalchemy import delete, select

from tests.factories import CHINA, at
from tracker.domain.core.engine import apply
from tracker.domain.deadlines.calendar import WorkCalendar, china_date, end_of_day, load_calendar
from tracker.domain.deadlines.years import (
    enter_year,
    national_days,
    official_schedule,
    recompute_provisional,
    seed_calendar,
)
from tracker.domain.steps.prereview import all_pass
from tracker.extensions import db
from tracker.models import CalendarDay, CalendarYear, Deadline
from tracker.workflow import Action as A
from tracker.workflow import Channel, DeadlineKind, Role, Unit

D = date
WD, MO, FIX = Unit.WORKING_DAYS, Unit.MONTHS, Unit.FIXED_DATE
K = DeadlineKind
NOW = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    """The official schedule straight from the library, for 2023–2027 (2027 is not known)."""
    days, years = official_schedule(range(2023, 2028))
    return WorkCalendar({d: w for d, (w, _) in days.items()}, years)


@pytest.fixture(scope="module")
def weekends_only() -> WorkCalendar:
    """No schedule at all: weekends rest, every weekday works, every year provisional."""
    return WorkCalendar()


# --- The facts the expectations rest on ---------------------------------------------------------

@pytest.mark.parametrize(("day", "works"), [
    (D(2025, 9, 28), True), (D(2025, 10, 1), False), (D(2025, 10, 6), False),
    (D(2025, 10, 8), False), (D(2025, 10, 9), True), (D(2025, 10, 11), True),
    (D(2025, 10, 12), False), (D(2026, 2, 14), True), (D(2026, 2, 15), False),
    (D(2026, 2, 23), False), (D(2026, 2, 24), True), (D(2026, 2, 28), True),
    (D(2026, 3, 7), False), (D(2026, 3, 9), True),
])
def test_calendar_agrees_with_the_library(cal, day, works):
    assert chinese_calendar.is_workday(day) is works
    assert cal.is_workday(day) is works


def test_official_schedule_covers_known_years_only():
    days, years = official_schedule(range(2024, 2028))
    assert years == {2024, 2025, 2026}
    assert days[D(2025, 9, 28)] == (True, "国庆节调休")
    assert days[D(2025, 10, 11)] == (True, "国庆节调休")
    assert days[D(2025, 10, 1)] == (False, "国庆节")
    assert days[D(2025, 10, 6)] == (False, "中秋节")
    assert days[D(2026, 2, 14)] == (True, "春节调休")
    assert days[D(2026, 2, 16)] == (False, "春节")
    assert not any(d.year == 2027 for d in days)
    assert not any(d.year == 2023 for d in days)
    # Only days that differ from the weekend rule matter as workdays.
    assert all(d.weekday() >= 5 for d, (works, _) in days.items() if works)


# --- Civil Code periods in months ----------------------------------------------------------------

@pytest.mark.parametrize(("start", "months", "end"), [
    (D(2025, 1, 31), 3, D(2025, 4, 30)),    # no 31 April: the month's last day
    (D(2025, 3, 14), 1, D(2025, 4, 14)),    # same-numbered day of the last month
    (D(2023, 11, 30), 3, D(2024, 2, 29)),   # leap February
    (D(2024, 2, 29), 12, D(2025, 2, 28)),   # from a leap day to a common year
    (D(2025, 12, 31), 2, D(2026, 2, 28)),   # no 31 Feb; 28 Feb 2026 is a make-up Saturday
])
def test_month_periods_end_on_the_corresponding_day(cal, start, months, end):
    assert cal.due(start, months, MO) == (end, False)


def test_month_period_from_30_november_ends_at_the_end_of_february(cal, weekends_only):
    # 30 Nov 2025 + 3 months -> no 30 Feb -> 28 Feb 2026, a Saturday but a Spring Festival
    # make-up workday, so the period ends on it.
    assert cal.due(D(2025, 11, 30), 3, MO) == (D(2026, 2, 28), False)
    # Without the schedule the same Saturday is a rest day and the period runs to Monday.
    assert weekends_only.due(D(2025, 11, 30), 3, MO) == (D(2026, 3, 2), True)


def test_month_period_ending_on_a_weekend_moves_to_the_next_working_day(cal):
    # 7 Dec 2025 + 3 months = Sat 7 Mar 2026 -> Mon 9 Mar.
    assert cal.due(D(2025, 12, 7), 3, MO) == (D(2026, 3, 9), False)
    # 8 Feb 2026 + 1 month = Sun 8 Mar -> Mon 9 Mar.
    assert cal.due(D(2026, 2, 8), 1, MO) == (D(2026, 3, 9), False)


def test_month_period_ending_on_a_holiday_moves_past_the_holiday(cal, weekends_only):
    # 1 Jul 2025 + 3 months = 1 Oct (National Day); Oct 1–8 are off -> Thu 9 Oct.
    assert cal.due(D(2025, 7, 1), 3, MO) == (D(2025, 10, 9), False)
    # 15 Jan 2026 + 1 month = Sun 15 Feb (Spring Festival, off to 23 Feb) -> Tue 24 Feb.
    assert cal.due(D(2026, 1, 15), 1, MO) == (D(2026, 2, 24), False)
    assert weekends_only.due(D(2025, 7, 1), 3, MO)[0] == D(2025, 10, 1)


@pytest.mark.parametrize(("start", "end"), [
    (D(2025, 6, 28), D(2025, 9, 28)),     # Sunday make-up workday before National Day
    (D(2025, 7, 11), D(2025, 10, 11)),    # Saturday make-up workday after it
    (D(2025, 11, 14), D(2026, 2, 14)),    # Saturday make-up workday before Spring Festival
])
def test_month_period_may_end_on_a_make_up_workday(cal, weekends_only, start, end):
    assert end.weekday() >= 5
    assert cal.due(start, 3, MO) == (end, False)
    assert weekends_only.due(start, 3, MO)[0] > end


# --- Working days ------------------------------------------------------------------------------

def test_the_event_day_is_not_counted(cal):
    # Monday 2 Mar 2026: one working day later is Tuesday, not Monday itself.
    assert cal.due(D(2026, 3, 2), 1, WD) == (D(2026, 3, 3), False)
    assert cal.working_days_between(D(2026, 3, 2), D(2026, 3, 2)) == 0
    assert cal.working_days_between(D(2026, 3, 2), D(2026, 3, 3)) == 1


@pytest.mark.parametrize(("amount", "end"), [
    (3, D(2026, 3, 11)), (5, D(2026, 3, 13)), (7, D(2026, 3, 17)), (15, D(2026, 3, 27)),
])
def test_working_days_across_a_weekend(cal, amount, end):
    # Counted from Friday 6 Mar 2026: the weekend of 7–8 Mar is skipped.
    assert cal.due(D(2026, 3, 6), amount, WD) == (end, False)
    assert cal.working_days_between(D(2026, 3, 6), end) == amount


def test_working_days_from_a_saturday_start_on_monday(cal):
    assert cal.due(D(2026, 3, 7), 3, WD) == (D(2026, 3, 11), False)


@pytest.mark.parametrize(("amount", "end"), [
    (1, D(2025, 9, 28)),    # the Sunday make-up workday counts
    (3, D(2025, 9, 30)),
    (4, D(2025, 10, 9)),    # Oct 1–8 are skipped
    (5, D(2025, 10, 10)),
    (6, D(2025, 10, 11)),   # the Saturday make-up workday counts
    (7, D(2025, 10, 13)),   # Sun 12 Oct rests
    (15, D(2025, 10, 23)),
])
def test_working_days_across_national_day_2025(cal, amount, end):
    # Counted from Friday 26 Sep 2025.
    assert cal.due(D(2025, 9, 26), amount, WD) == (end, False)
    assert cal.working_days_between(D(2025, 9, 26), end) == amount


def test_national_day_week_counts_as_working_days_without_the_schedule(weekends_only):
    # The weekend rule alone would end 5 working days from 26 Sep on Fri 3 Oct (a holiday).
    assert weekends_only.due(D(2025, 9, 26), 5, WD)[0] == D(2025, 10, 3)


@pytest.mark.parametrize(("amount", "end"), [
    (1, D(2026, 2, 14)),    # Saturday make-up workday
    (2, D(2026, 2, 24)),    # Feb 15–23 off
    (5, D(2026, 2, 27)),
    (6, D(2026, 2, 28)),    # Saturday make-up workday
    (7, D(2026, 3, 2)),
    (15, D(2026, 3, 12)),
])
def test_working_days_across_spring_festival_2026(cal, amount, end):
    # Counted from Friday 13 Feb 2026.
    assert cal.due(D(2026, 2, 13), amount, WD) == (end, False)


def test_working_days_between(cal):
    assert cal.working_days_between(D(2025, 9, 30), D(2025, 10, 9)) == 1
    assert cal.working_days_between(D(2025, 9, 26), D(2025, 10, 13)) == 7
    assert cal.working_days_between(D(2026, 2, 13), D(2026, 2, 28)) == 6
    assert cal.working_days_between(D(2026, 3, 9), D(2026, 3, 6)) == 0


def test_fixed_dates_and_zero_periods_roll_forward(cal):
    assert cal.due(D(2026, 3, 7), 0, FIX) == (D(2026, 3, 9), False)        # Saturday
    assert cal.due(D(2025, 10, 1), 0, FIX) == (D(2025, 10, 9), False)      # National Day
    assert cal.due(D(2026, 2, 28), 0, FIX) == (D(2026, 2, 28), False)      # make-up workday
    assert cal.due(D(2026, 2, 15), 0, WD) == (D(2026, 2, 24), False)       # 0 working days
    assert cal.due(D(2026, 3, 10), 0, "fixed_date") == (D(2026, 3, 10), False)


def test_roll_forward(cal):
    assert cal.roll_forward(D(2025, 10, 4)) == D(2025, 10, 9)
    assert cal.roll_forward(D(2025, 9, 28)) == D(2025, 9, 28)
    assert cal.roll_forward(D(2025, 10, 12)) == D(2025, 10, 13)


# --- China time ---------------------------------------------------------------------------------

def test_an_event_late_in_the_evening_china_time_is_that_china_day(cal):
    late = datetime(2026, 3, 6, 23, 30, tzinfo=CHINA).astimezone(UTC)
    assert late == datetime(2026, 3, 6, 15, 30, tzinfo=UTC)
    assert china_date(late) == D(2026, 3, 6)
    assert cal.due(china_date(late), 3, WD)[0] == D(2026, 3, 11)


def test_an_event_after_midnight_china_time_is_the_next_day_though_utc_is_not(cal):
    early = datetime(2026, 3, 10, 0, 30, tzinfo=CHINA).astimezone(UTC)
    assert early.date() == D(2026, 3, 9)
    assert china_date(early) == D(2026, 3, 10)
    assert cal.due(china_date(early), 3, WD)[0] == D(2026, 3, 13)
    assert china_date(at(2026, 3, 9, 8)) == D(2026, 3, 9)  # 00:00 UTC


def test_end_of_day_is_midnight_china_time():
    end = end_of_day(D(2026, 3, 11))
    assert end == datetime(2026, 3, 11, 16, 0, tzinfo=UTC)
    assert end.utcoffset() == timedelta(0)
    assert end.astimezone(CHINA) == datetime(2026, 3, 12, 0, 0, tzinfo=CHINA)
    # Still in time one second before, late for the same day in China at that moment.
    assert china_date(end - timedelta(seconds=1)) == D(2026, 3, 11)
    assert china_date(end) == D(2026, 3, 12)


# --- Provisional periods--------------------------------------------------------------------------

def test_a_period_into_a_year_without_schedule_is_provisional(cal):
    # 15 Nov 2026 + 3 months = Mon 15 Feb 2027: 2027 has no official schedule.
    assert cal.due(D(2026, 11, 15), 3, MO) == (D(2027, 2, 15), True)


def test_a_period_inside_an_official_year_is_not_provisional(cal):
    assert cal.due(D(2026, 3, 2), 5, WD) == (D(2026, 3, 9), False)
    assert cal.due(D(2026, 9, 15), 3, MO) == (D(2026, 12, 15), False)


def test_provisional_years_count_weekends_only(cal):
    # From Mon 28 Dec 2026: Dec 29, 30, 31, then Fri 1 Jan 2027 is counted as a working day
    # (no schedule says otherwise yet), then Mon 4 Jan.
    assert cal.due(D(2026, 12, 28), 5, WD) == (D(2027, 1, 4), True)
    assert cal.due(D(2026, 12, 28), 3, WD) == (D(2026, 12, 31), False)


def test_a_period_becomes_final_once_its_year_is_known(cal):
    known = WorkCalendar({**cal.exceptions, D(2027, 1, 1): False}, cal.official_years | {2027})
    assert known.due(D(2026, 12, 28), 5, WD) == (D(2027, 1, 5), False)


# --- The stored calendar--------------------------------------------------------------------------

@pytest.fixture
def reference(make):
    """calendar_day / calendar_year outlive a test's clean-up: undo what a test changed."""
    yield
    db.session.rollback()
    db.session.execute(delete(CalendarDay).where(CalendarDay.source == "admin"))
    db.session.execute(delete(CalendarYear).where(CalendarYear.year > 2026))
    seed_calendar(db.session, range(2004, 2027), NOW)
    db.session.commit()


def test_load_calendar_reads_the_seeded_schedule(make, cal):
    stored = load_calendar(db.session)
    assert stored.official_years == set(range(2004, 2027))
    assert not stored.is_official(2027)
    assert stored.is_workday(D(2025, 9, 28)) and not stored.is_workday(D(2025, 10, 1))
    assert stored.is_workday(D(2026, 2, 28)) and not stored.is_workday(D(2026, 2, 16))
    for start, amount, unit in [(D(2025, 9, 26), 7, WD), (D(2026, 2, 13), 6, WD),
                                (D(2025, 11, 30), 3, MO), (D(2026, 11, 15), 3, MO)]:
        assert stored.due(start, amount, unit) == cal.due(start, amount, unit)


def test_seed_calendar_restores_official_days_and_leaves_admin_rows(make, reference):
    db.session.delete(national_days(db.session).get(D(2026, 2, 14)))
    row = national_days(db.session).get(D(2026, 2, 28))
    row.is_workday, row.source = False, "admin"
    db.session.flush()
    assert seed_calendar(db.session, [2026, 2027], NOW) == {2026}
    assert national_days(db.session).get(D(2026, 2, 14)).is_workday is True
    assert national_days(db.session).get(D(2026, 2, 28)).is_workday is False
    assert db.session.get(CalendarYear, 2027) is None


def test_enter_year_makes_the_year_official(make, reference):
    assert enter_year(db.session, 2027, {D(2027, 1, 1): (False, "元旦"),
                                         D(2027, 2, 20): (True, "春节调休")}, NOW) == 0
    stored = load_calendar(db.session)
    assert stored.is_official(2027)
    assert not stored.is_workday(D(2027, 1, 1)) and stored.is_workday(D(2027, 2, 20))
    assert db.session.get(CalendarYear, 2027).source == "admin"
    assert national_days(db.session).get(D(2027, 1, 1)).source == "admin"
    assert stored.due(D(2026, 12, 28), 5, WD) == (D(2027, 1, 5), False)


def test_enter_year_corrects_an_existing_day(make, reference):
    enter_year(db.session, 2026, {D(2026, 3, 9): (False, "临时调整")}, NOW)
    row = national_days(db.session).get(D(2026, 3, 9))
    assert (row.is_workday, row.name, row.source) == (False, "临时调整", "admin")
    assert load_calendar(db.session).due(D(2026, 3, 6), 1, WD) == (D(2026, 3, 10), False)


def test_enter_year_refuses_a_day_of_another_year(make, reference):
    with pytest.raises(ValueError):
        enter_year(db.session, 2027, {D(2028, 1, 3): (False, "元旦")}, NOW)


# --- Recomputing provisional deadlines through the engine-----------------------------------------

def _route(make, when, *, co=True):
    """A between-session item routed at `when` (China time), lead unit plus the co-unit."""
    w = make.world()
    item = make.suggestion(w.deputy, category=w.category)
    apply(item, A.SUBMIT_FOR_REVIEW, actor=w.deputy, as_role=Role.DEPUTY,
          at=when - timedelta(days=3))
    apply(item, A.PRE_APPROVE, actor=w.office, as_role=Role.OFFICE_STAFF,
          at=when - timedelta(days=2), data={"checklist": all_pass({})})
    apply(item, A.REGISTER, actor=w.office, as_role=Role.OFFICE_STAFF,
          at=when - timedelta(days=1), data={"category": w.category.id})
    apply(item, A.ROUTE, actor=w.office, as_role=Role.OFFICE_STAFF, at=when,
          data={"lead_unit": w.unit.id, "co_units": [w.co_unit.id] if co else []})
    return w, item


def _rows(item, kind, **where) -> list[Deadline]:
    stmt = select(Deadline).where(Deadline.suggestion_id == item.id, Deadline.kind == kind)
    for column, value in where.items():
        stmt = stmt.where(getattr(Deadline, column) == value)
    return list(db.session.scalars(stmt.order_by(Deadline.id)))


def test_routing_late_in_2026_opens_a_provisional_reply_deadline(make, reference):
    w, item = _route(make, at(2026, 12, 21))
    (reply,) = _rows(item, K.REPLY)
    # 21 Dec 2026 + 3 months = Sun 21 Mar 2027 -> Mon 22 Mar, by the weekend rule only.
    assert (reply.counted_from, reply.due_on, reply.provisional) == (
        D(2026, 12, 21), D(2027, 3, 22), True)
    signs = _rows(item, K.SIGN_FOR)
    assert [(d.due_on, d.provisional) for d in signs] == [(D(2026, 12, 24), False)] * 2


@pytest.mark.parametrize(("declared", "due"), [
    ({D(2027, 3, 22): (False, "测试假日")}, D(2027, 3, 23)),     # a holiday on the old due date
    ({D(2027, 3, 21): (True, "测试调休")}, D(2027, 3, 21)),      # a make-up Sunday before it
    ({D(2027, 1, 1): (False, "元旦")}, D(2027, 3, 22)),          # nothing near it: same date
])
def test_entering_the_year_recomputes_open_provisional_deadlines(make, reference, declared, due):
    w, item = _route(make, at(2026, 12, 21), co=False)
    count = enter_year(db.session, 2027, declared, NOW)
    (reply,) = _rows(item, K.REPLY)
    db.session.refresh(reply)
    assert count == 1
    assert (reply.due_on, reply.provisional) == (due, False)
    assert (reply.counted_from, reply.amount, reply.unit) == (D(2026, 12, 21), 3, MO)


def test_entering_the_year_leaves_closed_deadlines_alone(make, reference):
    w, item = _route(make, at(2026, 12, 21))
    (co_opinion,) = _rows(item, K.CO_OPINION)
    # 21 Dec 2026 + 1 month = Thu 21 Jan 2027, provisional.
    assert (co_opinion.due_on, co_opinion.provisional) == (D(2027, 1, 21), True)
    apply(item, A.SIGN_FOR, actor=w.co_handler, as_role=Role.UNIT_HANDLER, at=at(2026, 12, 22))
    apply(item, A.SEND_CO_OPINION, actor=w.co_handler, as_role=Role.UNIT_HANDLER,
          at=at(2026, 12, 28), data={"opinion": "同意，配合实施。"})
    assert co_opinion.closed_at is not None
    count = enter_year(db.session, 2027, {D(2027, 1, 21): (False, "测试假日"),
                                          D(2027, 3, 22): (False, "测试假日")}, NOW)
    db.session.refresh(co_opinion)
    assert count == 1  # the open reply only
    assert (co_opinion.due_on, co_opinion.provisional) == (D(2027, 1, 21), True)
    (reply,) = _rows(item, K.REPLY)
    assert (reply.due_on, reply.provisional) == (D(2027, 3, 23), False)


def test_recompute_provisional_without_a_new_year_changes_nothing(make, reference):
    w, item = _route(make, at(2026, 12, 21))
    assert recompute_provisional(db.session) == 2  # reply and the co-unit's opinion
    assert [(d.due_on, d.provisional) for d in _rows(item, K.REPLY)] == [(D(2027, 3, 22), True)]
    assert [(d.due_on, d.provisional) for d in _rows(item, K.CO_OPINION)] == [
        (D(2027, 1, 21), True)]


def _session_item_returned(make, presubmit: date, returned_on: datetime):
    w = make.world()
    sess = make.congress_session(year=2027, collection_opens_on=D(2026, 11, 1),
                                 presubmission_deadline_on=presubmit,
                                 opens_on=D(2027, 1, 7), closes_on=D(2027, 1, 10))
    item = make.suggestion(w.deputy, channel=Channel.SESSION, session=sess, category=w.category)
    apply(item, A.SUBMIT_FOR_REVIEW, actor=w.deputy, as_role=Role.DEPUTY,
          at=returned_on - timedelta(days=2))
    apply(item, A.RETURN_FOR_REVISION, actor=w.group_leader, as_role=Role.GROUP_LEADER,
          at=returned_on, reason="请补充调研数据。")
    (revision,) = _rows(item, K.REVISION)
    return item, revision


def test_recomputing_a_revision_keeps_it_within_the_presubmission_deadline(make, reference):
    # Returned Wed 30 Dec 2026: 5 working days provisionally end Wed 6 Jan 2027 (1 Jan counted),
    # capped at the pre-submission deadline, Tue 5 Jan.
    item, revision = _session_item_returned(make, D(2027, 1, 5), at(2026, 12, 30))
    assert (revision.due_on, revision.provisional) == (D(2027, 1, 5), True)
    # Once 1 Jan 2027 is a holiday the count ends on Thu 7 Jan, still past the cap.
    enter_year(db.session, 2027, {D(2027, 1, 1): (False, "元旦")}, NOW)
    db.session.refresh(revision)
    assert (revision.due_on, revision.provisional) == (D(2027, 1, 5), False)


def test_a_revision_capped_inside_an_official_year_is_not_provisional(make, reference):
    # Returned Mon 28 Dec 2026: uncapped it would end on 4 Jan 2027 (provisional), but the
    # pre-submission deadline of Thu 31 Dec 2026 comes first and is certain.
    item, revision = _session_item_returned(make, D(2026, 12, 31), at(2026, 12, 28))
    assert (revision.due_on, revision.provisional) == (D(2026, 12, 31), False)


def test_seeding_a_year_from_the_library_recomputes_provisional_deadlines(make, reference):
    # A database set up before the library knew 2026 (init-db runs the seeding again after an
    # upgrade of chinesecalendar): deadlines into 2026 were opened provisionally.
    db.session.execute(delete(CalendarDay).where(CalendarDay.day >= D(2026, 1, 1)))
    db.session.execute(delete(CalendarYear).where(CalendarYear.year == 2026))
    db.session.flush()
    w, item = _route(make, at(2026, 7, 1), co=False)
    (reply,) = _rows(item, K.REPLY)
    # 1 Jul + 3 months = Thu 1 Oct, a working day by the weekend rule.
    assert (reply.due_on, reply.provisional) == (D(2026, 10, 1), True)
    assert seed_calendar(db.session, [2026], NOW) == {2026}
    db.session.refresh(reply)
    # National Day 2026 is Oct 1–7: the reply is due Thu 8 Oct, and now for certain.
    assert (reply.due_on, reply.provisional) == (D(2026, 10, 8), False)
    signs = _rows(item, K.SIGN_FOR)
    assert [(d.due_on, d.provisional) for d in signs] == [(D(2026, 7, 6), False)]
