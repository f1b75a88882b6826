"""The national schedule of working days: seeded from the holiday library or entered by the platform
administrator.

Entering a year recomputes the open provisional deadlines of every congress, each with its own
calendar (the national days and its local ones), so this sits above the calendar and the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

from sqlalchemy import select

from tracker.domain.audit import record
from tracker.domain.deadlines.calendar import WorkCalendar, load_calendar
from tracker.domain.deadlines.rows import due_for
from tracker.domain.deadlines.schedule import Schedule
from tracker.domain.errors import InvalidData
from tracker.models import CalendarDay, CalendarYear, Deadline, Suggestion, User
from tracker.tenancy import ALL_CONGRESSES, PLATFORM, everywhere
from tracker.workflow import Role
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_

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


def national_days(session, first: date | None = None, last: date | None = None
                  ) -> dict[date, CalendarDay]:
    """The national calendar's rows (congress_id NULL), whatever congress is in scope."""
    stmt = (select(CalendarDay).where(CalendarDay.congress_id.is_(None))
            .execution_options(**{ALL_CONGRESSES: True}))
    if first is not None:
        stmt = stmt.where(CalendarDay.day >= first, CalendarDay.day <= last)
    return {row.day: row for row in session.scalars(stmt)}


def seed_calendar(session, years: Iterable[int], now: datetime) -> set[int]:
    """Enter the official schedule for the given years (leaving administrators' rows alone).

    A year entered for the first time recomputes the provisional deadlines, as enter_year does.
    """
    days, entered = official_schedule(years)
    have = national_days(session)
    for day, (is_workday, name) in days.items():
        if day not in have:
            session.add(CalendarDay(day=day, is_workday=is_workday, name=name, source="official",
                                    congress_id=PLATFORM))
    new_years = [y for y in entered if session.get(CalendarYear, y) is None]
    for year in new_years:
        session.add(CalendarYear(year=year, entered_at=now))
    session.flush()
    if new_years:
        recompute_provisional(session)
    return entered


def enter_year(session, year: int, days: dict[date, tuple[bool, str]], now: datetime, *,
               replace: bool = False) -> int:
    """The national schedule of a year is entered; provisional deadlines are recomputed.

    `replace`: the days given are the whole year (an uploaded schedule), so the year's other
    national days go; otherwise they are added to it or correct it (the CLI's lines).
    """
    return _enter(session, year, days, now, replace)[0]


def _enter(session, year: int, days: dict[date, tuple[bool, str]], now: datetime,
           replace: bool) -> tuple[int, int]:
    for day in days:
        if day.year != year:
            raise ValueError(f"{day} is not in {year}")
    have = national_days(session, date(year, 1, 1), date(year, 12, 31))
    if replace:
        for day, row in have.items():
            if day not in days:
                session.delete(row)
    for day, (is_workday, name) in days.items():
        row = have.get(day)
        if row is None:
            session.add(CalendarDay(day=day, is_workday=is_workday, name=name, source="admin",
                                    congress_id=PLATFORM))
        else:
            row.is_workday, row.name, row.source = is_workday, name, "admin"
    entered = session.get(CalendarYear, year)
    if entered is None:
        session.add(CalendarYear(year=year, entered_at=now, source="admin"))
    elif replace:
        entered.entered_at, entered.source = now, "admin"
    session.flush()
    return recompute_moves(session)


def enter_schedule(session, actor: User, schedule: Schedule, *, filename: str, at: datetime
                   ) -> tuple[int, int]:
    """Enter an uploaded year whole (audited); returns the provisional deadlines recounted and moved."""
    if not schedule.ok:
        raise InvalidData(N_("The file has problems; nothing was entered."), field="file")
    recounted, moved = _enter(session, schedule.year, schedule.days, at, replace=True)
    # A platform-wide act, whichever congress the page was open in.
    record(session, action=AuditAction.ENTER_CALENDAR_YEAR, actor=actor, role=Role.ADMIN, at=at,
           data={"year": schedule.year, "file": filename[:150], "holidays": schedule.holidays(),
                 "workdays": schedule.workdays(), "recomputed": recounted, "moved": moved},
           platform_wide=True)
    return recounted, moved


Calendars = Callable[[int], WorkCalendar]  # a congress's id -> the calendar its deadlines count by


def _recount(session, calendar_of: Calendars) -> list[tuple[Deadline, date, bool]]:
    """The open provisional deadlines the query reads (the scope's), each counted again by its
    own congress's calendar."""
    rows = session.scalars(
        select(Deadline).where(Deadline.provisional.is_(True), Deadline.closed_at.is_(None))
    ).all()
    out = []
    for row in rows:
        item = session.get(Suggestion, row.suggestion_id)
        out.append((row, *due_for(calendar_of(row.congress_id), item, row.kind, row.counted_from,
                                  row.amount, row.unit)))
    return out


def apply_moves(session, changes: list[tuple[Deadline, date, bool]]) -> tuple[int, int]:
    """Write the recounted due dates: how many were recounted, how many got a new due date."""
    moved = 0
    for row, due_on, provisional in changes:
        moved += due_on != row.due_on
        row.due_on, row.provisional = due_on, provisional
    session.flush()
    return len(changes), moved


def recompute_provisional(session) -> int:
    """Recount every open provisional deadline with the calendar as it now stands."""
    return recompute_moves(session)[0]


def recompute_moves(session) -> tuple[int, int]:
    """Recount the open provisional deadlines of every congress after a national change, each by
    the national calendar with that congress's local days on top."""
    with everywhere():
        return apply_moves(session, _recount(session, lambda c: load_calendar(session, c)))


def recompute_congress(session) -> tuple[int, int]:
    """Recount the open provisional deadlines of the congress in scope only (its local days changed)."""
    return apply_moves(session, _recount(session, lambda c: load_calendar(session, c)))


def preview_moves(session, schedule: Schedule) -> tuple[int, int]:
    """What entering `schedule` would do to the open provisional deadlines, writing nothing."""
    national = {d: w for d, (w, _) in schedule.days.items()}
    trials: dict[int, WorkCalendar] = {}

    def trial(congress_id: int) -> WorkCalendar:
        if congress_id not in trials:
            trials[congress_id] = load_calendar(session, congress_id).with_national(
                national, schedule.year)
        return trials[congress_id]

    with everywhere():
        changes = _recount(session, trial)
        return len(changes), sum(due_on != row.due_on for row, due_on, _ in changes)
