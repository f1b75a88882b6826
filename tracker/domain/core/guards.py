"""The named guards of the workflow table, each with the message a user sees when it does not hold."""

from __future__ import annotations

from collections.abc import Callable

from tracker.domain.core.context import Context
from tracker.models.handling import AssignmentState
from tracker.workflow import Channel, DeadlineKind, Guard, State
from tracker.workflow.i18n import N_
from tracker.workflow.statuses import Grade

G = Guard
DISSATISFIED = Grade.DISSATISFIED


def _result(ctx: Context) -> str | None:
    return ctx.data.get("result")


def _window_open(ctx: Context) -> bool:
    a = ctx.actor_assignment
    if a is None or ctx.pending_reassignment() is not None:
        return False
    windows = [d for d in ctx.open_deadlines(DeadlineKind.REASSIGNMENT_WINDOW)
               if d.assignment_id == a.id]
    return bool(windows) and windows[0].due_on >= ctx.today


def _co_opinions_in(ctx: Context) -> bool:
    """The lead's reply states the co-units' opinions; it waits for them until they are due."""
    overdue = {d.assignment_id for d in ctx.open_deadlines(DeadlineKind.CO_OPINION)
               if d.due_on < ctx.today}
    return all(a.state is AssignmentState.OPINION_SENT or a.id in overdue
               for a in ctx.live_assignments if not a.is_lead)


def _session_sitting(ctx: Context) -> bool:
    s = ctx.item.session
    return s is not None and s.opens_on <= ctx.today <= s.closes_on


def _withdrawal_agreed(ctx: Context) -> bool:
    confirmed = ctx.confirmed_cosigners()
    if not confirmed:
        return True
    return ctx.item.withdrawal_requested and all(c.withdrawal_agreed_at for c in confirmed)


def _evaluation_overdue(ctx: Context) -> bool:
    return any(d.due_on < ctx.today for d in ctx.open_deadlines(DeadlineKind.EVALUATION))


def _progress_report_due(ctx: Context) -> bool:
    """A scheduled progress report is still to come (early reports are welcome, extra ones not)."""
    return ctx.progress_report_due()


def _pending_reassignment_by(lead: bool) -> Callable[[Context], bool]:
    def check(ctx: Context) -> bool:
        req = ctx.pending_reassignment()
        return req is not None and req.assignment.is_lead is lead
    return check


CHECKS: dict[Guard, Callable[[Context], bool]] = {
    G.SESSION_CHANNEL: lambda c: c.item.channel is Channel.SESSION,
    G.BETWEEN_CHANNEL: lambda c: c.item.channel is Channel.BETWEEN,
    G.COSIGNERS_ANSWERED: lambda c: all(x.status != "invited" for x in c.item.cosigners),
    G.INVITATION_PENDING: lambda c: c.actor_cosigner is not None
    and c.actor_cosigner.status == "invited",
    G.RETURNED_FROM_GROUP: lambda c: c.item.returned_from is State.GROUP_REVIEW,
    G.RETURNED_FROM_COMMITTEE: lambda c: c.item.returned_from is State.COMMITTEE_REVIEW,
    G.RETURNED_FROM_OFFICE: lambda c: c.item.returned_from is State.OFFICE_REVIEW,
    G.SESSION_SITTING: _session_sitting,
    G.IS_JOINT: lambda c: bool(c.confirmed_cosigners()),
    G.WITHDRAWAL_REQUESTED: lambda c: c.item.withdrawal_requested
    and c.actor_cosigner is not None and c.actor_cosigner.status == "confirmed"
    and c.actor_cosigner.withdrawal_agreed_at is None,
    G.NO_WITHDRAWAL_PENDING: lambda c: not c.item.withdrawal_requested,
    G.WITHDRAWAL_AGREED: _withdrawal_agreed,
    G.AWAITING_RECEIPT: lambda c: c.actor_assignment is not None
    and c.actor_assignment.state is AssignmentState.AWAITING_RECEIPT,
    G.ASSIGNMENT_RECEIVED: lambda c: c.actor_assignment is not None
    and c.actor_assignment.state is AssignmentState.RECEIVED,
    G.IN_REASSIGNMENT_WINDOW: _window_open,
    G.REASSIGNMENT_PENDING: lambda c: c.pending_reassignment() is not None,
    G.REASSIGNMENT_BY_LEAD: _pending_reassignment_by(True),
    G.REASSIGNMENT_BY_CO: _pending_reassignment_by(False),
    G.EXTENSION_PENDING: lambda c: c.pending_extension() is not None,
    G.NO_PENDING_EXTENSION: lambda c: c.pending_extension() is None,
    G.CONTACT_LOGGED: lambda c: c.contact_logged(),
    G.CO_OPINIONS_IN: _co_opinions_in,
    G.FIRST_ROUND: lambda c: c.item.reply_round == 1,
    G.LATER_ROUND: lambda c: c.item.reply_round > 1,
    G.RESULT_SATISFIED: lambda c: _result(c) in (Grade.SATISFIED, Grade.BASICALLY),
    G.FIRST_DISSATISFACTION: lambda c: _result(c) == DISSATISFIED
    and c.item.dissatisfied_count == 0,
    G.REPEATED_DISSATISFACTION: lambda c: _result(c) == DISSATISFIED
    and c.item.dissatisfied_count > 0,
    G.EVALUATION_OVERDUE: _evaluation_overdue,
    G.IS_KEY: lambda c: c.item.is_key,
    G.NOT_KEY: lambda c: not c.item.is_key,
    G.PROGRESS_REPORT_DUE: _progress_report_due,
    G.PROMISE_OPEN: lambda c: bool(c.promises(open_only=True)),
    G.PROMISE_REPORTED_NOT_KEPT: lambda c: bool(c.promises(review_pending=True)),
}

# Guards that read the action's input; the page cannot judge them before the form is sent.
DATA_GUARDS = frozenset({G.RESULT_SATISFIED, G.FIRST_DISSATISFACTION, G.REPEATED_DISSATISFACTION})

MESSAGES: dict[Guard, str] = {  # msgids, translated where shown
    G.SESSION_CHANNEL: N_("Only for session suggestions."),
    G.BETWEEN_CHANNEL: N_("Only for between-session suggestions."),
    G.COSIGNERS_ANSWERED: N_("Some invited co-signers have not answered yet."),
    G.INVITATION_PENDING: N_("You have no pending invitation."),
    G.RETURNED_FROM_GROUP: N_("Not returned by the group."),
    G.RETURNED_FROM_COMMITTEE: N_("Not returned by the committee."),
    G.RETURNED_FROM_OFFICE: N_("Not returned by the office."),
    G.SESSION_SITTING: N_("Formal submission only while the session sits."),
    G.IS_JOINT: N_("Only joint suggestions need consent."),
    G.WITHDRAWAL_REQUESTED: N_("No withdrawal awaits your consent."),
    G.NO_WITHDRAWAL_PENDING: N_("A withdrawal was already proposed and awaits the co-signers' consent."),
    G.WITHDRAWAL_AGREED: N_("All co-signers must agree before a joint suggestion is withdrawn."),
    G.AWAITING_RECEIPT: N_("Your unit has nothing to sign for here."),
    G.ASSIGNMENT_RECEIVED: N_("Sign for it first, or the opinion was already sent."),
    G.IN_REASSIGNMENT_WINDOW: N_("The reassignment window (7 working days after assignment) has passed or a "
                                 "request is pending; the assignment stands."),
    G.REASSIGNMENT_PENDING: N_("No reassignment request is pending."),
    G.REASSIGNMENT_BY_LEAD: N_("The request is not from the lead unit."),
    G.REASSIGNMENT_BY_CO: N_("The request is not from a co-unit."),
    G.EXTENSION_PENDING: N_("No extension request is pending."),
    G.NO_PENDING_EXTENSION: N_("An extension request is already pending."),
    G.CONTACT_LOGGED: N_("Contact the deputy and log it before replying (Deputies Law Art. 51)."),
    G.CO_OPINIONS_IN: N_("A co-unit's opinion is not in and not yet due; the reply must state it."),
    G.FIRST_ROUND: N_("This item is being re-handled."),
    G.LATER_ROUND: N_("This item is not being re-handled."),
    G.RESULT_SATISFIED: N_("The result is not satisfied."),
    G.FIRST_DISSATISFACTION: N_("The result is not dissatisfied."),
    G.REPEATED_DISSATISFACTION: N_("The result is not dissatisfied."),
    G.EVALUATION_OVERDUE: N_("The 15 working days for evaluation have not passed yet."),
    G.IS_KEY: N_("This item is not under key supervision."),
    G.NOT_KEY: N_("Already under key supervision."),
    G.PROGRESS_REPORT_DUE: N_("No progress report is due: every scheduled report is in."),
    G.PROMISE_OPEN: N_("No open promise."),
    G.PROMISE_REPORTED_NOT_KEPT: N_("No not-kept report to review."),
}
