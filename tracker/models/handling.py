"""After routing: unit assignments, contacts, replies, evaluations, requests, promises, supervision."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    event,
    inspect,
    select,
    text,
    true,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from tracker.extensions import db
from tracker.models.org import HandlingUnit, User
from tracker.models.suggestion import Suggestion
from tracker.models.types import UTCDateTime, checked_enum
from tracker.tenancy import CongressOwned

# The parts' small states live with the table (tracker.workflow.statuses); importable from here too.
from tracker.workflow.statuses import (  # noqa: F401
    AssignmentState,
    ContactWay,
    Disclosure,
    Grade,
    PromiseState,
    ReplyStatus,
    RequestStatus,
)


class Assignment(CongressOwned, db.Model):
    """One unit's part in handling an item: lead (主办) or co-handling (协办), with its own small state."""

    __tablename__ = "assignment"
    __table_args__ = (
        # Exactly one live lead unit per routed item; the domain guarantees at least one.
        Index("uq_one_live_lead", "suggestion_id", unique=True,
              sqlite_where=text("is_lead AND state != 'released'"),
              postgresql_where=text("is_lead AND state != 'released'")),
        # The lists' unit filter: an index-only semi-join per listed item (domain.reads.listing).
        Index("ix_assignment_unit_suggestion", "unit_id", "suggestion_id"),
        # A unit's inbox: its open assignments with their items' states, counted index-only
        # (tracker.domain.reads.inbox).
        Index("ix_assignment_unit_open", "unit_id", "suggestion_id", "is_lead", "id", "item_state",
              "item_is_key", sqlite_where=text("is_open"), postgresql_where=text("is_open")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("handling_unit.id"), index=True)
    is_lead: Mapped[bool]
    state: Mapped[AssignmentState] = mapped_column(
        checked_enum(AssignmentState, "assignment_state"), default=AssignmentState.AWAITING_RECEIPT
    )
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opinion: Mapped[str] = mapped_column(Text, default="")
    opinion_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Live on an unfinished item: the unit's open work, which its inbox reads through a partial index
    # instead of its whole history. Routing opens it (items are routed unfinished); releasing the
    # unit (below) or finishing the item (engine.apply) closes it; nothing reopens it.
    is_open: Mapped[bool] = mapped_column(default=True, server_default=true())
    # The item's state and key mark, kept on each of its assignments (_mirror_item below) so that
    # a unit's inbox counts its open work by state from this table's index alone: a unit with
    # thousands of open items read each item's row for its chips on every page before.
    item_state: Mapped[str | None] = mapped_column(String(32))
    item_is_key: Mapped[bool | None] = mapped_column()
    unit: Mapped[HandlingUnit] = relationship()

    @property
    def is_live(self) -> bool:
        return self.state is not AssignmentState.RELEASED

    @validates("state")
    def _released_is_closed(self, _key, state):
        if state == AssignmentState.RELEASED:
            self.is_open = False
        return state


class Contact(CongressOwned, db.Model):
    """A logged contact between the handling unit and the deputy (代表法 Art. 51)."""

    __tablename__ = "contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("handling_unit.id"))
    way: Mapped[ContactWay] = mapped_column(checked_enum(ContactWay, "contact_way"))
    contact_on: Mapped[date]
    people: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    logged_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Reply(CongressOwned, db.Model):
    """答复: drafted by the handler, approved for issue (签发) by the unit leader."""

    __tablename__ = "reply"
    __table_args__ = (
        CheckConstraint("category IN ('A','B','C','D')", name="ck_reply_category"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("handling_unit.id"))
    round: Mapped[int]
    category: Mapped[str] = mapped_column(String(1))
    text: Mapped[str] = mapped_column(Text)
    promised_on: Mapped[date | None]
    promise_text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ReplyStatus] = mapped_column(checked_enum(ReplyStatus, "reply_status"),
                                                default=ReplyStatus.DRAFTED)
    drafted_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    drafted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    disclosure: Mapped[Disclosure | None] = mapped_column(checked_enum(Disclosure, "reply_disclosure"))
    disclosure_reason: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[HandlingUnit] = relationship()


class Evaluation(CongressOwned, db.Model):
    """满意度测评 of one reply by the lead deputy: attitude and result."""

    __tablename__ = "evaluation"
    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id"), index=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("reply.id"), unique=True)
    round: Mapped[int]
    attitude: Mapped[Grade] = mapped_column(checked_enum(Grade, "evaluation_attitude"))
    result: Mapped[Grade] = mapped_column(checked_enum(Grade, "evaluation_result"))
    comment: Mapped[str] = mapped_column(Text, default="")
    evaluator_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    evaluated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Decided:
    """The columns of a request the office decides: who asked and when, who decided, when and why."""

    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str] = mapped_column(Text, default="")


class ReassignmentRequest(Decided, CongressOwned, db.Model):
    """申请调整: a unit asks to be released or re-routed; the office decides."""

    __tablename__ = "reassignment_request"
    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id"), index=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[RequestStatus] = mapped_column(checked_enum(RequestStatus, "reassign_status"),
                                                  default=RequestStatus.PENDING)
    assignment: Mapped[Assignment] = relationship()


class ExtensionRequest(Decided, CongressOwned, db.Model):
    """延期申请: the unit asks for a later reply date; never past 6 months from assignment."""

    __tablename__ = "extension_request"
    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("handling_unit.id"))
    requested_due_on: Mapped[date]
    previous_due_on: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[RequestStatus] = mapped_column(checked_enum(RequestStatus, "extension_status"),
                                                  default=RequestStatus.PENDING)


class Promise(CongressOwned, db.Model):
    """承诺事项 of a B or C reply; lives on after the item closes (回头看)."""

    __tablename__ = "promise"
    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id"), index=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("reply.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("handling_unit.id"))
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date]
    state: Mapped[PromiseState] = mapped_column(checked_enum(PromiseState, "promise_state"),
                                                default=PromiseState.OPEN)
    # A not-kept report waits for the office to accept its reasons or send it back.
    review_pending: Mapped[bool] = mapped_column(default=False)
    report_text: Mapped[str] = mapped_column(Text, default="")
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unit: Mapped[HandlingUnit] = relationship()


class SupervisionMark(CongressOwned, db.Model):
    """重点督办: chosen by the supervisors, with a supervising leader and committee."""

    __tablename__ = "supervision_mark"
    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id"), unique=True)
    leader: Mapped[str] = mapped_column(String(60))
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committee.id"))
    marked_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    marked_by: Mapped[User] = relationship()


class ProgressReport(CongressOwned, db.Model):
    """A key-supervision progress report, due on a date the supervisors set."""

    __tablename__ = "progress_report"
    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id"), index=True)
    due_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


@event.listens_for(Assignment, "before_insert")
def _mirror_item_on_insert(_mapper, _connection, assignment: Assignment) -> None:
    # Read in the INSERT itself: the unit of work writes the item's row before its assignments.
    item = Suggestion.__table__.c
    assignment.item_state = select(item.state).where(item.id == assignment.suggestion_id).scalar_subquery()
    assignment.item_is_key = select(item.is_key).where(item.id == assignment.suggestion_id).scalar_subquery()


@event.listens_for(Suggestion, "after_update")
def _mirror_item(_mapper, connection, item: Suggestion) -> None:
    """Every change of an item's state or key mark reaches its assignments in the same flush."""
    attrs = inspect(item).attrs
    if attrs.state.history.has_changes() or attrs.is_key.history.has_changes():
        table = Assignment.__table__
        connection.execute(update(table).where(table.c.suggestion_id == item.id)
                           .values(item_state=item.state, item_is_key=item.is_key))
