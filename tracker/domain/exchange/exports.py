"""XLSX exports of the lists: streamed rows into a write-only workbook, so memory stays flat.

Two kinds of source:
- a query of suggestions (the all-items list, a dashboard drill-down): `item_rows(session, base)`
  reads plain columns through a server-side cursor (`yield_per`), never ORM objects, so 100,000
  rows cost what 1,000 do; `count_items` tells the page whether to run it in the background;
- rows a list walks page by page (a unit's inbox, a review queue, routing: every matching row in
  chunks of 500, not one page) or holds in memory (search, public replies, both capped):
  `Sheet.from_objects` turns them into cells with the same column set.
`write_xlsx` writes any sheet to a file or stream with openpyxl's write-only mode. A person's
export is audited: a short one sent at once by `send_export`, a long one's job by `start_export`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl.styles import Font
from sqlalchemy import Select, func, select

from tracker.domain.audit import record
from tracker.domain.deadlines.calendar import CHINA
from tracker.domain.exchange.cells import add_row, save, workbook
from tracker.models import (
    Assignment,
    Category,
    CongressSession,
    HandlingUnit,
    Job,
    JobKind,
    JobStatus,
    Suggestion,
    User,
)
from tracker.models.handling import AssignmentState
from tracker.models.suggestion import registration_label as label_of
from tracker.translations import Message, label_text
from tracker.workflow import Channel, State
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_

PROGRESS_EVERY = 1000  # rows between progress callbacks: often enough for a bar, rare enough to be free
CHANNEL_LABELS = {Channel.SESSION: N_("Session suggestion"),
                  Channel.BETWEEN: N_("Between-session suggestion")}


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # msgid

    def header(self, lang: str | None = None) -> str:
        return Message(self.label).render(lang)


ITEM_COLUMNS = (
    Column("number", N_("Number")), Column("title", N_("Title")),
    Column("channel", N_("Channel")), Column("session", N_("Session")),
    Column("category", N_("Category")), Column("deputy", N_("Lead deputy")),
    Column("state", N_("State")), Column("lead_unit", N_("Lead unit")),
    Column("created", N_("Created")), Column("updated", N_("Updated")),
)


def registration_label(channel, sequence: str | None, number: int | None, ordinal: int | None):
    """The number as Suggestion.registration_label writes it, from plain columns."""
    return label_of(number, sequence, ordinal if Channel(channel) is Channel.SESSION else None) or ""


def local(moment: datetime | None) -> datetime | None:
    """China wall time without tzinfo: Excel has no time zones."""
    return moment.astimezone(CHINA).replace(tzinfo=None) if moment else None


def _lead_unit_name():
    return (select(HandlingUnit.name).join(Assignment, Assignment.unit_id == HandlingUnit.id)
            .where(Assignment.suggestion_id == Suggestion.id, Assignment.is_lead,
                   Assignment.state != AssignmentState.RELEASED)
            .limit(1).scalar_subquery())


def item_statement(base: Select) -> Select:
    """The plain columns of ITEM_COLUMNS for the suggestions `base` selects, in `base`'s order."""
    stmt = (select(Suggestion.id, Suggestion.channel, Suggestion.reg_sequence, Suggestion.reg_number,
                   CongressSession.ordinal, CongressSession.name, Suggestion.title, Category.name,
                   User.name, Suggestion.state, _lead_unit_name(), Suggestion.created_at,
                   Suggestion.updated_at)
            .select_from(Suggestion)
            .outerjoin(CongressSession, CongressSession.id == Suggestion.session_id)
            .outerjoin(Category, Category.id == Suggestion.category_id)
            .join(User, User.id == Suggestion.author_id))
    if base.whereclause is not None:
        stmt = stmt.where(base.whereclause)
    return stmt.order_by(*base._order_by_clauses)


def count_items(session, base: Select) -> int:
    return session.scalar(select(func.count()).select_from(
        base.order_by(None).with_only_columns(Suggestion.id).subquery())) or 0


def item_rows(session, base: Select, lang: str = "zh") -> Iterator[list]:
    """Rows of cells for every suggestion `base` selects, streamed through a server-side cursor."""
    result = session.execute(item_statement(base).execution_options(yield_per=PROGRESS_EVERY))
    for (item_id, channel, seq, number, ordinal, session_name, title, category, deputy, state,
         unit, created, updated) in result:
        yield [registration_label(channel, seq, number, ordinal) or f"#{item_id}", title,
               Message(CHANNEL_LABELS[Channel(channel)]).render(lang), session_name or "",
               category or "", deputy, label_text(State(state), lang), unit or "",
               local(created), local(updated)]


def export_items(session, base: Select, target, lang: str = "zh", columns: tuple[str, ...] | None = None,
                 title: str = "items", progress: Callable[[int], None] | None = None) -> int:
    """The hook for any list of suggestions (a dashboard drill-down, a saved filter): write the
    suggestions `base` selects (a `select(Suggestion)` with its conditions and order) to `target`,
    with the ITEM_COLUMNS named in `columns` (all by default); returns the number of rows."""
    keys = [c.key for c in ITEM_COLUMNS]
    wanted = [keys.index(k) for k in (columns or keys)]
    rows = ([row[i] for i in wanted] for row in item_rows(session, base, lang))
    return write_xlsx(target, Sheet(title, [ITEM_COLUMNS[i].header(lang) for i in wanted], rows), progress)


@dataclass
class Sheet:
    """A titled table: headers and an iterable of rows (lists of cells)."""

    title: str
    headers: list[str]
    rows: Iterable[list]

    @classmethod
    def from_objects(cls, title: str, columns: list[tuple[str, Callable]], objects: Iterable):
        """A sheet from in-memory list rows: `columns` are (header, getter(obj)) pairs."""
        return cls(title, [h for h, _ in columns],
                   ([_cell(get(o)) for _, get in columns] for o in objects))


def _cell(value):
    if isinstance(value, datetime):
        return local(value)
    if isinstance(value, enum.Enum):  # getters give labels; a bare enum falls back to its code
        return value.value
    return value


def write_xlsx(target, sheet: Sheet, progress: Callable[[int], None] | None = None) -> int:
    """Write `sheet` to a path or binary stream in write-only mode; returns the number of rows."""
    book = workbook(write_only=True)
    ws = book.create_sheet(sheet.title[:31] or "Sheet")
    add_row(ws, sheet.headers, font=Font(bold=True))
    count = 0
    for row in sheet.rows:
        add_row(ws, [_plain(v) for v in row])
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    save(book, target)
    if progress:
        progress(count)
    return count


def _plain(value):
    """Cells Excel understands: dates stay dates, enums and None become text."""
    if value is None:
        return ""
    if isinstance(value, (str, int, float, date, datetime)):
        return value
    return str(value)


def send_export(session, user: User | None, sheet: Sheet, target, *, source: str, filters: dict,
                at: datetime) -> int:
    """A short export written at once into `target` (the response's file); returns the rows written.
    A signed-in person's is audited as what left, with which filters and how many rows (a long one's
    job is `start_export`'s). An anonymous export of the public list is not: an audit row names a
    person, and nobody is signed in (the rows are the public page's, readable by anyone anyway)."""
    rows = write_xlsx(target, sheet)
    if user is not None:
        record(session, action=AuditAction.EXPORT_DOWNLOAD, actor=user, role=None, at=at,
               data={"source": source, "filters": filters, "rows": rows})
    return rows


# Background exports: a job row records who asked with which filters, and how far the worker got.

def start_export(session, user: User, source: str, filters: dict, total: int, at: datetime) -> Job:
    """Record a long export for the worker, audited; the caller commits and then queues `run_export`."""
    job = Job(kind=JobKind.EXPORT, source=source, user_id=user.id, filters=filters,
              status=JobStatus.QUEUED, rows_total=total, created_at=at)
    session.add(job)
    session.flush()
    record(session, action=AuditAction.START_EXPORT, actor=user, role=None, at=at,
           data={"job": job.id, "source": source, "filters": filters, "rows": total})
    return job


def hand_out(session, user: User, job: Job, at: datetime) -> None:
    """A finished export's file given to its owner, audited like a short export's (each download:
    what left, and when, whoever took it away)."""
    record(session, action=AuditAction.EXPORT_DOWNLOAD, actor=user, role=None, at=at,
           data={"job": job.id, "source": job.source, "filters": job.filters, "rows": job.rows_done})


def job_for(session, user: User, job_id: int) -> Job | None:
    """A job its owner may see; anyone else's is None, as if it did not exist."""
    job = session.get(Job, job_id)
    return job if job is not None and job.user_id == user.id else None
