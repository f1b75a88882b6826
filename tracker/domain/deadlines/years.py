"""The official schedule of working days: seeded from the holiday library or entered by an administrator.

Entering a year recomputes the open provisional deadlines, so this sits above the calendar and the rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select

from tracker.domain.deadlines.calendar import load_calendar
from tracker.domain.deadlines.rows import due_for
from tracker.models import CalendarDay, CalendarYear, Deadline, Suggestion
from tracker.models.tenancy import everywhere

HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


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
    """Recount every open provisional deadline, of every congress (the national calendar is
    shared), with the calendar as it now stands."""
    cal = load_calendar(session)
    with everywhere():
        rows = session.scalars(
            select(Deadline).where(Deadline.provisional.is_(True), Deadline.closed_at.is_(None))
        ).all()
        for row in rows:
            item = session.get(Suggestion, row.suggestion_id)
            row.due_on, row.provisional = due_for(cal, item, row.kind, row.counted_from, row.amount,
                                                  row.unit)
        session.flush()
    return len(rows)
