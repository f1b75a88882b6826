"""When reminders may go out: working days by the WorkCalendar, between the day's start and end.

Quiet hours are on by default and can be switched off by the administrator, or for a whole
installation by the QUIET_HOURS setting (the demo turns them off so it works at any hour).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app, has_app_context
from sqlalchemy import select

from tracker.domain.deadlines.calendar import CHINA, WorkCalendar, china_date
from tracker.models import ReminderSetting
from tracker.tenancy import current_congress_id


@dataclass(frozen=True)
class Hours:
    quiet: bool
    starts: time
    ends: time

    def opens_on(self, day: date) -> datetime:
        """The moment a step that falls on `day` becomes due."""
        return datetime.combine(day, self.starts if self.quiet else time.min, CHINA).astimezone(UTC)

    def is_open(self, calendar: WorkCalendar, moment: datetime) -> bool:
        if not self.quiet:
            return True
        local = moment.astimezone(CHINA)
        return calendar.is_workday(local.date()) and self.starts <= local.time() < self.ends

    def next_open(self, calendar: WorkCalendar, moment: datetime) -> datetime:
        """`moment` if things may go out then, else the next working morning."""
        if self.is_open(calendar, moment):
            return moment
        local = moment.astimezone(CHINA)
        day = local.date()
        if not (calendar.is_workday(day) and local.time() < self.starts):
            day += timedelta(days=1)
            while not calendar.is_workday(day):
                day += timedelta(days=1)
        return datetime.combine(day, self.starts, CHINA).astimezone(UTC)


def _clock(text: str) -> time:
    return time.fromisoformat(text)


DEFAULT_HOURS = {"quiet_hours": True, "day_starts": "08:30", "day_ends": "18:00"}


def setting_in_force(session) -> ReminderSetting | None:
    """The congress's own delivery hours, else the platform's (the scope reads both)."""
    rows = session.scalars(select(ReminderSetting).order_by(ReminderSetting.id)).all()
    return next((r for r in rows if r.congress_id is not None), rows[0] if rows else None)


def get_setting(session) -> ReminderSetting:
    """The congress's own row, made from the hours in force when it has none (an edit writes it)."""
    rows = session.scalars(select(ReminderSetting).where(
        ReminderSetting.congress_id == current_congress_id())).all()
    if rows:
        return rows[0]
    now = setting_in_force(session)
    values = DEFAULT_HOURS if now is None else {
        "quiet_hours": now.quiet_hours, "day_starts": now.day_starts, "day_ends": now.day_ends}
    row = ReminderSetting(congress_id=current_congress_id(), **values)
    session.add(row)
    session.flush()
    return row


def load_hours(session) -> Hours:
    row = setting_in_force(session)
    quiet, starts, ends = (True, "08:30", "18:00") if row is None else (
        row.quiet_hours, row.day_starts, row.day_ends)
    if has_app_context() and str(current_app.config.get("QUIET_HOURS", "on")).lower() in ("off", "0",
                                                                                           "false"):
        quiet = False
    return Hours(quiet, _clock(starts), _clock(ends))


def is_working_day(calendar: WorkCalendar, moment: datetime) -> bool:
    return calendar.is_workday(china_date(moment))
