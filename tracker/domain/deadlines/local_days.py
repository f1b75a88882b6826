"""A congress's own holidays and working days (an autonomous prefecture's festival): they count for
its deadlines only, on top of the national calendar, and move only its provisional deadlines."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from tracker.domain.audit import record
from tracker.domain.deadlines.calendar import read_calendar
from tracker.domain.deadlines.schedule import NAME_LENGTH
from tracker.domain.deadlines.years import recompute_congress
from tracker.domain.deadlines.yearview import FIRST_YEAR, SPAN_AHEAD
from tracker.domain.errors import InvalidData
from tracker.models import CalendarDay, User
from tracker.tenancy import current_congress_id
from tracker.workflow import Role
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_


def local_days(session, year: int | None = None) -> list[CalendarDay]:
    """The congress's own days (of one year), in date order."""
    stmt = select(CalendarDay).where(CalendarDay.congress_id == current_congress_id())
    if year is not None:
        stmt = stmt.where(CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31))
    return list(session.scalars(stmt.order_by(CalendarDay.day)))


def _own(session, day: date) -> CalendarDay | None:
    return session.scalar(select(CalendarDay).where(CalendarDay.congress_id == current_congress_id(),
                                                    CalendarDay.day == day))


def _moves(recounted: int, moved: int) -> dict:
    return {"recomputed": recounted, "moved": moved}


def add_local_day(session, actor: User, *, day: date, is_workday: bool, name: str, today: date,
                  at: datetime) -> tuple[int, int]:
    """Make `day` a rest day or a working day for this congress only (a second send for the same
    day corrects it); its open provisional deadlines are recounted: (recounted, moved)."""
    if not FIRST_YEAR <= day.year <= today.year + SPAN_AHEAD:
        raise InvalidData(N_("Choose a day from %(least)s to %(most)s."), field="day",
                          least=FIRST_YEAR, most=today.year + SPAN_AHEAD)
    name = name.strip()[:NAME_LENGTH]
    row = _own(session, day)
    national = read_calendar(session, None).is_workday(day)  # what the day is without this congress
    if row is None and national == is_workday:
        message = (N_("%(day)s is a working day already.") if is_workday
                   else N_("%(day)s is a rest day already."))
        raise InvalidData(message, field="kind", day=day.isoformat())
    before = None if row is None else {"workday": row.is_workday, "name": row.name}
    if row is None:
        row = CalendarDay(day=day, congress_id=current_congress_id(), source="local")
        session.add(row)
    row.is_workday, row.name = is_workday, name
    session.flush()
    recounted, moved = recompute_congress(session)
    record(session, action=AuditAction.ADD_LOCAL_DAY, actor=actor, role=Role.ADMIN, at=at,
           data={"day": day, "workday": is_workday, "name": name, "before": before,
                 **_moves(recounted, moved)})
    return recounted, moved


def remove_local_day(session, actor: User, *, day: date, at: datetime) -> tuple[int, int]:
    """The day counts as the national calendar says again, for this congress's deadlines."""
    row = _own(session, day)
    if row is None:
        raise InvalidData(N_("%(day)s is not one of this congress's own days."), day=day.isoformat())
    before = {"workday": row.is_workday, "name": row.name}
    session.delete(row)
    session.flush()
    recounted, moved = recompute_congress(session)
    record(session, action=AuditAction.REMOVE_LOCAL_DAY, actor=actor, role=Role.ADMIN, at=at,
           data={"day": day, "before": before, **_moves(recounted, moved)})
    return recounted, moved
