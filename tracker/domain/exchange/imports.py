"""Importing suggestions from an office's legacy spreadsheet: read, map columns, check rows, import.

An imported row is a suggestion that was formally submitted in the old process, so it enters at
`submitted` (or `registered`, keeping its legacy number, when the sheet gives one), with ONE audit
event "imported from legacy spreadsheet <file>" by the office user who imported it, and the
deadline its state owes counted from the import. No pre-review history is invented: the engine's
replay (seeds/replay.py) is for demo stories, and replaying here would fake reviews that never
happened in this system. From there on every step goes through the engine as usual.

Every row is checked first; the import writes all rows in one transaction, and only when every
row is valid, so a file is imported whole or not at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time

from openpyxl import load_workbook
from sqlalchemy import select

from tracker.domain.audit import record
from tracker.domain.core.context import Context
from tracker.domain.core.deadlines import open_deadlines
from tracker.domain.deadlines.calendar import CHINA
from tracker.domain.errors import InvalidData
from tracker.domain.exchange import uploads
from tracker.models import (
    Category,
    CongressSession,
    HandlingUnit,
    Job,
    JobKind,
    JobStatus,
    RegistrationCounter,
    Suggestion,
    User,
    UserRole,
)
from tracker.storage import Store
from tracker.translations import QUALIFIED
from tracker.workflow import STATE_DEADLINE, Channel, Role, State
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
PROGRESS_EVERY = 200


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # msgid
    required: bool
    aliases: tuple[str, ...] = ()  # header texts that map to this field without asking: the zh title first


FIELDS = (
    Field("title", N_("Title"), True, ("标题", "建议标题", "题目", "案由")),
    Field("reasons", N_("Reasons"), True, ("事由", "理由", "问题", "情况")),
    Field("proposals", N_("Proposals"), True, ("具体建议", "建议", "建议内容", "办法")),
    Field("deputy", N_("Lead deputy"), True, ("领衔代表", "代表", "代表姓名", "提出人", "deputy")),
    Field("category", N_("Category"), True, ("类别", "分类", "建议类别")),
    Field("session", N_("Session or between sessions"), True,
          ("会议或闭会", "会议", "届次", "会次", "类型", "channel")),
    Field("date", N_("Date submitted"), True, ("提出日期", "日期", "提交日期", "提出时间")),
    Field("number", N_("import|Registration number"), False, ("编号", "建议编号", "立案编号", "案号")),
    Field("unit", N_("import|Unit"), False, ("承办单位", "主办单位", "建议承办单位")),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)


class BadFile(InvalidData, ValueError):
    """The upload is not a spreadsheet we can read; the message says why."""


@dataclass
class Sheet:
    headers: list[str]
    rows: list[list]  # without the header row; row i is spreadsheet row i + 2


def read_sheet(stream) -> Sheet:
    """The first worksheet: its first row as headers, the non-empty rows below it."""
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises zip, XML and key errors alike for a file that is not XLSX
        raise BadFile(
            N_("This file cannot be read: upload an .xlsx workbook (Excel 2007 or later).")) from None
    try:
        ws = book.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if not header or not any(c not in (None, "") for c in header):
            raise BadFile(N_("The first row should hold the column titles; it is empty."))
        headers = [str(c).strip() if c is not None else "" for c in header]
        body = []
        for row in rows:
            if len(body) > MAX_ROWS:
                raise BadFile(N_("Too many rows: at most %(most)s per import."), most=MAX_ROWS)
            body.append(list(row)[:len(headers)] + [None] * (len(headers) - len(row)))
        while body and all(c in (None, "") for c in body[-1]):
            body.pop()
        return Sheet(headers, body)
    except BadFile:
        raise
    except Exception:  # a damaged sheet inside a readable zip fails only while its rows are read
        raise BadFile(N_("The worksheet cannot be read; the file may be damaged.")) from None
    finally:
        book.close()


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """For each field, the index of the column whose title names it (en, zh or a common alias)."""
    norm = [h.strip().lower() for h in headers]
    out: dict[str, int | None] = {}
    for f in FIELDS:
        zh_title, *others = f.aliases  # the Chinese title is tried first, as the sheets mostly use it
        names = [zh_title, QUALIFIED.sub("", f.label).lower(), *[a.lower() for a in others]]
        out[f.key] = next((norm.index(n) for n in names if n in norm), None)
    return out


@dataclass(frozen=True)
class Problem:
    row: int  # as the spreadsheet numbers it (the header is row 1)
    field: str
    msgid: str
    params: dict  # plain values; "label" is a field's label msgid, translated where shown


@dataclass
class Checked:
    """One valid row, ready to become a suggestion."""

    row: int
    title: str
    reasons: str
    proposals: str
    author_id: int
    category_id: int
    channel: Channel
    session_id: int | None
    submitted_on: date
    unit_id: int | None
    sequence: str | None
    number: int | None
    legacy_number: str


NUMBER_SESSION = re.compile(r"^第(.+?)次会议第0*(\d+)号$")
NUMBER_YEAR = re.compile(r"^闭会(\d{4})-0*(\d+)号$")
ZH_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _ordinal(text: str) -> int | None:
    if text.isdecimal():  # int() reads every decimal digit; isdigit() also passes ² and ①
        return int(text)
    if text in ZH_NUMBERS:
        return ZH_NUMBERS[text]
    if len(text) == 2 and text[0] == "十" and text[1] in ZH_NUMBERS:
        return 10 + ZH_NUMBERS[text[1]]
    return None


class _Lookups:
    """Everything a row is checked against, loaded once per file, not once per row."""

    def __init__(self, session):
        deputies: dict[str, list[int]] = {}
        for user_id, name in session.execute(select(User.id, User.name).join(UserRole).where(
                UserRole.role == Role.DEPUTY, User.is_active_user.is_(True))):
            deputies.setdefault(name.strip(), []).append(user_id)
        self.deputies = deputies
        self.categories = {}
        for c in session.scalars(select(Category)):
            self.categories[c.name] = c.id
            if c.name_en:
                self.categories.setdefault(c.name_en.lower(), c.id)
        self.units = {}
        for u in session.scalars(select(HandlingUnit)):
            self.units[u.name] = u.id
            if u.short_name:
                self.units.setdefault(u.short_name, u.id)
        self.sessions = list(session.execute(select(CongressSession.id, CongressSession.name,
                                                    CongressSession.ordinal)))
        self.taken = {(s, n) for s, n in session.execute(
            select(Suggestion.reg_sequence, Suggestion.reg_number)
            .where(Suggestion.reg_number.is_not(None)))}
        self.existing = {(t.strip(), a) for t, a in session.execute(
            select(Suggestion.title, Suggestion.author_id).where(Suggestion.state.not_in(
                (State.WITHDRAWN, State.MERGED))))}

    def session_named(self, text: str) -> list[int]:
        exact = [s.id for s in self.sessions if s.name == text]
        return exact or [s.id for s in self.sessions if s.name.endswith(text)]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-")
    text = text.replace(".", "-")
    try:
        return date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")) if text else "")
    except ValueError:
        return None


def check_rows(session, sheet: Sheet, mapping: dict[str, int | None], today: date
               ) -> tuple[list[Checked], list[Problem]]:
    """Check every row against the mapping and the database; returns the valid rows and problems."""
    look = _Lookups(session)
    valid, problems, seen_titles, seen_numbers = [], [], {}, {}
    for index, raw in enumerate(sheet.rows):
        row = index + 2
        cell = {k: (_text(raw[i]) if k != "date" else raw[i]) if i is not None and i < len(raw) else ""
                for k, i in mapping.items()}
        if all(v in ("", None) for v in cell.values()):
            continue
        found: list[Problem] = []

        def bad(field: str, msgid: str, row=row, found=found, **params) -> None:
            found.append(Problem(row, field, msgid, params))

        for f in FIELDS:
            if f.required and cell.get(f.key) in ("", None):
                bad(f.key, N_("%(label)s is required."), label=f.label)
        if len(cell.get("title") or "") > 200:
            bad("title", N_("The title is longer than 200 characters."))
        author = None
        if cell.get("deputy"):
            ids = look.deputies.get(cell["deputy"], [])
            if not ids:
                bad("deputy", N_("No deputy named %(name)s."), name=cell["deputy"])
            elif len(ids) > 1:
                bad("deputy", N_("Several deputies are named %(name)s; cannot tell which."),
                    name=cell["deputy"])
            else:
                author = ids[0]
        category = None
        if cell.get("category"):
            category = look.categories.get(cell["category"]) or look.categories.get(cell["category"].lower())
            if category is None:
                bad("category", N_("Unknown category: %(name)s."), name=cell["category"])
        unit = None
        if cell.get("unit"):
            unit = look.units.get(cell["unit"])
            if unit is None:
                bad("unit", N_("Unknown unit: %(name)s."), name=cell["unit"])
        channel, session_id = Channel.BETWEEN, None
        if cell.get("session"):
            if "闭会" in cell["session"] or cell["session"].lower().startswith("between"):
                channel = Channel.BETWEEN
            else:
                ids = look.session_named(cell["session"])
                if len(ids) != 1:
                    bad("session", N_("Cannot tell which session “%(name)s” is."), name=cell["session"])
                else:
                    channel, session_id = Channel.SESSION, ids[0]
        submitted_on = None
        if cell.get("date") not in ("", None):
            submitted_on = _date(cell["date"])
            if submitted_on is None:
                bad("date", N_("Cannot read the date “%(text)s”; write it as 2026-03-15."),
                    text=_text(cell["date"]))
            elif submitted_on > today or submitted_on.year < 1990:
                bad("date", N_("The date cannot be in the future or before 1990."))
        sequence = number = None
        if cell.get("number"):
            sequence, number = _parse_number(cell["number"], channel, session_id, look, bad)
            if number is not None:
                if (sequence, number) in look.taken:
                    bad("number", N_("Number %(number)s is already taken."), number=cell["number"])
                elif (sequence, number) in seen_numbers:
                    bad("number", N_("Same number as row %(other)s."), other=seen_numbers[(sequence, number)])
                seen_numbers.setdefault((sequence, number), row)
        if author is not None and cell.get("title"):
            key = (cell["title"], author)
            if key in look.existing:
                bad("title", N_("This deputy already has a suggestion with this title."))
            elif key in seen_titles:
                bad("title", N_("Same as row %(other)s."), other=seen_titles[key])
            seen_titles.setdefault(key, row)
        if found:
            problems.extend(found)
            continue
        valid.append(Checked(row, cell["title"], cell["reasons"], cell["proposals"], author, category,
                             channel, session_id, submitted_on, unit, sequence, number,
                             cell.get("number") or ""))
    return valid, problems


def _parse_number(text: str, channel, session_id, look: _Lookups, bad) -> tuple[str | None, int | None]:
    m = NUMBER_SESSION.match(text)
    if m and channel is Channel.SESSION:
        ordinal = _ordinal(m.group(1))
        if ordinal is not None and any(s.id == session_id and s.ordinal == ordinal for s in look.sessions):
            return f"session:{session_id}", int(m.group(2))
        bad("number", N_("The number's session does not match the session column."))
        return None, None
    m = NUMBER_YEAR.match(text)
    if m and channel is Channel.BETWEEN:
        return f"year:{m.group(1)}", int(m.group(2))
    bad("number", N_("Number “%(number)s” is not like 第五次会议第023号 or 闭会2026-017号."), number=text)
    return None, None


def import_rows(session, rows: list[Checked], actor: User, filename: str, at: datetime,
                progress: Callable[[int], None] | None = None) -> list[Suggestion]:
    """Create the checked rows' suggestions with their audit event and deadline; flush, no commit."""
    if not actor.has_role(Role.OFFICE_STAFF):
        raise PermissionError("only the office imports suggestions")
    created = []
    for n, r in enumerate(rows, 1):
        moment = datetime.combine(r.submitted_on, time(9), CHINA).astimezone(UTC)
        state = State.REGISTERED if r.number is not None else State.SUBMITTED
        item = Suggestion(state=state, channel=r.channel, session_id=r.session_id, title=r.title,
                          reasons=r.reasons, proposals=r.proposals, origin="", category_id=r.category_id,
                          proposed_unit_id=r.unit_id, author_id=r.author_id, reg_sequence=r.sequence,
                          reg_number=r.number, created_at=moment, submitted_at=moment,
                          registered_at=moment if r.number is not None else None, updated_at=at)
        session.add(item)
        session.flush()
        event = record(session, action=AuditAction.IMPORT_LEGACY, actor=actor, role=Role.OFFICE_STAFF,
                       at=at, suggestion=item, to_state=state,
                       reason=f"从旧台账导入：{filename}（第 {r.row} 行）",
                       data={"file": filename, "row": r.row, "legacy_number": r.legacy_number})
        open_deadlines(Context(session, item, actor, Role.OFFICE_STAFF, at), (STATE_DEADLINE[state],),
                       event.id)
        if r.number is not None:
            _keep_counter_ahead(session, r.sequence, r.number)
        created.append(item)
        if progress and n % PROGRESS_EVERY == 0:
            progress(n)
    return created


def _keep_counter_ahead(session, sequence: str, number: int) -> None:
    """A legacy number is never given again: the sequence's counter moves past it."""
    counter = session.scalar(select(RegistrationCounter).where(RegistrationCounter.sequence == sequence))
    if counter is None:
        session.add(RegistrationCounter(sequence=sequence, last_number=number))
        session.flush()
    elif counter.last_number < number:
        counter.last_number = number


# Jobs: an upload becomes a job row holding the file's key in the import store (tracker.storage),
# the mapping and the report; every later step reads the file through the store (uploads.opened).

def start_import(session, user: User, filename: str, data: bytes, sheet: Sheet, files: Store,
                 at: datetime) -> Job:
    """Keep the upload (already read into `sheet`) and start its job at the mapping stage."""
    key = uploads.keep(files, data, ".xlsx")
    job = Job(kind=JobKind.IMPORT, source=filename, user_id=user.id, file_path=key, status=JobStatus.QUEUED,
              rows_total=len(sheet.rows), created_at=at,
              filters={"mapping": guess_mapping(sheet.headers)},
              result={"headers": sheet.headers, "stage": "mapping"})
    session.add(job)
    session.flush()
    return job


def check_job(session, job: Job, mapping: dict[str, int | None], today: date, files: Store) -> list[Problem]:
    """Check the job's file with `mapping`; the report is kept on the job for the page."""
    with uploads.opened(files, job.file_path) as f:
        sheet = read_sheet(f)
    valid, problems = check_rows(session, sheet, mapping, today)
    job.filters = {"mapping": mapping}
    job.rows_total = len(valid) + len({p.row for p in problems})
    job.result = {**job.result, "stage": "checked", "valid": len(valid),
                  "problems": [asdict(p) for p in problems]}
    return problems
