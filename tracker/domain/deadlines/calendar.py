"""Working days and Civil Code periods (民法典 Art. 201–203) over the calendar_day table.

The calendar stores only the days that differ from the weekend rule: official holidays and make-up
workdays (调休). A year without an entered schedule counts weekends only, and any date computed
through it is provisional until the year is entered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from tracker.workflow import Unit

CHINA = ZoneInfo("Asia/Shanghai")
HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


@dataclass
class WorkCalendar:
    """An in-memory view of calendar_day and calendar_year for one computation or request."""

    exceptions: dict[date, bool] = field(default_factory=dict)
    official_years: set[int] = field(default_factory=set)

    def is_workday(self, day: date) -> bool:
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5

    def is_official(self, year: int) -> bool:
        return year in self.official_years

    def roll_forward(self, day: date) -> date:
        """A last day on a rest day moves to the next working day (a make-up workday counts)."""
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def is_provisional(self, start: date, end: date) -> bool:
        """Whether a period from `start` to `end` runs through a year with no official schedule."""
        return any(not self.is_official(y) for y in range(start.year, end.year + 1))

    def due(self, counted_from: date, amount: int, unit: Unit) -> tuple[date, bool]:
        """The last day of a period, and whether it rests on a year with no official schedule."""
        unit = Unit(unit)
        if unit is Unit.WORKING_DAYS:
            day, left = counted_from, amount
            while left > 0:  # the event's own day is not counted
                day += timedelta(days=1)
                if self.is_workday(day):
                    left -= 1
            end = self.roll_forward(day)
        elif unit is Unit.MONTHS:
            # relativedelta clamps to the month's last day: 31 Jan + 3 months = 30 Apr.
            end = self.roll_forward(counted_from + relativedelta(months=amount))
        else:
            end = self.roll_forward(counted_from)
        return end, self.is_provisional(counted_from, end)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        n, day = 0, start
        while day < end:
            day += timedelta(days=1)
            n += self.is_workday(day)
        return n


def china_date(moment: datetime) -> date:
    """The calendar day in China of a UTC moment: periods are counted in China time."""
    return moment.astimezone(CHINA).date()


def end_of_day(day: date) -> datetime:
    """Deadlines end at the close of their last day in China time, as a UTC moment."""
    return datetime.combine(day + timedelta(days=1), time.min, CHINA).astimezone(UTC)


CACHE_KEY = "work_calendar"


def load_calendar(session) -> WorkCalendar:
    """The calendar, read once per database session (a request, a task, a demo load)."""
    from tracker.models import CalendarDay, CalendarYear

    cached = session.info.get(CACHE_KEY)
    if cached is None:
        days = session.execute(select(CalendarDay.day, CalendarDay.is_workday)).all()
        years = session.scalars(select(CalendarYear.year)).all()
        cached = session.info[CACHE_KEY] = WorkCalendar(dict(days), set(years))
    return cached


@event.listens_for(Session, "after_flush")
def _forget_changed_calendar(session, flush_context) -> None:
    from tracker.models import CalendarDay, CalendarYear

    touched = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, CalendarDay | CalendarYear) for obj in touched):
        session.info.pop(CACHE_KEY, None)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session) -> None:
    session.info.pop(CACHE_KEY, None)


def official_schedule(years: Iterable[int]) -> tuple[dict[date, tuple[bool, str]], set[int]]:
    """Holidays and make-up workdays from the chinesecalendar library, for the years it knows."""
    from chinese_calendar import constants

    known = {d.year for d in constants.holidays} & {d.year for d in constants.workdays}
    wanted = set(years) & known
    days: dict[date, tuple[bool, str]] = {}
    for day, name in constants.holidays.items():
        if day.year in wanted:
            days[day] = (False, HOLIDAY_NAMES_ZH.get(name, name))
    for day, name in constants.workdays.items():
        if day.year in wanted and day.weekday() >= 5:
            days[day] = (True, HOLIDAY_NAMES_ZH.get(name, name) + "调休")
    return days, wanted


def seed_calendar(session, years: Iterable[int], now: datetime) -> set[int]:
    """Enter the official schedule for the given years (leaving administrators' rows alone).

    A year entered for the first time recomputes the provisional deadlines, as enter_year does.
    """
    from tracker.models import CalendarDay, CalendarYear

    days, entered = official_schedule(years)
    for day, (is_workday, name) in days.items():
        if session.get(CalendarDay, day) is None:
            session.add(CalendarDay(day=day, is_workday=is_workday, name=name, source="official"))
    new_years = [y for y in entered if session.get(CalendarYear, y) is None]
    for year in new_years:
        session.add(CalendarYear(year=year, entered_at=now))
    session.flush()
    if new_years:
        recompute_provisional(session)
    return entered


def enter_year(session, year: int, days: dict[date, tuple[bool, str]], now: datetime) -> int:
    """An administrator enters a year's schedule; provisional deadlines are recomputed."""
    from tracker.models import CalendarDay, CalendarYear

    for day, (is_workday, name) in days.items():
        if day.year != year:
            raise ValueError(f"{day} is not in {year}")
        row = session.get(CalendarDay, day)
        if row is None:
            session.add(CalendarDay(day=day, is_workday=is_workday, name=name, source="admin"))
        else:
            row.is_workday, row.name, row.source = is_workday, name, "admin"
    if session.get(CalendarYear, year) is None:
        session.add(CalendarYear(year=year, entered_at=now, source="admin"))
    session.flush()
    return recompute_provisional(session)


def recompute_provisional(session) -> int:
    """Recount every open provisional deadline with the calendar as it now stands."""
    from tracker.domain.deadlines.rows import due_for
    from tracker.models import Deadline, Suggestion

    cal = load_calendar(session)
    rows = session.scalars(
        select(Deadline).where(Deadline.provisional.is_(True), Deadline.closed_at.is_(None))
    ).all()
    for row in rows:
        item = session.get(Suggestion, row.suggestion_id)
        row.due_on, row.provisional = due_for(cal, item, row.kind, row.counted_from, row.amount,
                                              row.unit)
    session.flush()
    return len(rows)
