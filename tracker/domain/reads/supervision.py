"""Read models of the supervisors' and the office's desks: key items, pending requests, dissatisfaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.domain.deadlines.calendar import china_date, load_calendar
from tracker.domain.deadlines.rows import MAX_MONTHS
from tracker.domain.reads.listing import author_by_name
from tracker.models import (
    Assignment,
    Committee,
    Deadline,
    Evaluation,
    ExtensionRequest,
    HandlingUnit,
    ProgressReport,
    ReassignmentRequest,
    Reply,
    Suggestion,
    SupervisionMark,
    User,
)
from tracker.models.handling import AssignmentState, RequestStatus
from tracker.workflow import DeadlineKind, State, Unit
from tracker.workflow.statuses import ReplyStatus

# What each row shows of its item beyond its columns (the registration number names the session),
# loaded with the rows so a desk costs the same few statements whatever its length.
SHOWN = (selectinload(Suggestion.session),)


def lead_units(session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Assignment.suggestion_id, HandlingUnit.name)
                                .join(HandlingUnit, HandlingUnit.id == Assignment.unit_id)
                                .where(Assignment.suggestion_id.in_(ids), Assignment.is_lead,
                                       Assignment.state != AssignmentState.RELEASED)).all())


@dataclass
class KeyItem:
    item: Suggestion
    mark: SupervisionMark
    committee: str
    lead_unit: str
    reports: list[ProgressReport] = field(default_factory=list)

    @property
    def submitted(self) -> list[ProgressReport]:
        return [r for r in self.reports if r.submitted_at is not None]

    @property
    def next_due(self) -> date | None:
        return min((r.due_on for r in self.reports if r.submitted_at is None), default=None)


def key_items(session, *, unit_id: int | None = None, item_id: int | None = None) -> list[KeyItem]:
    """Items under key supervision, the next progress report due first; a unit sees its own."""
    stmt = (select(SupervisionMark, Suggestion, Committee.name)
            .join(Suggestion, Suggestion.id == SupervisionMark.suggestion_id)
            .outerjoin(Committee, Committee.id == SupervisionMark.committee_id)
            .options(*SHOWN))
    if unit_id is not None:
        stmt = stmt.where(Suggestion.id.in_(select(Assignment.suggestion_id).where(
            Assignment.unit_id == unit_id)))
    if item_id is not None:
        stmt = stmt.where(Suggestion.id == item_id)
    rows = session.execute(stmt).all()
    ids = [item.id for _, item, _ in rows]
    units = lead_units(session, ids)
    out = {item.id: KeyItem(item, mark, committee or "", units.get(item.id, ""))
           for mark, item, committee in rows}
    if ids:
        for report in session.scalars(select(ProgressReport).where(
                ProgressReport.suggestion_id.in_(ids)).order_by(ProgressReport.due_on,
                                                                ProgressReport.id)):
            out[report.suggestion_id].reports.append(report)
    return sorted(out.values(), key=lambda k: (k.next_due or date.max, k.item.id))


@dataclass(frozen=True)
class PendingRequest:
    """A unit's request waiting for the office: an extension or a reassignment."""

    kind: str  # "extension" or "reassignment"
    item: Suggestion
    unit: str
    is_lead: bool
    reason: str
    requested_at: object
    requested_by: str
    current_due: date | None
    proposed_due: date | None = None
    limit: date | None = None  # the latest date an extension may reach (6 months from assignment)
    decide_by: date | None = None


def pending_requests(session, item_id: int | None = None) -> list[PendingRequest]:
    """Every undecided extension and reassignment request (of one item if given), the oldest first."""
    mine = [Suggestion.id == item_id] if item_id is not None else []
    calendar = load_calendar(session)
    names = dict(session.execute(select(User.id, User.name)).all())
    decide_by = {(d.suggestion_id, d.kind): d.due_on for d in session.scalars(select(Deadline).where(
        Deadline.closed_at.is_(None), Deadline.kind.in_([DeadlineKind.EXTENSION_DECISION,
                                                         DeadlineKind.REASSIGNMENT_DECISION])))}
    reply_due = {d.suggestion_id: d.due_on for d in session.scalars(select(Deadline).where(
        Deadline.closed_at.is_(None), Deadline.kind.in_([DeadlineKind.REPLY,
                                                         DeadlineKind.REHANDLING_REPLY])))}
    out = []
    for req, item, unit in session.execute(
            select(ExtensionRequest, Suggestion, HandlingUnit.name)
            .join(Suggestion, Suggestion.id == ExtensionRequest.suggestion_id)
            .join(HandlingUnit, HandlingUnit.id == ExtensionRequest.unit_id)
            .where(ExtensionRequest.status == RequestStatus.PENDING, *mine).options(*SHOWN)):
        limit, _ = calendar.due(china_date(item.assigned_at), MAX_MONTHS, Unit.MONTHS)
        out.append(PendingRequest("extension", item, unit, True, req.reason, req.requested_at,
                                  names.get(req.requested_by_id, ""), req.previous_due_on,
                                  req.requested_due_on, limit,
                                  decide_by.get((item.id, DeadlineKind.EXTENSION_DECISION))))
    for req, a, item, unit in session.execute(
            select(ReassignmentRequest, Assignment, Suggestion, HandlingUnit.name)
            .join(Assignment, Assignment.id == ReassignmentRequest.assignment_id)
            .join(Suggestion, Suggestion.id == ReassignmentRequest.suggestion_id)
            .join(HandlingUnit, HandlingUnit.id == Assignment.unit_id)
            .where(ReassignmentRequest.status == RequestStatus.PENDING, *mine).options(*SHOWN)):
        out.append(PendingRequest("reassignment", item, unit, a.is_lead, req.reason,
                                  req.requested_at, names.get(req.requested_by_id, ""),
                                  reply_due.get(item.id),
                                  decide_by=decide_by.get((item.id,
                                                           DeadlineKind.REASSIGNMENT_DECISION))))
    return sorted(out, key=lambda r: (r.requested_at, r.item.id))


@dataclass
class Dissatisfaction:
    """An item the deputy was not satisfied with, with every round's reply and evaluation."""

    item: Suggestion
    lead_unit: str
    rounds: list[tuple[Reply, Evaluation | None]] = field(default_factory=list)
    decide_by: date | None = None


WAITING = (State.DISSATISFIED, State.ESCALATED)


def dissatisfied_items(session) -> list[Dissatisfaction]:
    """Items in `dissatisfied` (the office's turn) and `escalated` (the council's), escalated first."""
    items = list(session.scalars(select(Suggestion).where(Suggestion.state.in_(WAITING))
                                 .order_by(Suggestion.updated_at)
                                 .options(*SHOWN, *author_by_name())))
    ids = [i.id for i in items]
    units = lead_units(session, ids)
    out = {i.id: Dissatisfaction(i, units.get(i.id, "")) for i in items}
    if not ids:
        return []
    evals = {e.reply_id: e for e in session.scalars(select(Evaluation).where(
        Evaluation.suggestion_id.in_(ids)))}
    for reply in session.scalars(select(Reply).where(Reply.suggestion_id.in_(ids),
                                                     Reply.status == ReplyStatus.ISSUED)
                                 .order_by(Reply.round, Reply.id)):
        out[reply.suggestion_id].rounds.append((reply, evals.get(reply.id)))
    for d in session.scalars(select(Deadline).where(
            Deadline.suggestion_id.in_(ids), Deadline.closed_at.is_(None),
            Deadline.kind.in_([DeadlineKind.DISSATISFACTION_DECISION,
                               DeadlineKind.ESCALATION_DECISION]))):
        out[d.suggestion_id].decide_by = d.due_on
    return sorted(out.values(), key=lambda d: (d.item.state is not State.ESCALATED,
                                               d.decide_by or date.max))


def desk_counts(session) -> dict[str, int]:
    """How many requests and dissatisfied items wait, for the tabs of the decision pages."""
    waiting = session.scalar(select(func.count(Suggestion.id)).where(Suggestion.state.in_(WAITING)))
    requests = sum(session.scalar(select(func.count(m.id)).where(m.status == RequestStatus.PENDING))
                   for m in (ExtensionRequest, ReassignmentRequest))
    return {"requests": requests, "dissatisfied": waiting or 0}


def extension_bounds(session, item: Suggestion) -> tuple[date | None, date | None]:
    """The reply's current due date and the latest date an extension may reach (the engine's guard)."""
    due = session.scalar(select(Deadline.due_on).where(
        Deadline.suggestion_id == item.id, Deadline.closed_at.is_(None),
        Deadline.kind.in_([DeadlineKind.REPLY, DeadlineKind.REHANDLING_REPLY])).limit(1))
    if item.assigned_at is None:
        return due, None
    limit, _ = load_calendar(session).due(china_date(item.assigned_at), MAX_MONTHS, Unit.MONTHS)
    return due, limit
