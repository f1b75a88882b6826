"""The names of the suggestion's workflow: states, roles, actions, ownership rules, guards, subjects."""

from __future__ import annotations

import enum


class State(enum.StrEnum):
    DRAFT = "draft"
    GROUP_REVIEW = "group_review"
    COMMITTEE_REVIEW = "committee_review"
    OFFICE_REVIEW = "office_review"
    RETURNED = "returned"
    PRE_APPROVED = "pre_approved"
    SUBMITTED = "submitted"
    REGISTERED = "registered"
    ASSIGNED = "assigned"
    IN_HANDLING = "in_handling"
    REPLY_SIGNOFF = "reply_signoff"
    REPLIED = "replied"
    DISSATISFIED = "dissatisfied"
    REHANDLING = "rehandling"
    ESCALATED = "escalated"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    MERGED = "merged"
    NOT_REGISTERED = "not_registered"
    CONVERTED = "converted"


INITIAL = State.DRAFT
FINAL = frozenset(
    {State.CLOSED, State.WITHDRAWN, State.MERGED, State.NOT_REGISTERED, State.CONVERTED}
)
# The pre-review layers in order; a draft sent to any of them freezes a version.
REVIEW_LAYERS = (State.GROUP_REVIEW, State.COMMITTEE_REVIEW, State.OFFICE_REVIEW)
# Before assignment a deputy may still withdraw (DOMAIN §3).
BEFORE_ASSIGNMENT = (
    State.DRAFT, *REVIEW_LAYERS, State.RETURNED, State.PRE_APPROVED, State.SUBMITTED,
    State.REGISTERED,
)
# States in which units work on a routed item.
ROUTED = (State.ASSIGNED, State.IN_HANDLING, State.REPLY_SIGNOFF, State.REHANDLING)
OPEN_AFTER_REGISTRATION = (
    State.REGISTERED, *ROUTED, State.REPLIED, State.DISSATISFIED, State.ESCALATED,
)
# The states in which the deputy edits the text.
DRAFTING = (State.DRAFT, State.RETURNED)


class Role(enum.StrEnum):
    DEPUTY = "deputy"
    GROUP_LEADER = "group_leader"
    COMMITTEE_STAFF = "committee_staff"
    OFFICE_STAFF = "office_staff"
    UNIT_HANDLER = "unit_handler"
    UNIT_LEADER = "unit_leader"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Own(enum.StrEnum):
    """Ownership rules: whose item the actor must be acting on, beyond holding the role."""

    ANY = "any"
    OWN_ITEM = "own_item"          # the lead deputy (领衔代表) of the item
    COSIGNER = "cosigner"          # an invited co-signer of the item
    OWN_GROUP = "own_group"        # leader of the lead deputy's group
    OWN_CATEGORY = "own_category"  # staff of the committee that owns the item's category
    OWN_UNIT = "own_unit"          # staff of a unit with a live assignment on the item
    LEAD_UNIT = "lead_unit"        # staff of the live lead unit
    CO_UNIT = "co_unit"            # staff of a live co-handling unit


class Owner(enum.StrEnum):
    """Who owes the next step while a deadline is open; escalation follows this (DOMAIN §8)."""

    DEPUTY = "deputy"
    COSIGNER = "cosigner"
    REVIEWER = "reviewer"
    OFFICE = "office"
    UNIT = "unit"
    UNIT_LEADER = "unit_leader"
    SUPERVISOR = "supervisor"


class Channel(enum.StrEnum):
    SESSION = "session"
    BETWEEN = "between"


class Action(enum.StrEnum):
    INVITE_COSIGNER = "invite_cosigner"
    CONFIRM_COSIGN = "confirm_cosign"
    DECLINE_COSIGN = "decline_cosign"
    SUBMIT_FOR_REVIEW = "submit_for_review"
    PASS_REVIEW = "pass_review"
    RETURN_FOR_REVISION = "return_for_revision"
    ADVISE_WITHDRAWAL = "advise_withdrawal"
    PRE_APPROVE = "pre_approve"
    MERGE = "merge"
    CONVERT = "convert"
    RESUBMIT = "resubmit"
    SUBMIT_AS_IS = "submit_as_is"
    SUBMIT_FORMALLY = "submit_formally"
    REQUEST_WITHDRAWAL = "request_withdrawal"
    AGREE_WITHDRAWAL = "agree_withdrawal"
    WITHDRAW = "withdraw"
    REGISTER = "register"
    DECLINE_REGISTRATION = "decline_registration"
    ROUTE = "route"
    SIGN_FOR = "sign_for"
    REQUEST_REASSIGNMENT = "request_reassignment"
    APPROVE_REASSIGNMENT = "approve_reassignment"
    REFUSE_REASSIGNMENT = "refuse_reassignment"
    LOG_CONTACT = "log_contact"
    SEND_CO_OPINION = "send_co_opinion"
    REQUEST_EXTENSION = "request_extension"
    APPROVE_EXTENSION = "approve_extension"
    REFUSE_EXTENSION = "refuse_extension"
    SUBMIT_REPLY = "submit_reply"
    RETURN_REPLY = "return_reply"
    ISSUE_REPLY = "issue_reply"
    EVALUATE = "evaluate"
    CLOSE_NO_FEEDBACK = "close_no_feedback"
    ORDER_REHANDLING = "order_rehandling"
    CONCLUDE = "conclude"
    MARK_KEY = "mark_key"
    REPORT_PROGRESS = "report_progress"
    REPORT_PROMISE_KEPT = "report_promise_kept"
    REPORT_PROMISE_NOT_KEPT = "report_promise_not_kept"
    ACCEPT_PROMISE_REPORT = "accept_promise_report"
    SEND_BACK_PROMISE_REPORT = "send_back_promise_report"


# A deputy's steps out of a draft rather than into it: still open to a deputy whose term has
# ended (换届), who may no longer draft or co-sign (tracker.domain.people.terms).
LETTING_GO = frozenset({Action.DECLINE_COSIGN, Action.REQUEST_WITHDRAWAL, Action.AGREE_WITHDRAWAL,
                        Action.WITHDRAW})


class Reason(enum.StrEnum):
    """Whether a row asks for a written reason: a confirmation shows a reason box only if it does."""

    REQUIRED = "required"
    OPTIONAL = "optional"  # a decision the actor may want to explain
    NONE = "none"          # the action's inputs say it all (a submission, a confirmation, a report)


class Subject(enum.StrEnum):
    """What a row acts on: the item itself, or a part that has its own small state."""

    ITEM = "item"
    COSIGNER = "cosigner"
    ASSIGNMENT = "assignment"
    REQUEST = "request"
    CONTACT = "contact"
    SUPERVISION = "supervision"
    PROMISE = "promise"


class Guard(enum.StrEnum):
    """Named conditions; the domain layer implements each (tracker.domain.core.guards)."""

    SESSION_CHANNEL = "session_channel"
    BETWEEN_CHANNEL = "between_channel"
    COSIGNERS_ANSWERED = "cosigners_answered"
    INVITATION_PENDING = "invitation_pending"
    RETURNED_FROM_GROUP = "returned_from_group"
    RETURNED_FROM_COMMITTEE = "returned_from_committee"
    RETURNED_FROM_OFFICE = "returned_from_office"
    SESSION_SITTING = "session_sitting"
    IS_JOINT = "is_joint"
    WITHDRAWAL_REQUESTED = "withdrawal_requested"
    NO_WITHDRAWAL_PENDING = "no_withdrawal_pending"
    WITHDRAWAL_AGREED = "withdrawal_agreed"
    AWAITING_RECEIPT = "awaiting_receipt"
    ASSIGNMENT_RECEIVED = "assignment_received"
    IN_REASSIGNMENT_WINDOW = "in_reassignment_window"
    REASSIGNMENT_PENDING = "reassignment_pending"
    REASSIGNMENT_BY_LEAD = "reassignment_by_lead"
    REASSIGNMENT_BY_CO = "reassignment_by_co"
    EXTENSION_PENDING = "extension_pending"
    NO_PENDING_EXTENSION = "no_pending_extension"
    CONTACT_LOGGED = "contact_logged"
    CO_OPINIONS_IN = "co_opinions_in"
    FIRST_ROUND = "first_round"
    LATER_ROUND = "later_round"
    RESULT_SATISFIED = "result_satisfied"
    FIRST_DISSATISFACTION = "first_dissatisfaction"
    REPEATED_DISSATISFACTION = "repeated_dissatisfaction"
    EVALUATION_OVERDUE = "evaluation_overdue"
    IS_KEY = "is_key"
    NOT_KEY = "not_key"
    PROGRESS_REPORT_DUE = "progress_report_due"
    PROMISE_OPEN = "promise_open"
    PROMISE_REPORTED_NOT_KEPT = "promise_reported_not_kept"
