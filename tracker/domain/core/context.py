"""The context of one action: the item, the actor, the moment, the input, and the parts it touches."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import select

from tracker.domain.deadlines.calendar import WorkCalendar, china_date, load_calendar
from tracker.models import (
    Assignment,
    Contact,
    CoSigner,
    Deadline,
    ExtensionRequest,
    ProgressReport,
    Promise,
    ReassignmentRequest,
    Suggestion,
    User,
)
from tracker.models.handling import AssignmentState, PromiseState, RequestStatus
from tracker.workflow import DeadlineKind, Role, Transition


@dataclass
class Preloaded:
    """What the guards and ownership rules read of many items, loaded for all of them at once, so a
    list page's buttons (engine.offers_for) cost a few statements, not a few per row. Read-only:
    an action (engine.apply) always reads afresh."""

    assignments: dict[int, list[Assignment]]  # live ones
    deadlines: dict[int, list[Deadline]]  # open ones
    reassignments: dict[int, ReassignmentRequest]  # pending
    extensions: dict[int, ExtensionRequest]  # pending
    promises: dict[int, list[Promise]]
    progress_due: set[int]  # items with a progress report still to come
    contacted: set[int]  # items with a logged contact


def preload(session, ids: list[int]) -> Preloaded:
    def by_item(stmt) -> dict[int, list]:
        out: dict[int, list] = {}
        for row in session.scalars(stmt):
            out.setdefault(row.suggestion_id, []).append(row)
        return out

    def first(stmt) -> dict:
        return {k: rows[0] for k, rows in by_item(stmt).items()}

    return Preloaded(
        assignments=by_item(select(Assignment).where(Assignment.suggestion_id.in_(ids),
                                                     Assignment.state != AssignmentState.RELEASED)
                            .order_by(Assignment.id)),
        deadlines=by_item(select(Deadline).where(Deadline.suggestion_id.in_(ids),
                                                 Deadline.closed_at.is_(None))
                          .order_by(Deadline.id)),
        reassignments=first(select(ReassignmentRequest).where(
            ReassignmentRequest.suggestion_id.in_(ids), ReassignmentRequest.status == RequestStatus.PENDING)
            .order_by(ReassignmentRequest.id)),
        extensions=first(select(ExtensionRequest).where(
            ExtensionRequest.suggestion_id.in_(ids), ExtensionRequest.status == RequestStatus.PENDING)
            .order_by(ExtensionRequest.id)),
        promises=by_item(select(Promise).where(Promise.suggestion_id.in_(ids))
                         .order_by(Promise.due_on, Promise.id)),
        progress_due=set(session.scalars(select(ProgressReport.suggestion_id).where(
            ProgressReport.suggestion_id.in_(ids), ProgressReport.submitted_at.is_(None)))),
        contacted=set(session.scalars(select(Contact.suggestion_id).where(Contact.suggestion_id.in_(ids)))),
    )


@dataclass
class Context:
    session: Any
    item: Suggestion
    actor: User
    role: Role
    at: datetime
    reason: str = ""
    data: dict = field(default_factory=dict)
    row: Transition | None = None
    # Parts an effect touched, so deadlines open and close on the right rows.
    assignment: Assignment | None = None
    cosigner: CoSigner | None = None
    request_id: int | None = None
    promise: Promise | None = None
    progress: ProgressReport | None = None
    new_assignments: list[Assignment] = field(default_factory=list)
    new_cosigners: list[CoSigner] = field(default_factory=list)
    new_promises: list[Promise] = field(default_factory=list)
    new_progress: list[ProgressReport] = field(default_factory=list)
    audit_data: dict = field(default_factory=dict)
    files: Any = None  # uploads the action's effect stores (attachments.Files: the reply's files)
    # Steps an effect leaves for after the audit event is written (they record the item as it ends).
    later: list = field(default_factory=list)
    preloaded: Preloaded | None = None  # a list page's buttons only (engine.offers_for)

    @property
    def today(self) -> date:
        return china_date(self.at)

    @cached_property
    def calendar(self) -> WorkCalendar:
        return load_calendar(self.session)

    def scalars(self, stmt):
        return self.session.scalars(stmt).all()

    @cached_property
    def live_assignments(self) -> list[Assignment]:
        if self.preloaded:
            return self.preloaded.assignments.get(self.item.id, [])
        return self.scalars(
            select(Assignment)
            .where(Assignment.suggestion_id == self.item.id,
                   Assignment.state != AssignmentState.RELEASED)
            .order_by(Assignment.id)
        )

    @property
    def lead_assignment(self) -> Assignment | None:
        return next((a for a in self.live_assignments if a.is_lead), None)

    @cached_property
    def actor_assignment(self) -> Assignment | None:
        if self.actor.unit_id is None:
            return None
        return next((a for a in self.live_assignments if a.unit_id == self.actor.unit_id), None)

    @cached_property
    def actor_cosigner(self) -> CoSigner | None:
        return next((c for c in self.item.cosigners if c.deputy_id == self.actor.id), None)

    def confirmed_cosigners(self) -> list[CoSigner]:
        return [c for c in self.item.cosigners if c.status == "confirmed"]

    def open_deadlines(self, kind: DeadlineKind) -> list[Deadline]:
        if self.preloaded:
            return [d for d in self.preloaded.deadlines.get(self.item.id, []) if d.kind == kind]
        return self.scalars(
            select(Deadline).where(Deadline.suggestion_id == self.item.id, Deadline.kind == kind,
                                   Deadline.closed_at.is_(None)).order_by(Deadline.id)
        )

    def pending_reassignment(self) -> ReassignmentRequest | None:
        if self.preloaded:
            return self.preloaded.reassignments.get(self.item.id)
        return self.session.scalar(
            select(ReassignmentRequest).where(
                ReassignmentRequest.suggestion_id == self.item.id,
                ReassignmentRequest.status == RequestStatus.PENDING)
        )

    def pending_extension(self) -> ExtensionRequest | None:
        if self.preloaded:
            return self.preloaded.extensions.get(self.item.id)
        return self.session.scalar(
            select(ExtensionRequest).where(
                ExtensionRequest.suggestion_id == self.item.id,
                ExtensionRequest.status == RequestStatus.PENDING)
        )

    def promises(self, *, open_only: bool = False, review_pending: bool | None = None):
        if self.preloaded:
            return [p for p in self.preloaded.promises.get(self.item.id, [])
                    if (not open_only or p.state is PromiseState.OPEN)
                    and (review_pending is None or p.review_pending is review_pending)]
        stmt = select(Promise).where(Promise.suggestion_id == self.item.id).order_by(Promise.due_on)
        if open_only:
            stmt = stmt.where(Promise.state == PromiseState.OPEN)
        if review_pending is not None:
            stmt = stmt.where(Promise.review_pending.is_(review_pending))
        return self.scalars(stmt)

    def progress_report_due(self) -> bool:
        """A scheduled progress report is still to come."""
        if self.preloaded:
            return self.item.id in self.preloaded.progress_due
        return self.session.scalar(select(ProgressReport.id).where(
            ProgressReport.suggestion_id == self.item.id, ProgressReport.submitted_at.is_(None))
            .limit(1)) is not None

    def contact_logged(self) -> bool:
        if self.preloaded:
            return self.item.id in self.preloaded.contacted
        return self.session.scalar(
            select(Contact.id).where(Contact.suggestion_id == self.item.id).limit(1)) is not None
