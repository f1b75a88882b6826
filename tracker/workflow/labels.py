"""The English label (a gettext msgid, marked with N_) of every state, action, role and owner.

Pure Python: the web layer translates. One table per enum class, looked up by type, because the
members are strings and Owner.DEPUTY == Role.DEPUTY. Each label also has a gettext context naming its
kind (`msgctxt`), as the same English text can mean two things (the role vs the owner "Deputy").
"""

from __future__ import annotations

import enum

from tracker.workflow.deadlines import DEADLINE_SPEC, DeadlineKind
from tracker.workflow.enums import Action, Owner, Role, State
from tracker.workflow.i18n import N_
from tracker.workflow.liaison import (
    OPINION_ACTION_LABELS,
    OPINION_SOURCE_LABELS,
    OUTCOME_LABELS,
    TOLD_HOW_LABELS,
    OpinionAction,
    OpinionSource,
    Outcome,
    ToldHow,
)

S, A, R = State, Action, Role

# fmt: off
STATE_LABELS: dict[State, str] = {
    S.DRAFT: N_("Draft"),
    S.GROUP_REVIEW: N_("Group review"),
    S.COMMITTEE_REVIEW: N_("Committee review"),
    S.OFFICE_REVIEW: N_("Office pre-review"),
    S.RETURNED: N_("Returned for revision"),
    S.PRE_APPROVED: N_("Pre-approved"),
    S.SUBMITTED: N_("Submitted"),
    S.REGISTERED: N_("Registered"),
    S.ASSIGNED: N_("Assigned"),
    S.IN_HANDLING: N_("In handling"),
    S.REPLY_SIGNOFF: N_("Reply awaiting approval"),
    S.REPLIED: N_("Replied"),
    S.DISSATISFIED: N_("Dissatisfied"),
    S.REHANDLING: N_("Re-handling"),
    S.ESCALATED: N_("Escalated"),
    S.CLOSED: N_("Closed"),
    S.WITHDRAWN: N_("Withdrawn"),
    S.MERGED: N_("Merged"),
    S.NOT_REGISTERED: N_("Not registered"),
    S.CONVERTED: N_("Converted to a letter"),
}

ACTION_LABELS: dict[Action, str] = {
    A.INVITE_COSIGNER: N_("Invite co-signer"),
    A.CONFIRM_COSIGN: N_("Confirm co-signing"),
    A.DECLINE_COSIGN: N_("Decline co-signing"),
    A.SUBMIT_FOR_REVIEW: N_("Send for pre-review"),
    A.PASS_REVIEW: N_("Pass on"),
    A.RETURN_FOR_REVISION: N_("Return for revision"),
    A.ADVISE_WITHDRAWAL: N_("Advise withdrawal"),
    A.PRE_APPROVE: N_("Pre-approve"),
    A.MERGE: N_("Merge"),
    A.CONVERT: N_("Convert to a letter"),
    A.RESUBMIT: N_("Resubmit revised"),
    A.SUBMIT_AS_IS: N_("Submit as is"),
    A.SUBMIT_FORMALLY: N_("Submit formally"),
    A.REQUEST_WITHDRAWAL: N_("Propose withdrawal"),
    A.AGREE_WITHDRAWAL: N_("Agree to withdraw"),
    A.WITHDRAW: N_("Withdraw"),
    A.REGISTER: N_("Register"),
    A.DECLINE_REGISTRATION: N_("Decline registration"),
    A.ROUTE: N_("Route to units"),
    A.SIGN_FOR: N_("Sign for"),
    A.REQUEST_REASSIGNMENT: N_("Ask for reassignment"),
    A.APPROVE_REASSIGNMENT: N_("Approve reassignment"),
    A.REFUSE_REASSIGNMENT: N_("Refuse reassignment"),
    A.LOG_CONTACT: N_("Log a contact"),
    A.SEND_CO_OPINION: N_("Send co-unit opinion"),
    A.REQUEST_EXTENSION: N_("Ask for extension"),
    A.APPROVE_EXTENSION: N_("Approve extension"),
    A.REFUSE_EXTENSION: N_("Refuse extension"),
    A.SUBMIT_REPLY: N_("Submit reply draft"),
    A.RETURN_REPLY: N_("Return reply draft"),
    A.ISSUE_REPLY: N_("Approve and issue reply"),
    A.EVALUATE: N_("Evaluate reply"),
    A.CLOSE_NO_FEEDBACK: N_("Close without feedback"),
    A.ORDER_REHANDLING: N_("Order re-handling"),
    A.CONCLUDE: N_("Conclude and close"),
    A.MARK_KEY: N_("Mark for key supervision"),
    A.REPORT_PROGRESS: N_("Report progress"),
    A.REPORT_PROMISE_KEPT: N_("Report promise kept"),
    A.REPORT_PROMISE_NOT_KEPT: N_("Report promise not kept"),
    A.ACCEPT_PROMISE_REPORT: N_("Accept the reasons"),
    A.SEND_BACK_PROMISE_REPORT: N_("Send the report back"),
}

ROLE_LABELS: dict[Role, str] = {
    R.DEPUTY: N_("Deputy"),
    R.GROUP_LEADER: N_("Group leader"),
    R.COMMITTEE_STAFF: N_("Committee staff"),
    R.OFFICE_STAFF: N_("Deputies' affairs office"),
    R.UNIT_HANDLER: N_("Unit handler"),
    R.UNIT_LEADER: N_("Unit leader"),
    R.SUPERVISOR: N_("Supervisor"),
    R.ADMIN: N_("Administrator"),
}

OWNER_LABELS: dict[Owner, str] = {
    Owner.DEPUTY: N_("Deputy"),
    Owner.COSIGNER: N_("Co-signer"),
    Owner.REVIEWER: N_("Reviewer"),
    Owner.OFFICE: N_("Office"),
    Owner.UNIT: N_("Handling unit"),
    Owner.UNIT_LEADER: N_("Unit leader"),
    Owner.SUPERVISOR: N_("Supervisors"),
}
# fmt: on

# The gettext context of each kind of label (the .po entries carry it).
CONTEXTS: dict[type, str] = {State: "state", Action: "action", Role: "role", Owner: "owner",
                             DeadlineKind: "deadline_kind", Outcome: "outcome",
                             OpinionAction: "opinion_action", ToldHow: "told_how",
                             OpinionSource: "opinion_source"}
_TABLES: dict[type, dict] = {State: STATE_LABELS, Action: ACTION_LABELS, Role: ROLE_LABELS,
                             Owner: OWNER_LABELS,
                             DeadlineKind: {k: s.label for k, s in DEADLINE_SPEC.items()},
                             Outcome: OUTCOME_LABELS, OpinionAction: OPINION_ACTION_LABELS,
                             ToldHow: TOLD_HOW_LABELS, OpinionSource: OPINION_SOURCE_LABELS}


def msgctxt(member: enum.Enum) -> str | None:
    """The gettext context of a member's label, or None for a member without a label."""
    return CONTEXTS.get(type(member))


def msgid(member: enum.Enum) -> str:
    """The English msgid of any labelled member (its value when it has no label)."""
    return _TABLES.get(type(member), {}).get(member, str(member.value))


def label(member: enum.Enum) -> str:
    """The English label (msgid) of a state, action, role, owner or deadline kind; the web translates it."""
    return msgid(member)
