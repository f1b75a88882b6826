"""The context of one action: the item, the actor, the moment, the input, and the parts it touches."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import select

from tracker.domain.calendar import WorkCalendar, china_date, load_calendar
from tracker.models import (
    Assignment,
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
        return self.scalars(
            select(Deadline).where(Deadline.suggestion_id == self.item.id, Deadline.kind == kind,
                                   Deadline.closed_at.is_(None)).order_by(Deadline.id)
        )

    def pending_reassignment(self) -> ReassignmentRequest | None:
        return self.session.scalar(
            select(ReassignmentRequest).where(
                ReassignmentRequest.suggestion_id == self.item.id,
                ReassignmentRequest.status == RequestStatus.PENDING)
        )

    def pending_extension(self) -> ExtensionRequest | None:
        return self.session.scalar(
            select(ExtensionRequest).where(
                ExtensionRequest.suggestion_id == self.item.id,
                ExtensionRequest.status == RequestStatus.PENDING)
        )

    def promises(self, *, open_only: bool = False, review_pending: bool | None = None):
        stmt = select(Promise).where(Promise.suggestion_id == self.item.id).order_by(Promise.due_on)
        if open_only:
            stmt = stmt.where(Promise.state == PromiseState.OPEN)
        if review_pending is not None:
            stmt = stmt.where(Promise.review_pending.is_(review_pending))
        return self.scalars(stmt)
