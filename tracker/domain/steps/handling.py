"""Effects of the units' work: signing for, reassignment, contacts, co-unit opinions, extensions, replies."""

from __future__ import annotations

from sqlalchemy import select

from tracker.domain.authoring.attachments import attach_files_to_reply
from tracker.domain.core.context import Context
from tracker.domain.core.effects import as_date, as_id, as_ids, effect, one_of, text
from tracker.domain.deadlines.calendar import china_date
from tracker.domain.deadlines.rows import MAX_MONTHS
from tracker.domain.errors import InvalidData
from tracker.domain.steps.registration import add_assignments, check_units
from tracker.models import Contact, Deadline, ExtensionRequest, ReassignmentRequest, Reply
from tracker.models.handling import AssignmentState, RequestStatus
from tracker.workflow import Action, DeadlineKind, Unit
from tracker.workflow.i18n import N_
from tracker.workflow.statuses import ContactWay, Disclosure, ReplyStatus

A = Action
CONTACT_WAYS = tuple(ContactWay)
REPLY_CATEGORIES = ("A", "B", "C", "D")
DISCLOSURES = tuple(Disclosure)


def release(ctx: Context, assignment) -> None:
    """A released unit owes nothing more on the item."""
    assignment.state, assignment.released_at = AssignmentState.RELEASED, ctx.at
    for d in ctx.scalars(select(Deadline).where(Deadline.assignment_id == assignment.id,
                                                Deadline.closed_at.is_(None))):
        d.closed_at = ctx.at


@effect(A.SIGN_FOR)
def sign_for(ctx: Context) -> None:
    a = ctx.actor_assignment
    a.state, a.received_at, a.received_by_id = AssignmentState.RECEIVED, ctx.at, ctx.actor.id
    ctx.assignment = a


@effect(A.REQUEST_REASSIGNMENT)
def request_reassignment(ctx: Context) -> None:
    req = ReassignmentRequest(suggestion_id=ctx.item.id, assignment_id=ctx.actor_assignment.id,
                              reason=ctx.reason, requested_by_id=ctx.actor.id,
                              requested_at=ctx.at)
    ctx.session.add(req)
    ctx.session.flush()
    ctx.request_id = req.id


def _decide(ctx: Context, req, status: RequestStatus) -> None:
    req.status, req.decided_by_id, req.decided_at = status, ctx.actor.id, ctx.at
    req.decision_note = ctx.reason
    ctx.request_id = req.id


@effect(A.APPROVE_REASSIGNMENT)
def approve_reassignment(ctx: Context) -> None:
    req = ctx.pending_reassignment()
    live = {a.unit_id for a in ctx.live_assignments}
    co_ids = as_ids(ctx, "co_units")
    lead_id = as_id(ctx, "lead_unit") if req.assignment.is_lead else None
    taken = live - {req.assignment.unit_id}
    check_units(ctx, lead_id, co_ids, taken | {req.assignment.unit_id})
    _decide(ctx, req, RequestStatus.APPROVED)
    release(ctx, req.assignment)
    ctx.assignment = req.assignment
    add_assignments(ctx, lead_id, co_ids)


@effect(A.REFUSE_REASSIGNMENT)
def refuse_reassignment(ctx: Context) -> None:
    _decide(ctx, ctx.pending_reassignment(), RequestStatus.REFUSED)


@effect(A.LOG_CONTACT)
def log_contact(ctx: Context) -> None:
    way = one_of(ctx, "contact_way", CONTACT_WAYS)
    day = as_date(ctx, "contact_date")
    if day > ctx.today:
        raise InvalidData(N_("The contact date cannot be in the future."),
                          field="contact_date")
    ctx.session.add(Contact(suggestion_id=ctx.item.id, unit_id=ctx.actor.unit_id, way=way,
                            contact_on=day, people=text(ctx, "people", max_len=200),
                            summary=text(ctx, "summary"), logged_by_id=ctx.actor.id,
                            logged_at=ctx.at))


@effect(A.SEND_CO_OPINION)
def send_co_opinion(ctx: Context) -> None:
    a = ctx.actor_assignment
    a.opinion, a.opinion_sent_at = text(ctx, "opinion"), ctx.at
    a.state = AssignmentState.OPINION_SENT
    ctx.assignment = a


def reply_deadline(ctx: Context) -> Deadline | None:
    rows = ctx.open_deadlines(DeadlineKind.REPLY) or ctx.open_deadlines(
        DeadlineKind.REHANDLING_REPLY)
    return rows[0] if rows else None


@effect(A.REQUEST_EXTENSION)
def request_extension(ctx: Context) -> None:
    wanted, current = as_date(ctx, "new_due_date"), reply_deadline(ctx)
    if current is None:
        raise InvalidData(N_("No reply deadline to extend."))
    # Six months counted as the Civil Code counts them: a rest day moves the end forward.
    limit, _ = ctx.calendar.due(china_date(ctx.item.assigned_at), MAX_MONTHS, Unit.MONTHS)
    if wanted <= current.due_on:
        raise InvalidData(N_("The new date must be later than the current due date."),
                          field="new_due_date")
    if wanted > limit:
        raise InvalidData(N_("A reply is due at most 6 months after assignment (%(limit)s)."),
                          limit=limit.isoformat(), field="new_due_date")
    req = ExtensionRequest(suggestion_id=ctx.item.id, unit_id=ctx.actor.unit_id,
                           requested_due_on=wanted, previous_due_on=current.due_on,
                           reason=ctx.reason, requested_by_id=ctx.actor.id, requested_at=ctx.at)
    ctx.session.add(req)
    ctx.session.flush()
    ctx.request_id = req.id


@effect(A.APPROVE_EXTENSION)
def approve_extension(ctx: Context) -> None:
    req = ctx.pending_extension()
    _decide(ctx, req, RequestStatus.APPROVED)
    current = reply_deadline(ctx)
    if current is not None:
        current.counted_from, current.amount, current.unit = req.requested_due_on, 0, Unit.FIXED_DATE
        current.due_on, current.provisional = ctx.calendar.due(req.requested_due_on, 0,
                                                               Unit.FIXED_DATE)
    ctx.audit_data.update(previous_due=req.previous_due_on.isoformat(),
                          new_due=req.requested_due_on.isoformat())


@effect(A.REFUSE_EXTENSION)
def refuse_extension(ctx: Context) -> None:
    _decide(ctx, ctx.pending_extension(), RequestStatus.REFUSED)


def latest_reply(ctx: Context, status: str) -> Reply | None:
    return ctx.session.scalar(select(Reply).where(Reply.suggestion_id == ctx.item.id,
                                                  Reply.status == status)
                              .order_by(Reply.id.desc()).limit(1))


@effect(A.SUBMIT_REPLY)
def submit_reply(ctx: Context) -> None:
    category = one_of(ctx, "reply_category", REPLY_CATEGORIES)
    body = text(ctx, "reply_text")
    promised = as_date(ctx, "promised_date", required=category in ("B", "C"))
    promise_text = text(ctx, "promise_text", required=category in ("B", "C"))
    if promised is not None and promised <= ctx.today:
        raise InvalidData(N_("The promised date must be in the future."),
                          field="promised_date")
    reply = Reply(suggestion_id=ctx.item.id, unit_id=ctx.actor.unit_id,
                  round=ctx.item.reply_round, category=category, text=body,
                  promised_on=promised if category in ("B", "C") else None,
                  promise_text=promise_text if category in ("B", "C") else "",
                  drafted_by_id=ctx.actor.id, drafted_at=ctx.at)
    ctx.session.add(reply)
    # The files are stored after the action's own record, as the reply's attachments.
    ctx.later.append(lambda event: attach_files_to_reply(ctx.session, reply, ctx.actor, ctx.files,
                                                         event.at))


@effect(A.RETURN_REPLY)
def return_reply(ctx: Context) -> None:
    latest_reply(ctx, ReplyStatus.DRAFTED).status = ReplyStatus.RETURNED


@effect(A.ISSUE_REPLY)
def issue_reply(ctx: Context) -> None:
    disclosure = one_of(ctx, "disclosure", DISCLOSURES)
    reason = text(ctx, "disclosure_reason", required=disclosure == "private")
    reply = latest_reply(ctx, ReplyStatus.DRAFTED)
    reply.status, reply.issued_at, reply.approved_by_id = ReplyStatus.ISSUED, ctx.at, ctx.actor.id
    reply.disclosure, reply.disclosure_reason = disclosure, reason
    ctx.audit_data["reply_category"] = reply.category
