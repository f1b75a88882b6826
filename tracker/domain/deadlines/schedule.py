"""Reading a year's official schedule from a CSV or XLSX file: the one parser of the CLI and the page.

A row is `date, workday|rest, name` (上班/放假 and a few other words are understood too). Every row is
checked before anything is written; a file with any problem is entered not at all.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from openpyxl import load_workbook

from tracker.domain.errors import InvalidData
from tracker.translations import Message
from tracker.workflow.i18n import N_

MAX_BYTES = 512 * 1024  # a year's schedule is a few kilobytes; anything near this is the wrong file
MAX_ROWS = 400  # a year has at most 366 days
NAME_LENGTH = 40  # CalendarDay.name
WORK_WORDS = {"workday", "班", "上班", "工作日", "补班", "调休上班"}
REST_WORDS = {"rest", "休", "休息", "放假", "休息日", "节假日", "假日"}
FORMULA = re.compile(r"^\s*[=+@]")  # what a spreadsheet takes as a formula (a leading - is a date part)
EXCEL_EPOCH = date(1899, 12, 30)


class BadSchedule(InvalidData):
    """The upload as a whole cannot be read; the message says why."""

    def __init__(self, msgid: str, **params):
        super().__init__(msgid, field="file", **params)


@dataclass
class Schedule:
    """The days read from a file, and the problems of its rows (row numbers as the file counts them)."""

    year: int
    days: dict[date, tuple[bool, str]] = field(default_factory=dict)
    problems: list[tuple[int, Message]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.days) and not self.problems

    def holidays(self) -> int:
        return sum(not works for works, _ in self.days.values())

    def workdays(self) -> int:
        return sum(works for works, _ in self.days.values())


def read_schedule(data: bytes, filename: str, year: int) -> Schedule:
    """Check a CSV or XLSX upload for `year`; BadSchedule when the file itself is unusable."""
    if len(data) > MAX_BYTES:
        raise BadSchedule(N_("The file is too large: a year's schedule is at most %(kb)s KB."),
                          kb=MAX_BYTES // 1024)
    name = filename.lower()
    if data[:4] == b"PK\x03\x04" or name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif name.endswith((".csv", ".txt")):
        rows = _csv_rows(data)
    else:
        raise BadSchedule(N_("Upload a .csv or .xlsx file (an old .xls must be saved as .xlsx first)."))
    return check_rows(rows, year)


def schedule_text(text: str, year: int) -> Schedule:
    """The same check over CSV text (the CLI's file, the page's confirmation)."""
    return check_rows(_csv_lines(text.splitlines()), year)


def as_csv(days: dict[date, tuple[bool, str]]) -> str:
    """Checked days written back as the CSV they are read from (the confirmation form carries it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for day in sorted(days):
        works, name = days[day]
        writer.writerow([day.isoformat(), "workday" if works else "rest", name])
    return out.getvalue()


def _csv_rows(data: bytes) -> Iterator[tuple[int, list]]:
    if b"\x00" in data:
        raise BadSchedule(N_("This file is not text: upload a .csv or .xlsx file."))
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GB18030 (GBK)
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover  (gb18030 decodes any byte string without NUL)
        raise BadSchedule(N_("This file is not text: upload a .csv or .xlsx file."))
    return _csv_lines(text.splitlines())


def _csv_lines(lines: Iterable[str]) -> Iterator[tuple[int, list]]:
    for n, cells in enumerate(csv.reader(lines), 1):
        if cells and str(cells[0]).lstrip().startswith("#"):
            continue
        yield n, cells


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises zip, XML and key errors alike for a file that is not XLSX
        raise BadSchedule(N_("This file cannot be read: upload a .csv or an .xlsx workbook.")) from None
    try:
        # Only the first three columns are read, row by row: a huge or padded sheet costs nothing.
        rows = [(n, list(row)) for n, row in zip(range(1, MAX_ROWS * 5), book.worksheets[0].iter_rows(
            max_col=3, values_only=True), strict=False)]
    except Exception:  # a damaged sheet inside a readable zip fails only while its rows are read
        raise BadSchedule(N_("The worksheet cannot be read; the file may be damaged.")) from None
    finally:
        book.close()
    return iter(rows)


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number typed in a cell: 2027.0 reads as 2027
    return "" if value is None else str(value).strip()


def _day(value) -> date | None:
    if isinstance(value, date):  # a datetime is a date too
        return value.date() if isinstance(value, datetime) else value
    if isinstance(value, int | float) and 30000 < value < 80000:  # an Excel serial day number
        return EXCEL_EPOCH + timedelta(days=int(value))
    parts = re.split(r"[-/.年月日]", _text(value).rstrip("日"))
    try:
        y, m, d = (int(p) for p in parts)
        return date(y, m, d)
    except ValueError:
        return None


def _kind(value) -> bool | None:
    word = _text(value).lower()
    return True if word in WORK_WORDS else False if word in REST_WORDS else None


def check_rows(rows: Iterable[tuple[int, list]], year: int) -> Schedule:
    """Check every row: a readable date of `year`, once only, and whether it is worked or rested."""
    out, seen, counted = Schedule(year), {}, 0
    for n, raw in rows:
        cells = (list(raw) + [None, None, None])[:3]
        if all(_text(c) == "" for c in cells):
            continue
        counted += 1
        if counted > MAX_ROWS:
            raise BadSchedule(N_("Too many rows: a year's schedule has at most %(most)s."), most=MAX_ROWS)
        problem = _problem(cells, year, seen)
        if problem is None:
            day = _day(cells[0])
            seen[day] = n
            out.days[day] = (bool(_kind(cells[1])), _text(cells[2])[:NAME_LENGTH])
        elif not (counted == 1 and _day(cells[0]) is None and _kind(cells[1]) is None):
            out.problems.append((n, problem))  # (a first row that is all words is the header)
    if not out.days and not out.problems:
        raise BadSchedule(N_("The file has no days in it."))
    return out


def _problem(cells: list, year: int, seen: dict[date, int]) -> Message | None:
    when, kind, _name = cells
    if any(isinstance(c, str) and FORMULA.match(c) for c in cells):
        return Message(N_("A formula is not read: type the value itself."))
    if _text(when) == "":
        return Message(N_("No date (merged cells are not read: give every row its own date)."))
    day = _day(when)
    if day is None:
        return Message(N_("Cannot read the date “%(text)s”; write it as %(year)s-01-01."),
                       text=_text(when)[:40], year=year)
    if day.year != year:
        return Message(N_("%(day)s is not in %(year)s."), day=day.isoformat(), year=year)
    if day in seen:
        return Message(N_("%(day)s is already on row %(other)s."), day=day.isoformat(), other=seen[day])
    if _text(kind) == "":
        return Message(N_("No workday or rest day (merged cells are not read: fill every row)."))
    if _kind(kind) is None:
        return Message(N_("Say whether the day is a workday or a rest day (上班 / 放假), not “%(text)s”."),
                       text=_text(kind)[:40])
    return None
