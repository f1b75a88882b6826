"""Deadlines: their kinds, who owes each, how each is counted, and which state each belongs to."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from tracker.workflow.enums import REVIEW_LAYERS, Channel, Owner, State
from tracker.workflow.i18n import N_


class Unit(enum.StrEnum):
    """How a deadline period is counted (DOMAIN §8)."""

    WORKING_DAYS = "working_days"
    MONTHS = "months"
    CALENDAR_DAYS = "calendar_days"  # a local rule's plain days; the end still rolls to a working day
    FIXED_DATE = "fixed_date"  # a date given with the action (promised date, report date)


class Anchor(enum.StrEnum):
    """Where counting starts: the action's moment, or a date of the item or its session."""

    EVENT = "event"
    SUBMITTED = "submitted"
    SESSION_CLOSE = "session_close"
    SESSION_PRESUBMIT = "session_presubmit"


class Scope(enum.StrEnum):
    """What one deadline row is about: the item, or one of its parts."""

    ITEM = "item"
    COSIGNER = "cosigner"
    ASSIGNMENT = "assignment"
    CO_ASSIGNMENT = "co_assignment"
    REQUEST = "request"
    PROMISE = "promise"
    PROGRESS = "progress"


class DeadlineKind(enum.StrEnum):
    COSIGNER_ANSWER = "cosigner_answer"
    WITHDRAWAL_CONSENT = "withdrawal_consent"
    GROUP_REVIEW = "group_review"
    COMMITTEE_REVIEW = "committee_review"
    OFFICE_REVIEW = "office_review"
    PRE_SUBMISSION = "pre_submission"
    REVISION = "revision"
    FORMAL_SUBMISSION = "formal_submission"
    REGISTRATION = "registration"
    ROUTING = "routing"
    SIGN_FOR = "sign_for"
    REASSIGNMENT_WINDOW = "reassignment_window"
    REASSIGNMENT_DECISION = "reassignment_decision"
    CO_OPINION = "co_opinion"
    REPLY = "reply"
    REPLY_APPROVAL = "reply_approval"
    EXTENSION_DECISION = "extension_decision"
    EVALUATION = "evaluation"
    DISSATISFACTION_DECISION = "dissatisfaction_decision"
    REHANDLING_REPLY = "rehandling_reply"
    ESCALATION_DECISION = "escalation_decision"
    PROMISE = "promise"
    PROMISE_REVIEW = "promise_review"
    PROGRESS_REPORT = "progress_report"


@dataclass(frozen=True)
class DeadlineSpec:
    """A kind of deadline with its default rule; the rule's numbers are seeded into deadline_rule."""

    kind: DeadlineKind
    owner: Owner
    scope: Scope
    amount: int
    unit: Unit
    label: str  # the English msgid, marked with N_()
    anchor: Anchor = Anchor.EVENT
    channel: Channel | None = None  # a rule only for one channel; None is the general rule
    # Windows are not owed by anyone: nobody is reminded, they only bound a request.
    is_window: bool = False


WD, MO, FIX = Unit.WORKING_DAYS, Unit.MONTHS, Unit.FIXED_DATE
K = DeadlineKind
# fmt: off
DEADLINES: tuple[DeadlineSpec, ...] = (
    DeadlineSpec(K.COSIGNER_ANSWER, Owner.COSIGNER, Scope.COSIGNER, 5, WD, N_("Co-signer answer")),
    DeadlineSpec(K.WITHDRAWAL_CONSENT, Owner.COSIGNER, Scope.COSIGNER, 5, WD, N_("Consent to withdraw")),
    DeadlineSpec(K.GROUP_REVIEW, Owner.REVIEWER, Scope.ITEM, 5, WD, N_("Group review")),
    DeadlineSpec(K.COMMITTEE_REVIEW, Owner.REVIEWER, Scope.ITEM, 5, WD, N_("Committee review")),
    DeadlineSpec(K.OFFICE_REVIEW, Owner.OFFICE, Scope.ITEM, 5, WD, N_("Office pre-review")),
    # A session draft is bound by its session's pre-submission deadline (DOMAIN §7).
    DeadlineSpec(K.PRE_SUBMISSION, Owner.DEPUTY, Scope.ITEM, 0, WD, N_("Pre-submission"),
                 anchor=Anchor.SESSION_PRESUBMIT),
    DeadlineSpec(K.REVISION, Owner.DEPUTY, Scope.ITEM, 5, WD, N_("Revise and resubmit")),
    DeadlineSpec(K.FORMAL_SUBMISSION, Owner.DEPUTY, Scope.ITEM, 0, WD, N_("Formal submission"),
                 anchor=Anchor.SESSION_CLOSE),
    DeadlineSpec(K.REGISTRATION, Owner.OFFICE, Scope.ITEM, 3, WD, N_("Registration")),
    DeadlineSpec(K.REGISTRATION, Owner.OFFICE, Scope.ITEM, 1, MO, N_("Registration"),
                 anchor=Anchor.SESSION_CLOSE, channel=Channel.SESSION),
    DeadlineSpec(K.ROUTING, Owner.OFFICE, Scope.ITEM, 7, WD, N_("Routing"), anchor=Anchor.SUBMITTED),
    DeadlineSpec(K.ROUTING, Owner.OFFICE, Scope.ITEM, 1, MO, N_("Routing"),
                 anchor=Anchor.SESSION_CLOSE, channel=Channel.SESSION),
    DeadlineSpec(K.SIGN_FOR, Owner.UNIT, Scope.ASSIGNMENT, 3, WD, N_("Sign for")),
    DeadlineSpec(K.REASSIGNMENT_WINDOW, Owner.UNIT, Scope.ASSIGNMENT, 7, WD, N_("Reassignment window"),
                 is_window=True),
    DeadlineSpec(K.REASSIGNMENT_DECISION, Owner.OFFICE, Scope.REQUEST, 5, WD, N_("Reassignment decision")),
    DeadlineSpec(K.CO_OPINION, Owner.UNIT, Scope.CO_ASSIGNMENT, 1, MO, N_("Co-unit opinion")),
    DeadlineSpec(K.REPLY, Owner.UNIT, Scope.ITEM, 3, MO, N_("Reply")),
    DeadlineSpec(K.REPLY_APPROVAL, Owner.UNIT_LEADER, Scope.ITEM, 3, WD, N_("Reply approval")),
    DeadlineSpec(K.EXTENSION_DECISION, Owner.OFFICE, Scope.REQUEST, 5, WD, N_("Extension decision")),
    DeadlineSpec(K.EVALUATION, Owner.DEPUTY, Scope.ITEM, 15, WD, N_("Evaluation")),
    DeadlineSpec(K.DISSATISFACTION_DECISION, Owner.OFFICE, Scope.ITEM, 5, WD,
                 N_("Decision on dissatisfaction")),
    DeadlineSpec(K.REHANDLING_REPLY, Owner.UNIT, Scope.ITEM, 1, MO, N_("Re-handling reply")),
    # DOMAIN names no period for the council's decision; 10 working days is our default.
    DeadlineSpec(K.ESCALATION_DECISION, Owner.SUPERVISOR, Scope.ITEM, 10, WD, N_("Council decision")),
    DeadlineSpec(K.PROMISE, Owner.UNIT, Scope.PROMISE, 0, FIX, N_("Promise")),
    DeadlineSpec(K.PROMISE_REVIEW, Owner.OFFICE, Scope.PROMISE, 5, WD, N_("Review of a broken promise")),
    DeadlineSpec(K.PROGRESS_REPORT, Owner.UNIT, Scope.PROGRESS, 0, FIX, N_("Progress report")),
)
# fmt: on
DEADLINE_SPEC = {d.kind: d for d in DEADLINES if d.channel is None}
# Windows bound a request but nobody owes them: never a task, never overdue, never reminded.
WINDOW_KINDS = tuple(sorted({d.kind for d in DEADLINES if d.is_window}))

# The deadline that names who owes the next step while an item sits in a state.
STATE_DEADLINE: dict[State, DeadlineKind] = {
    State.GROUP_REVIEW: K.GROUP_REVIEW,
    State.COMMITTEE_REVIEW: K.COMMITTEE_REVIEW,
    State.OFFICE_REVIEW: K.OFFICE_REVIEW,
    State.RETURNED: K.REVISION,
    State.PRE_APPROVED: K.FORMAL_SUBMISSION,
    State.SUBMITTED: K.REGISTRATION,
    State.REGISTERED: K.ROUTING,
    State.ASSIGNED: K.SIGN_FOR,
    State.IN_HANDLING: K.REPLY,
    State.REPLY_SIGNOFF: K.REPLY_APPROVAL,
    State.REPLIED: K.EVALUATION,
    State.DISSATISFIED: K.DISSATISFACTION_DECISION,
    State.REHANDLING: K.REHANDLING_REPLY,
    State.ESCALATED: K.ESCALATION_DECISION,
}
LAYER_DEADLINE = {s: STATE_DEADLINE[s] for s in REVIEW_LAYERS}
# Deadlines that span several states: the reply is due from routing (or from the order to
# re-handle) until it is issued, whatever the unit does in between.
CARRIED_THROUGH: dict[DeadlineKind, frozenset[State]] = {
    K.REPLY: frozenset({State.ASSIGNED, State.IN_HANDLING, State.REPLY_SIGNOFF}),
    K.REHANDLING_REPLY: frozenset({State.REHANDLING, State.REPLY_SIGNOFF}),
}
