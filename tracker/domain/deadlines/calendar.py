"""Working days and Civil Code periods (民法典 Art. 201–203) over the calendar_day table.

The calendar stores only the days that differ from the weekend rule: official holidays and make-up
workdays (调休). A year without an entered schedule counts weekends only, and any date computed
through it is provisional until the year is entered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from tracker.models import CalendarDay, CalendarYear
from tracker.workflow import Unit

CHINA = ZoneInfo("Asia/Shanghai")


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
        elif unit is Unit.CALENDAR_DAYS:
            end = self.roll_forward(counted_from + timedelta(days=amount))
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
    cached = session.info.get(CACHE_KEY)
    if cached is None:
        days = session.execute(select(CalendarDay.day, CalendarDay.is_workday)).all()
        years = session.scalars(select(CalendarYear.year)).all()
        cached = session.info[CACHE_KEY] = WorkCalendar(dict(days), set(years))
    return cached


def _forget_changed_calendar(session, flush_context) -> None:
    touched = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, CalendarDay | CalendarYear) for obj in touched):
        session.info.pop(CACHE_KEY, None)


def _forget_after_rollback(session) -> None:
    session.info.pop(CACHE_KEY, None)


def install() -> None:
    """Drop a session's cached calendar when its days change or the transaction rolls back."""
    event.listen(Session, "after_flush", _forget_changed_calendar)
    event.listen(Session, "after_rollback", _forget_after_rollback)
