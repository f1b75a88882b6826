"""Working days and Civil Code periods (民法典 Art. 201–203) over the calendar_day table.

The calendar stores only the days that differ from the weekend rule: official holidays and make-up
workdays (调休), nationally (congress_id NULL) and per congress (its local holidays or working days,
which win over the national ones for that congress only). A year without an entered schedule counts
weekends only, and any date computed through it is provisional until the year is entered.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlalchemy import event, or_, select
from sqlalchemy.orm import Session

from tracker.models import CalendarDay, CalendarYear
from tracker.tenancy import ALL_CONGRESSES, congress_in_scope
from tracker.workflow import Unit

CHINA = ZoneInfo("Asia/Shanghai")


@dataclass
class WorkCalendar:
    """An in-memory view of calendar_day and calendar_year for one computation or request."""

    exceptions: dict[date, bool] = field(default_factory=dict)  # national and local, local winning
    official_years: set[int] = field(default_factory=set)
    local: dict[date, bool] = field(default_factory=dict)  # the congress's own days among them

    def with_national(self, national: dict[date, bool], year: int) -> WorkCalendar:
        """This calendar with `year`'s national days replaced by `national` (a schedule about to
        be entered), the congress's local days still on top."""
        kept = {d: w for d, w in self.exceptions.items() if d.year != year and d not in self.local}
        return WorkCalendar({**kept, **national, **self.local}, self.official_years | {year},
                            dict(self.local))

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
        """Working days after `start` up to and including `end` (0 if end <= start).

        Counted, not walked: any 7 days in a row hold 5 weekdays, then the days left over, then
        each exception in the span moves the count (a queue of 50 items waiting for years asked
        for some 100,000 days a page when this walked them)."""
        if end <= start:
            return 0
        weeks, rest = divmod((end - start).days, 7)
        n = weeks * 5
        for k in range(weeks * 7 + 1, weeks * 7 + rest + 1):
            n += (start + timedelta(days=k)).weekday() < 5
        days, shifts = self._shifts()
        return n + shifts[bisect_right(days, end)] - shifts[bisect_right(days, start)]

    def _shifts(self) -> tuple[list[date], list[int]]:
        """The exceptions' days in order, and before each index how far they moved the count from
        the weekend rule (made once per calendar; a calendar's days never change once read)."""
        found = self.__dict__.get("_shift_index")
        if found is None:
            days = sorted(self.exceptions)
            shifts = [0]
            for day in days:
                shifts.append(shifts[-1] + self.exceptions[day] - (day.weekday() < 5))
            found = self.__dict__["_shift_index"] = (days, shifts)
        return found


def china_date(moment: datetime) -> date:
    """The calendar day in China of a UTC moment: periods are counted in China time."""
    return moment.astimezone(CHINA).date()


def end_of_day(day: date) -> datetime:
    """Deadlines end at the close of their last day in China time, as a UTC moment."""
    return datetime.combine(day + timedelta(days=1), time.min, CHINA).astimezone(UTC)


CACHE_KEY = "work_calendar"  # session.info[CACHE_KEY]: {congress id (None: national only): calendar}
_IN_SCOPE = object()


def read_calendar(session, congress_id: int | None) -> WorkCalendar:
    """The national days with `congress_id`'s own on top, whatever congress is in scope."""
    rows = session.execute(
        select(CalendarDay.day, CalendarDay.is_workday, CalendarDay.congress_id)
        .where(or_(CalendarDay.congress_id.is_(None), CalendarDay.congress_id == congress_id))
        .execution_options(**{ALL_CONGRESSES: True})).all()
    local = {day: works for day, works, owner in rows if owner is not None}
    national = {day: works for day, works, owner in rows if owner is None}
    years = session.scalars(select(CalendarYear.year)).all()
    return WorkCalendar({**national, **local}, set(years), local)


def load_calendar(session, congress_id=_IN_SCOPE) -> WorkCalendar:
    """The calendar of the congress in scope (or of `congress_id`), read once per database
    session (a request, a task, a demo load) and per congress: never one congress's for another."""
    if congress_id is _IN_SCOPE:
        congress_id = congress_in_scope()
    calendars = session.info.setdefault(CACHE_KEY, {})
    if congress_id not in calendars:
        calendars[congress_id] = read_calendar(session, congress_id)
    return calendars[congress_id]


def use_calendar(session, calendar: WorkCalendar) -> None:
    """Have this session's `load_calendar` give `calendar`, the congress in scope's, read from the
    same data before (a page keeps it per data generation: tracker.web.page_cache.calendar)."""
    session.info.setdefault(CACHE_KEY, {})[congress_in_scope()] = calendar


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
