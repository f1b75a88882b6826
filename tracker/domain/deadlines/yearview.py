"""A year of the working-day calendar as twelve month grids, with its named holidays and status; the
congress's own days (local holidays or working days) are marked as such."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from tracker.domain.deadlines.calendar import load_calendar
from tracker.models import CalendarDay, CalendarYear, Deadline

FIRST_YEAR = 2004  # the holiday library's first year (tracker.setup)
SPAN_AHEAD = 5  # years after this one an administrator may prepare


@dataclass(frozen=True)
class Cell:
    day: date
    kind: str  # "work", "weekend", "holiday", "makeup" (a weekend worked: 调休)
    name: str = ""
    local: bool = False  # the congress's own day, not the national calendar's


@dataclass(frozen=True)
class Month:
    number: int
    weeks: list[list[Cell | None]]  # Monday first; None pads the first and last week


@dataclass(frozen=True)
class Stretch:
    """Consecutive days with one name (春节 15–23 Feb), as the list under the grids shows them."""

    name: str
    first: date
    last: date
    works: bool
    local: bool = False


@dataclass(frozen=True)
class YearView:
    year: int
    months: list[Month]
    official: bool  # False: provisional, weekends only until the schedule is entered
    entered_at: datetime | None
    source: str
    stretches: list[Stretch]
    workdays: int
    provisional_open: int  # open deadlines still provisional (they run into an unentered year)


def year_view(session, year: int) -> YearView:
    cal = load_calendar(session)
    rows = session.execute(select(CalendarDay.day, CalendarDay.name, CalendarDay.congress_id).where(
        CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31))).all()
    # The scope reads the national days and this congress's; its own name wins, as its day does.
    names = {day: name for day, name, _owner in sorted(rows, key=lambda r: r[2] is not None)}
    grid = calendar.Calendar(firstweekday=0)
    months, workdays = [], 0
    for m in range(1, 13):
        weeks = []
        for week in grid.monthdatescalendar(year, m):
            cells: list[Cell | None] = []
            for day in week:
                if day.month != m:
                    cells.append(None)
                    continue
                works = cal.is_workday(day)
                workdays += works
                weekend = day.weekday() >= 5
                kind = ("makeup" if weekend else "work") if works else ("weekend" if weekend and day
                                                                          not in names else "holiday")
                cells.append(Cell(day, kind, names.get(day, ""), day in cal.local))
            weeks.append(cells)
        months.append(Month(m, weeks))
    row = session.get(CalendarYear, year)
    open_provisional = session.scalar(select(func.count()).select_from(Deadline).where(
        Deadline.provisional.is_(True), Deadline.closed_at.is_(None))) or 0
    return YearView(year, months, row is not None, row.entered_at if row else None,
                    row.source if row else "", _stretches(names, cal), workdays, open_provisional)


def _stretches(names: dict[date, str], cal) -> list[Stretch]:
    out: list[Stretch] = []
    for day in sorted(names):
        works, local = cal.is_workday(day), day in cal.local
        last = out[-1] if out else None
        if (last and last.name == names[day] and (last.works, last.local) == (works, local)
                and (day - last.last).days == 1):
            out[-1] = Stretch(last.name, last.first, day, works, local)
        else:
            out.append(Stretch(names[day], day, day, works, local))
    return out


def known_years(today: date) -> range:
    """The years the calendar page offers: the library's first year to a few years ahead."""
    return range(FIRST_YEAR, today.year + SPAN_AHEAD + 1)
