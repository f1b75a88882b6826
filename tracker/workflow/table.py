"""The suggestion's workflow table: one literal row per (action, source), the action first.

A grep for an action lands on every row it has. Columns: action, source, target, roles, ownership
rule, then by name: subject (what the row acts on, when not the item), guards (named conditions that
tell rows sharing a source and action apart), reason (required / optional / none), independent (the
row appends a record and keeps the state: no page-version check, no version bump), fields and
optional_fields (the inputs), opens and closes (deadlines). The rows are checked at import
(tracker.workflow.checks) and drawn into docs/WORKFLOW.md (tracker.workflow.render).
"""

from __future__ import annotations

from collections import defaultdict, deque

from tracker.workflow.deadlines import DeadlineKind as K
from tracker.workflow.enums import Action as A
from tracker.workflow.enums import Guard as G
from tracker.workflow.enums import Own, Reason, Subject
from tracker.workflow.enums import Role as R
from tracker.workflow.enums import State as S
from tracker.workflow.fields import Field as F
from tracker.workflow.transition import Transition

REQUIRED, OPTIONAL, NONE = Reason.REQUIRED, Reason.OPTIONAL, Reason.NONE
UNIT_STAFF = (R.UNIT_HANDLER, R.UNIT_LEADER)

# fmt: off
TRANSITIONS: tuple[Transition, ...] = (
    # Joint suggestions: invitations and answers keep the draft where it is.
    Transition(A.INVITE_COSIGNER, S.DRAFT, S.DRAFT, R.DEPUTY, Own.OWN_ITEM, subject=Subject.COSIGNER, reason=NONE, fields=(F.COSIGNER,), opens=(K.COSIGNER_ANSWER,)),
    Transition(A.INVITE_COSIGNER, S.RETURNED, S.RETURNED, R.DEPUTY, Own.OWN_ITEM, subject=Subject.COSIGNER, reason=NONE, fields=(F.COSIGNER,), opens=(K.COSIGNER_ANSWER,)),
    Transition(A.CONFIRM_COSIGN, S.DRAFT, S.DRAFT, R.DEPUTY, Own.COSIGNER, subject=Subject.COSIGNER, guards=(G.INVITATION_PENDING,), reason=NONE, closes=(K.COSIGNER_ANSWER,)),
    Transition(A.CONFIRM_COSIGN, S.RETURNED, S.RETURNED, R.DEPUTY, Own.COSIGNER, subject=Subject.COSIGNER, guards=(G.INVITATION_PENDING,), reason=NONE, closes=(K.COSIGNER_ANSWER,)),
    Transition(A.DECLINE_COSIGN, S.DRAFT, S.DRAFT, R.DEPUTY, Own.COSIGNER, subject=Subject.COSIGNER, guards=(G.INVITATION_PENDING,), reason=OPTIONAL, closes=(K.COSIGNER_ANSWER,)),
    Transition(A.DECLINE_COSIGN, S.RETURNED, S.RETURNED, R.DEPUTY, Own.COSIGNER, subject=Subject.COSIGNER, guards=(G.INVITATION_PENDING,), reason=OPTIONAL, closes=(K.COSIGNER_ANSWER,)),
    # Sending the draft into pre-review: the channel decides the first layer.
    Transition(A.SUBMIT_FOR_REVIEW, S.DRAFT, S.GROUP_REVIEW, R.DEPUTY, Own.OWN_ITEM, guards=(G.SESSION_CHANNEL, G.COSIGNERS_ANSWERED), reason=NONE, opens=(K.GROUP_REVIEW,), closes=(K.PRE_SUBMISSION,)),
    Transition(A.SUBMIT_FOR_REVIEW, S.DRAFT, S.OFFICE_REVIEW, R.DEPUTY, Own.OWN_ITEM, guards=(G.BETWEEN_CHANNEL, G.COSIGNERS_ANSWERED), reason=NONE, opens=(K.OFFICE_REVIEW,)),
    # Each layer passes on, returns, or advises withdrawal (a return with that advice).
    Transition(A.PASS_REVIEW, S.GROUP_REVIEW, S.COMMITTEE_REVIEW, R.GROUP_LEADER, Own.OWN_GROUP, reason=OPTIONAL, optional_fields=(F.SUMMARY,), opens=(K.COMMITTEE_REVIEW,), closes=(K.GROUP_REVIEW,)),
    Transition(A.RETURN_FOR_REVISION, S.GROUP_REVIEW, S.RETURNED, R.GROUP_LEADER, Own.OWN_GROUP, reason=REQUIRED, opens=(K.REVISION,), closes=(K.GROUP_REVIEW,)),
    Transition(A.ADVISE_WITHDRAWAL, S.GROUP_REVIEW, S.RETURNED, R.GROUP_LEADER, Own.OWN_GROUP, reason=REQUIRED, opens=(K.REVISION,), closes=(K.GROUP_REVIEW,)),
    Transition(A.PASS_REVIEW, S.COMMITTEE_REVIEW, S.OFFICE_REVIEW, R.COMMITTEE_STAFF, Own.OWN_CATEGORY, reason=OPTIONAL, optional_fields=(F.SUMMARY,), opens=(K.OFFICE_REVIEW,), closes=(K.COMMITTEE_REVIEW,)),
    Transition(A.RETURN_FOR_REVISION, S.COMMITTEE_REVIEW, S.RETURNED, R.COMMITTEE_STAFF, Own.OWN_CATEGORY, reason=REQUIRED, opens=(K.REVISION,), closes=(K.COMMITTEE_REVIEW,)),
    Transition(A.ADVISE_WITHDRAWAL, S.COMMITTEE_REVIEW, S.RETURNED, R.COMMITTEE_STAFF, Own.OWN_CATEGORY, reason=REQUIRED, opens=(K.REVISION,), closes=(K.COMMITTEE_REVIEW,)),
    Transition(A.RETURN_FOR_REVISION, S.OFFICE_REVIEW, S.RETURNED, R.OFFICE_STAFF, Own.ANY, reason=REQUIRED, opens=(K.REVISION,), closes=(K.OFFICE_REVIEW,)),
    Transition(A.ADVISE_WITHDRAWAL, S.OFFICE_REVIEW, S.RETURNED, R.OFFICE_STAFF, Own.ANY, reason=REQUIRED, opens=(K.REVISION,), closes=(K.OFFICE_REVIEW,)),
    Transition(A.PRE_APPROVE, S.OFFICE_REVIEW, S.PRE_APPROVED, R.OFFICE_STAFF, Own.ANY, guards=(G.SESSION_CHANNEL,), reason=OPTIONAL, fields=(F.CHECKLIST,), opens=(K.FORMAL_SUBMISSION,), closes=(K.OFFICE_REVIEW,)),
    Transition(A.PRE_APPROVE, S.OFFICE_REVIEW, S.SUBMITTED, R.OFFICE_STAFF, Own.ANY, guards=(G.BETWEEN_CHANNEL,), reason=OPTIONAL, fields=(F.CHECKLIST,), opens=(K.REGISTRATION,), closes=(K.OFFICE_REVIEW,)),
    # Merging, and converting (the talk with the deputy on record: when, how, what; the reason is the
    # written notice the deputy receives, DOMAIN §3).
    Transition(A.MERGE, S.OFFICE_REVIEW, S.MERGED, R.OFFICE_STAFF, Own.ANY, reason=REQUIRED, fields=(F.MAIN_ITEM,), closes=(K.OFFICE_REVIEW,)),
    Transition(A.CONVERT, S.OFFICE_REVIEW, S.CONVERTED, R.OFFICE_STAFF, Own.ANY, reason=REQUIRED, fields=(F.CONTACT_DATE, F.CONTACT_WAY, F.TALK_RECORD), optional_fields=(F.CONVERT_TO,), closes=(K.OFFICE_REVIEW,)),
    # After a return: revise and go back to the layer that returned it, or insist.
    Transition(A.RESUBMIT, S.RETURNED, S.GROUP_REVIEW, R.DEPUTY, Own.OWN_ITEM, guards=(G.RETURNED_FROM_GROUP, G.COSIGNERS_ANSWERED), reason=NONE, opens=(K.GROUP_REVIEW,), closes=(K.REVISION,)),
    Transition(A.RESUBMIT, S.RETURNED, S.COMMITTEE_REVIEW, R.DEPUTY, Own.OWN_ITEM, guards=(G.RETURNED_FROM_COMMITTEE, G.COSIGNERS_ANSWERED), reason=NONE, opens=(K.COMMITTEE_REVIEW,), closes=(K.REVISION,)),
    Transition(A.RESUBMIT, S.RETURNED, S.OFFICE_REVIEW, R.DEPUTY, Own.OWN_ITEM, guards=(G.RETURNED_FROM_OFFICE, G.COSIGNERS_ANSWERED), reason=NONE, opens=(K.OFFICE_REVIEW,), closes=(K.REVISION,)),
    Transition(A.SUBMIT_AS_IS, S.RETURNED, S.PRE_APPROVED, R.DEPUTY, Own.OWN_ITEM, guards=(G.SESSION_CHANNEL, G.COSIGNERS_ANSWERED), reason=OPTIONAL, opens=(K.FORMAL_SUBMISSION,), closes=(K.REVISION,)),
    Transition(A.SUBMIT_AS_IS, S.RETURNED, S.SUBMITTED, R.DEPUTY, Own.OWN_ITEM, guards=(G.BETWEEN_CHANNEL, G.COSIGNERS_ANSWERED), reason=OPTIONAL, opens=(K.REGISTRATION,), closes=(K.REVISION,)),
    Transition(A.SUBMIT_FORMALLY, S.PRE_APPROVED, S.SUBMITTED, R.DEPUTY, Own.OWN_ITEM, guards=(G.SESSION_SITTING,), reason=NONE, opens=(K.REGISTRATION,), closes=(K.FORMAL_SUBMISSION,)),
    # Withdrawal before assignment; a joint item needs every co-signer's consent.
    Transition(A.REQUEST_WITHDRAWAL, S.DRAFT, S.DRAFT, R.DEPUTY, Own.OWN_ITEM, subject=Subject.COSIGNER, guards=(G.IS_JOINT, G.NO_WITHDRAWAL_PENDING), reason=REQUIRED, opens=(K.WITHDRAWAL_CONSENT,)),
    Transition(A.REQUEST_WITHDRAWAL, S.GROUP_REVIEW, S.GROUP_REVIEW, R.DEPUTY, Own.OWN_ITEM, subject=Subject.COSIGNER, guards=(G.IS_JOINT, G.NO_WITHDRAWAL_PENDING), reason=REQUIRED, opens=(K.WITHDRAWAL_CONSENT,)),
    Transition(A.REQUEST_WITHDRAWAL, S.COMMITTEE_REVIEW, S.COMMITTEE_REVIEW, R.DEPUTY, Own.OWN_ITEM, subject=Subject.COSIGNER, guards=(G.IS_JOINT, G.NO_WITHDRAWAL_PENDING), reason=REQUIRED, opens=(K.WITHDRAWAL_CONSENT,)),
    Transition(A.REQUEST_WITHDRAWAL, S.OFFICE_REVIEW, S.OFFICE_REVIEW, R.DEPUTY, Own.OWN_ITEM, subject=Subject.COSIGNER, guards=(G.IS_JOINT, G.NO_WITHDRAWAL_PENDING), reason=REQUIRED, opens=(K.WITHDRAWAL_CONSENT,)),
    Transition(A.REQUEST_WITHDRAWAL, S.RETURNED, S.RETURNED, R.DEPUTY, Own.OWN_ITEM, subject=Subject.COSIGNER, guards=(G.IS_JOINT, G.NO_WITHDRAWAL_PENDING), reason=REQUIRED, opens=(K.WITHDRAWAL_CONSENT,)),
    Transition(A.REQUEST_WITHDRAWAL, S.PRE_APPROVED, S.PRE_APPROVED, R.DEPUTY, Own.OWN_ITEM, subject=Subject.COSIGNER, guards=(G.IS_JOINT, G.NO_WITHDRAWAL_PENDING), reason=REQUIRED, opens=(K.WITHDRAWAL_CONSENT,)),
    Transition(A.REQUEST_WITHDRAWAL, S.SUBMITTED, S.SUBMITTED, R.DEPUTY, Own.OWN_ITEM, subject=Subject.COSIGNER, guards=(G.IS_JOINT, G.NO_WITHDRAWAL_PENDING), reason=REQUIRED, opens=(K.WITHDRAWAL_CONSENT,)),
    Transition(A.REQUEST_WITHDRAWAL, S.REGISTERED, S.REGISTERED, R.DEPUTY, Own.OWN_ITEM, subject=Subject.COSIGNER, guards=(G.IS_JOINT, G.NO_WITHDRAWAL_PENDING), reason=REQUIRED, opens=(K.WITHDRAWAL_CONSENT,)),
    Transition(A.AGREE_WITHDRAWAL, S.DRAFT, S.DRAFT, R.DEPUTY, Own.COSIGNER, subject=Subject.COSIGNER, guards=(G.WITHDRAWAL_REQUESTED,), reason=NONE, closes=(K.WITHDRAWAL_CONSENT,)),
    Transition(A.AGREE_WITHDRAWAL, S.GROUP_REVIEW, S.GROUP_REVIEW, R.DEPUTY, Own.COSIGNER, subject=Subject.COSIGNER, guards=(G.WITHDRAWAL_REQUESTED,), reason=NONE, closes=(K.WITHDRAWAL_CONSENT,)),
    Transition(A.AGREE_WITHDRAWAL, S.COMMITTEE_REVIEW, S.COMMITTEE_REVIEW, R.DEPUTY, Own.COSIGNER, subject=Subject.COSIGNER, guards=(G.WITHDRAWAL_REQUESTED,), reason=NONE, closes=(K.WITHDRAWAL_CONSENT,)),
    Transition(A.AGREE_WITHDRAWAL, S.OFFICE_REVIEW, S.OFFICE_REVIEW, R.DEPUTY, Own.COSIGNER, subject=Subject.COSIGNER, guards=(G.WITHDRAWAL_REQUESTED,), reason=NONE, closes=(K.WITHDRAWAL_CONSENT,)),
    Transition(A.AGREE_WITHDRAWAL, S.RETURNED, S.RETURNED, R.DEPUTY, Own.COSIGNER, subject=Subject.COSIGNER, guards=(G.WITHDRAWAL_REQUESTED,), reason=NONE, closes=(K.WITHDRAWAL_CONSENT,)),
    Transition(A.AGREE_WITHDRAWAL, S.PRE_APPROVED, S.PRE_APPROVED, R.DEPUTY, Own.COSIGNER, subject=Subject.COSIGNER, guards=(G.WITHDRAWAL_REQUESTED,), reason=NONE, closes=(K.WITHDRAWAL_CONSENT,)),
    Transition(A.AGREE_WITHDRAWAL, S.SUBMITTED, S.SUBMITTED, R.DEPUTY, Own.COSIGNER, subject=Subject.COSIGNER, guards=(G.WITHDRAWAL_REQUESTED,), reason=NONE, closes=(K.WITHDRAWAL_CONSENT,)),
    Transition(A.AGREE_WITHDRAWAL, S.REGISTERED, S.REGISTERED, R.DEPUTY, Own.COSIGNER, subject=Subject.COSIGNER, guards=(G.WITHDRAWAL_REQUESTED,), reason=NONE, closes=(K.WITHDRAWAL_CONSENT,)),
    Transition(A.WITHDRAW, S.DRAFT, S.WITHDRAWN, R.DEPUTY, Own.OWN_ITEM, guards=(G.WITHDRAWAL_AGREED,), reason=REQUIRED),
    Transition(A.WITHDRAW, S.GROUP_REVIEW, S.WITHDRAWN, R.DEPUTY, Own.OWN_ITEM, guards=(G.WITHDRAWAL_AGREED,), reason=REQUIRED),
    Transition(A.WITHDRAW, S.COMMITTEE_REVIEW, S.WITHDRAWN, R.DEPUTY, Own.OWN_ITEM, guards=(G.WITHDRAWAL_AGREED,), reason=REQUIRED),
    Transition(A.WITHDRAW, S.OFFICE_REVIEW, S.WITHDRAWN, R.DEPUTY, Own.OWN_ITEM, guards=(G.WITHDRAWAL_AGREED,), reason=REQUIRED),
    Transition(A.WITHDRAW, S.RETURNED, S.WITHDRAWN, R.DEPUTY, Own.OWN_ITEM, guards=(G.WITHDRAWAL_AGREED,), reason=REQUIRED),
    Transition(A.WITHDRAW, S.PRE_APPROVED, S.WITHDRAWN, R.DEPUTY, Own.OWN_ITEM, guards=(G.WITHDRAWAL_AGREED,), reason=REQUIRED),
    Transition(A.WITHDRAW, S.SUBMITTED, S.WITHDRAWN, R.DEPUTY, Own.OWN_ITEM, guards=(G.WITHDRAWAL_AGREED,), reason=REQUIRED),
    Transition(A.WITHDRAW, S.REGISTERED, S.WITHDRAWN, R.DEPUTY, Own.OWN_ITEM, guards=(G.WITHDRAWAL_AGREED,), reason=REQUIRED),
    # Registration and routing by the office.
    Transition(A.REGISTER, S.SUBMITTED, S.REGISTERED, R.OFFICE_STAFF, Own.ANY, reason=OPTIONAL, fields=(F.CATEGORY,), opens=(K.ROUTING,), closes=(K.REGISTRATION,)),
    Transition(A.DECLINE_REGISTRATION, S.SUBMITTED, S.NOT_REGISTERED, R.OFFICE_STAFF, Own.ANY, reason=REQUIRED, closes=(K.REGISTRATION,)),
    Transition(A.ROUTE, S.REGISTERED, S.ASSIGNED, R.OFFICE_STAFF, Own.ANY, reason=OPTIONAL, fields=(F.LEAD_UNIT,), optional_fields=(F.CO_UNITS,), opens=(K.SIGN_FOR, K.REASSIGNMENT_WINDOW, K.CO_OPINION, K.REPLY), closes=(K.ROUTING,)),
    # Units: sign for, ask for reassignment (the office decides), contacts, co-unit opinions.
    Transition(A.SIGN_FOR, S.ASSIGNED, S.IN_HANDLING, UNIT_STAFF, Own.LEAD_UNIT, subject=Subject.ASSIGNMENT, guards=(G.AWAITING_RECEIPT,), reason=NONE, closes=(K.SIGN_FOR,)),
    Transition(A.SIGN_FOR, S.ASSIGNED, S.ASSIGNED, UNIT_STAFF, Own.CO_UNIT, subject=Subject.ASSIGNMENT, guards=(G.AWAITING_RECEIPT,), reason=NONE, closes=(K.SIGN_FOR,)),
    Transition(A.SIGN_FOR, S.IN_HANDLING, S.IN_HANDLING, UNIT_STAFF, Own.CO_UNIT, subject=Subject.ASSIGNMENT, guards=(G.AWAITING_RECEIPT,), reason=NONE, closes=(K.SIGN_FOR,)),
    Transition(A.SIGN_FOR, S.REPLY_SIGNOFF, S.REPLY_SIGNOFF, UNIT_STAFF, Own.CO_UNIT, subject=Subject.ASSIGNMENT, guards=(G.AWAITING_RECEIPT,), reason=NONE, closes=(K.SIGN_FOR,)),
    Transition(A.SIGN_FOR, S.REHANDLING, S.REHANDLING, UNIT_STAFF, Own.CO_UNIT, subject=Subject.ASSIGNMENT, guards=(G.AWAITING_RECEIPT,), reason=NONE, closes=(K.SIGN_FOR,)),
    Transition(A.REQUEST_REASSIGNMENT, S.ASSIGNED, S.ASSIGNED, R.UNIT_LEADER, Own.OWN_UNIT, subject=Subject.REQUEST, guards=(G.IN_REASSIGNMENT_WINDOW,), reason=REQUIRED, opens=(K.REASSIGNMENT_DECISION,)),
    Transition(A.REQUEST_REASSIGNMENT, S.IN_HANDLING, S.IN_HANDLING, R.UNIT_LEADER, Own.OWN_UNIT, subject=Subject.REQUEST, guards=(G.IN_REASSIGNMENT_WINDOW,), reason=REQUIRED, opens=(K.REASSIGNMENT_DECISION,)),
    Transition(A.APPROVE_REASSIGNMENT, S.ASSIGNED, S.ASSIGNED, R.OFFICE_STAFF, Own.ANY, subject=Subject.REQUEST, guards=(G.REASSIGNMENT_PENDING, G.REASSIGNMENT_BY_LEAD), reason=OPTIONAL, fields=(F.LEAD_UNIT,), optional_fields=(F.CO_UNITS,), opens=(K.SIGN_FOR, K.REASSIGNMENT_WINDOW, K.CO_OPINION, K.REPLY), closes=(K.REASSIGNMENT_DECISION, K.SIGN_FOR, K.REPLY, K.REASSIGNMENT_WINDOW, K.CO_OPINION)),
    Transition(A.APPROVE_REASSIGNMENT, S.IN_HANDLING, S.ASSIGNED, R.OFFICE_STAFF, Own.ANY, subject=Subject.REQUEST, guards=(G.REASSIGNMENT_PENDING, G.REASSIGNMENT_BY_LEAD), reason=OPTIONAL, fields=(F.LEAD_UNIT,), optional_fields=(F.CO_UNITS,), opens=(K.SIGN_FOR, K.REASSIGNMENT_WINDOW, K.CO_OPINION, K.REPLY), closes=(K.REASSIGNMENT_DECISION, K.SIGN_FOR, K.REPLY, K.REASSIGNMENT_WINDOW, K.CO_OPINION)),
    Transition(A.APPROVE_REASSIGNMENT, S.ASSIGNED, S.ASSIGNED, R.OFFICE_STAFF, Own.ANY, subject=Subject.REQUEST, guards=(G.REASSIGNMENT_PENDING, G.REASSIGNMENT_BY_CO), reason=OPTIONAL, optional_fields=(F.CO_UNITS,), opens=(K.SIGN_FOR, K.REASSIGNMENT_WINDOW, K.CO_OPINION), closes=(K.REASSIGNMENT_DECISION,)),
    Transition(A.APPROVE_REASSIGNMENT, S.IN_HANDLING, S.IN_HANDLING, R.OFFICE_STAFF, Own.ANY, subject=Subject.REQUEST, guards=(G.REASSIGNMENT_PENDING, G.REASSIGNMENT_BY_CO), reason=OPTIONAL, optional_fields=(F.CO_UNITS,), opens=(K.SIGN_FOR, K.REASSIGNMENT_WINDOW, K.CO_OPINION), closes=(K.REASSIGNMENT_DECISION,)),
    Transition(A.REFUSE_REASSIGNMENT, S.ASSIGNED, S.ASSIGNED, R.OFFICE_STAFF, Own.ANY, subject=Subject.REQUEST, guards=(G.REASSIGNMENT_PENDING,), reason=REQUIRED, closes=(K.REASSIGNMENT_DECISION,)),
    Transition(A.REFUSE_REASSIGNMENT, S.IN_HANDLING, S.IN_HANDLING, R.OFFICE_STAFF, Own.ANY, subject=Subject.REQUEST, guards=(G.REASSIGNMENT_PENDING,), reason=REQUIRED, closes=(K.REASSIGNMENT_DECISION,)),
    Transition(A.LOG_CONTACT, S.IN_HANDLING, S.IN_HANDLING, UNIT_STAFF, Own.LEAD_UNIT, subject=Subject.CONTACT, reason=NONE, independent=True, fields=(F.CONTACT_WAY, F.CONTACT_DATE, F.PEOPLE, F.SUMMARY)),
    Transition(A.LOG_CONTACT, S.REPLY_SIGNOFF, S.REPLY_SIGNOFF, UNIT_STAFF, Own.LEAD_UNIT, subject=Subject.CONTACT, reason=NONE, independent=True, fields=(F.CONTACT_WAY, F.CONTACT_DATE, F.PEOPLE, F.SUMMARY)),
    Transition(A.LOG_CONTACT, S.REHANDLING, S.REHANDLING, UNIT_STAFF, Own.LEAD_UNIT, subject=Subject.CONTACT, reason=NONE, independent=True, fields=(F.CONTACT_WAY, F.CONTACT_DATE, F.PEOPLE, F.SUMMARY)),
    Transition(A.SEND_CO_OPINION, S.ASSIGNED, S.ASSIGNED, UNIT_STAFF, Own.CO_UNIT, subject=Subject.ASSIGNMENT, guards=(G.ASSIGNMENT_RECEIVED,), reason=NONE, independent=True, fields=(F.OPINION,), closes=(K.CO_OPINION,)),
    Transition(A.SEND_CO_OPINION, S.IN_HANDLING, S.IN_HANDLING, UNIT_STAFF, Own.CO_UNIT, subject=Subject.ASSIGNMENT, guards=(G.ASSIGNMENT_RECEIVED,), reason=NONE, independent=True, fields=(F.OPINION,), closes=(K.CO_OPINION,)),
    Transition(A.SEND_CO_OPINION, S.REPLY_SIGNOFF, S.REPLY_SIGNOFF, UNIT_STAFF, Own.CO_UNIT, subject=Subject.ASSIGNMENT, guards=(G.ASSIGNMENT_RECEIVED,), reason=NONE, independent=True, fields=(F.OPINION,), closes=(K.CO_OPINION,)),
    Transition(A.SEND_CO_OPINION, S.REHANDLING, S.REHANDLING, UNIT_STAFF, Own.CO_UNIT, subject=Subject.ASSIGNMENT, guards=(G.ASSIGNMENT_RECEIVED,), reason=NONE, independent=True, fields=(F.OPINION,), closes=(K.CO_OPINION,)),
    # Extensions: asked by the unit's leader, decided by the office.
    Transition(A.REQUEST_EXTENSION, S.IN_HANDLING, S.IN_HANDLING, R.UNIT_LEADER, Own.LEAD_UNIT, subject=Subject.REQUEST, guards=(G.NO_PENDING_EXTENSION,), reason=REQUIRED, fields=(F.NEW_DUE_DATE,), opens=(K.EXTENSION_DECISION,)),
    Transition(A.REQUEST_EXTENSION, S.REHANDLING, S.REHANDLING, R.UNIT_LEADER, Own.LEAD_UNIT, subject=Subject.REQUEST, guards=(G.NO_PENDING_EXTENSION,), reason=REQUIRED, fields=(F.NEW_DUE_DATE,), opens=(K.EXTENSION_DECISION,)),
    Transition(A.APPROVE_EXTENSION, S.IN_HANDLING, S.IN_HANDLING, R.OFFICE_STAFF, Own.ANY, subject=Subject.REQUEST, guards=(G.EXTENSION_PENDING,), reason=OPTIONAL, closes=(K.EXTENSION_DECISION,)),
    Transition(A.APPROVE_EXTENSION, S.REPLY_SIGNOFF, S.REPLY_SIGNOFF, R.OFFICE_STAFF, Own.ANY, subject=Subject.REQUEST, guards=(G.EXTENSION_PENDING,), reason=OPTIONAL, closes=(K.EXTENSION_DECISION,)),
    Transition(A.APPROVE_EXTENSION, S.REHANDLING, S.REHANDLING, R.OFFICE_STAFF, Own.ANY, subject=Subject.REQUEST, guards=(G.EXTENSION_PENDING,), reason=OPTIONAL, closes=(K.EXTENSION_DECISION,)),
    Transition(A.REFUSE_EXTENSION, S.IN_HANDLING, S.IN_HANDLING, R.OFFICE_STAFF, Own.ANY, subject=Subject.REQUEST, guards=(G.EXTENSION_PENDING,), reason=REQUIRED, closes=(K.EXTENSION_DECISION,)),
    Transition(A.REFUSE_EXTENSION, S.REPLY_SIGNOFF, S.REPLY_SIGNOFF, R.OFFICE_STAFF, Own.ANY, subject=Subject.REQUEST, guards=(G.EXTENSION_PENDING,), reason=REQUIRED, closes=(K.EXTENSION_DECISION,)),
    Transition(A.REFUSE_EXTENSION, S.REHANDLING, S.REHANDLING, R.OFFICE_STAFF, Own.ANY, subject=Subject.REQUEST, guards=(G.EXTENSION_PENDING,), reason=REQUIRED, closes=(K.EXTENSION_DECISION,)),
    # The reply: drafted by the handler, approved for issue by the leader.
    Transition(A.SUBMIT_REPLY, S.IN_HANDLING, S.REPLY_SIGNOFF, UNIT_STAFF, Own.LEAD_UNIT, guards=(G.CONTACT_LOGGED, G.CO_OPINIONS_IN), reason=NONE, fields=(F.REPLY_CATEGORY, F.REPLY_TEXT), optional_fields=(F.PROMISED_DATE, F.PROMISE_TEXT), opens=(K.REPLY_APPROVAL,)),
    Transition(A.SUBMIT_REPLY, S.REHANDLING, S.REPLY_SIGNOFF, UNIT_STAFF, Own.LEAD_UNIT, reason=NONE, fields=(F.REPLY_CATEGORY, F.REPLY_TEXT), optional_fields=(F.PROMISED_DATE, F.PROMISE_TEXT), opens=(K.REPLY_APPROVAL,)),
    Transition(A.RETURN_REPLY, S.REPLY_SIGNOFF, S.IN_HANDLING, R.UNIT_LEADER, Own.LEAD_UNIT, guards=(G.FIRST_ROUND,), reason=REQUIRED, closes=(K.REPLY_APPROVAL,)),
    Transition(A.RETURN_REPLY, S.REPLY_SIGNOFF, S.REHANDLING, R.UNIT_LEADER, Own.LEAD_UNIT, guards=(G.LATER_ROUND,), reason=REQUIRED, closes=(K.REPLY_APPROVAL,)),
    Transition(A.ISSUE_REPLY, S.REPLY_SIGNOFF, S.REPLIED, R.UNIT_LEADER, Own.LEAD_UNIT, reason=OPTIONAL, fields=(F.DISCLOSURE,), optional_fields=(F.DISCLOSURE_REASON,), opens=(K.EVALUATION,), closes=(K.REPLY_APPROVAL, K.REPLY, K.REHANDLING_REPLY, K.EXTENSION_DECISION, K.CO_OPINION, K.SIGN_FOR, K.REASSIGNMENT_WINDOW)),
    # Evaluation by the lead deputy; the result decides where the item goes.
    Transition(A.EVALUATE, S.REPLIED, S.CLOSED, R.DEPUTY, Own.OWN_ITEM, guards=(G.RESULT_SATISFIED,), reason=OPTIONAL, fields=(F.ATTITUDE, F.RESULT), opens=(K.PROMISE,), closes=(K.EVALUATION,)),
    Transition(A.EVALUATE, S.REPLIED, S.DISSATISFIED, R.DEPUTY, Own.OWN_ITEM, guards=(G.FIRST_DISSATISFACTION,), reason=REQUIRED, fields=(F.ATTITUDE, F.RESULT), opens=(K.DISSATISFACTION_DECISION,), closes=(K.EVALUATION,)),
    Transition(A.EVALUATE, S.REPLIED, S.ESCALATED, R.DEPUTY, Own.OWN_ITEM, guards=(G.REPEATED_DISSATISFACTION,), reason=REQUIRED, fields=(F.ATTITUDE, F.RESULT), opens=(K.ESCALATION_DECISION,), closes=(K.EVALUATION,)),
    Transition(A.CLOSE_NO_FEEDBACK, S.REPLIED, S.CLOSED, R.OFFICE_STAFF, Own.ANY, guards=(G.EVALUATION_OVERDUE,), reason=OPTIONAL, opens=(K.PROMISE,), closes=(K.EVALUATION,)),
    Transition(A.ORDER_REHANDLING, S.DISSATISFIED, S.REHANDLING, R.OFFICE_STAFF, Own.ANY, reason=REQUIRED, opens=(K.REHANDLING_REPLY,), closes=(K.DISSATISFACTION_DECISION,)),
    Transition(A.ORDER_REHANDLING, S.ESCALATED, S.REHANDLING, R.SUPERVISOR, Own.ANY, reason=REQUIRED, opens=(K.REHANDLING_REPLY,), closes=(K.ESCALATION_DECISION,)),
    Transition(A.CONCLUDE, S.ESCALATED, S.CLOSED, R.SUPERVISOR, Own.ANY, reason=REQUIRED, opens=(K.PROMISE,), closes=(K.ESCALATION_DECISION,)),
    # Key supervision and its progress reports.
    Transition(A.MARK_KEY, S.REGISTERED, S.REGISTERED, R.SUPERVISOR, Own.ANY, subject=Subject.SUPERVISION, guards=(G.NOT_KEY,), reason=OPTIONAL, fields=(F.LEADER, F.SUPERVISING_COMMITTEE), optional_fields=(F.REPORT_DATES,), opens=(K.PROGRESS_REPORT,)),
    Transition(A.MARK_KEY, S.ASSIGNED, S.ASSIGNED, R.SUPERVISOR, Own.ANY, subject=Subject.SUPERVISION, guards=(G.NOT_KEY,), reason=OPTIONAL, fields=(F.LEADER, F.SUPERVISING_COMMITTEE), optional_fields=(F.REPORT_DATES,), opens=(K.PROGRESS_REPORT,)),
    Transition(A.MARK_KEY, S.IN_HANDLING, S.IN_HANDLING, R.SUPERVISOR, Own.ANY, subject=Subject.SUPERVISION, guards=(G.NOT_KEY,), reason=OPTIONAL, fields=(F.LEADER, F.SUPERVISING_COMMITTEE), optional_fields=(F.REPORT_DATES,), opens=(K.PROGRESS_REPORT,)),
    Transition(A.MARK_KEY, S.REPLY_SIGNOFF, S.REPLY_SIGNOFF, R.SUPERVISOR, Own.ANY, subject=Subject.SUPERVISION, guards=(G.NOT_KEY,), reason=OPTIONAL, fields=(F.LEADER, F.SUPERVISING_COMMITTEE), optional_fields=(F.REPORT_DATES,), opens=(K.PROGRESS_REPORT,)),
    Transition(A.MARK_KEY, S.REHANDLING, S.REHANDLING, R.SUPERVISOR, Own.ANY, subject=Subject.SUPERVISION, guards=(G.NOT_KEY,), reason=OPTIONAL, fields=(F.LEADER, F.SUPERVISING_COMMITTEE), optional_fields=(F.REPORT_DATES,), opens=(K.PROGRESS_REPORT,)),
    Transition(A.MARK_KEY, S.REPLIED, S.REPLIED, R.SUPERVISOR, Own.ANY, subject=Subject.SUPERVISION, guards=(G.NOT_KEY,), reason=OPTIONAL, fields=(F.LEADER, F.SUPERVISING_COMMITTEE), optional_fields=(F.REPORT_DATES,), opens=(K.PROGRESS_REPORT,)),
    Transition(A.MARK_KEY, S.DISSATISFIED, S.DISSATISFIED, R.SUPERVISOR, Own.ANY, subject=Subject.SUPERVISION, guards=(G.NOT_KEY,), reason=OPTIONAL, fields=(F.LEADER, F.SUPERVISING_COMMITTEE), optional_fields=(F.REPORT_DATES,), opens=(K.PROGRESS_REPORT,)),
    Transition(A.MARK_KEY, S.ESCALATED, S.ESCALATED, R.SUPERVISOR, Own.ANY, subject=Subject.SUPERVISION, guards=(G.NOT_KEY,), reason=OPTIONAL, fields=(F.LEADER, F.SUPERVISING_COMMITTEE), optional_fields=(F.REPORT_DATES,), opens=(K.PROGRESS_REPORT,)),
    Transition(A.REPORT_PROGRESS, S.ASSIGNED, S.ASSIGNED, UNIT_STAFF, Own.LEAD_UNIT, subject=Subject.SUPERVISION, guards=(G.IS_KEY, G.PROGRESS_REPORT_DUE), reason=NONE, independent=True, fields=(F.REPORT_TEXT,), closes=(K.PROGRESS_REPORT,)),
    Transition(A.REPORT_PROGRESS, S.IN_HANDLING, S.IN_HANDLING, UNIT_STAFF, Own.LEAD_UNIT, subject=Subject.SUPERVISION, guards=(G.IS_KEY, G.PROGRESS_REPORT_DUE), reason=NONE, independent=True, fields=(F.REPORT_TEXT,), closes=(K.PROGRESS_REPORT,)),
    Transition(A.REPORT_PROGRESS, S.REPLY_SIGNOFF, S.REPLY_SIGNOFF, UNIT_STAFF, Own.LEAD_UNIT, subject=Subject.SUPERVISION, guards=(G.IS_KEY, G.PROGRESS_REPORT_DUE), reason=NONE, independent=True, fields=(F.REPORT_TEXT,), closes=(K.PROGRESS_REPORT,)),
    Transition(A.REPORT_PROGRESS, S.REHANDLING, S.REHANDLING, UNIT_STAFF, Own.LEAD_UNIT, subject=Subject.SUPERVISION, guards=(G.IS_KEY, G.PROGRESS_REPORT_DUE), reason=NONE, independent=True, fields=(F.REPORT_TEXT,), closes=(K.PROGRESS_REPORT,)),
    Transition(A.REPORT_PROGRESS, S.REPLIED, S.REPLIED, UNIT_STAFF, Own.LEAD_UNIT, subject=Subject.SUPERVISION, guards=(G.IS_KEY, G.PROGRESS_REPORT_DUE), reason=NONE, independent=True, fields=(F.REPORT_TEXT,), closes=(K.PROGRESS_REPORT,)),
    Transition(A.REPORT_PROGRESS, S.DISSATISFIED, S.DISSATISFIED, UNIT_STAFF, Own.LEAD_UNIT, subject=Subject.SUPERVISION, guards=(G.IS_KEY, G.PROGRESS_REPORT_DUE), reason=NONE, independent=True, fields=(F.REPORT_TEXT,), closes=(K.PROGRESS_REPORT,)),
    Transition(A.REPORT_PROGRESS, S.ESCALATED, S.ESCALATED, UNIT_STAFF, Own.LEAD_UNIT, subject=Subject.SUPERVISION, guards=(G.IS_KEY, G.PROGRESS_REPORT_DUE), reason=NONE, independent=True, fields=(F.REPORT_TEXT,), closes=(K.PROGRESS_REPORT,)),
    Transition(A.REPORT_PROGRESS, S.CLOSED, S.CLOSED, UNIT_STAFF, Own.LEAD_UNIT, subject=Subject.SUPERVISION, guards=(G.IS_KEY, G.PROGRESS_REPORT_DUE), reason=NONE, independent=True, fields=(F.REPORT_TEXT,), closes=(K.PROGRESS_REPORT,)),
    # Promises (回头看) live on after closing; they act on the promise, not on the item. Which
    # promise is named by the `promise` input; the domain asks for it when the item has several.
    Transition(A.REPORT_PROMISE_KEPT, S.CLOSED, S.CLOSED, UNIT_STAFF, Own.LEAD_UNIT, subject=Subject.PROMISE, guards=(G.PROMISE_OPEN,), reason=NONE, independent=True, fields=(F.REPORT_TEXT,), optional_fields=(F.PROMISE,), closes=(K.PROMISE,)),
    Transition(A.REPORT_PROMISE_NOT_KEPT, S.CLOSED, S.CLOSED, UNIT_STAFF, Own.LEAD_UNIT, subject=Subject.PROMISE, guards=(G.PROMISE_OPEN,), reason=REQUIRED, independent=True, optional_fields=(F.PROMISE,), opens=(K.PROMISE_REVIEW,), closes=(K.PROMISE,)),
    Transition(A.ACCEPT_PROMISE_REPORT, S.CLOSED, S.CLOSED, R.OFFICE_STAFF, Own.ANY, subject=Subject.PROMISE, guards=(G.PROMISE_REPORTED_NOT_KEPT,), reason=OPTIONAL, optional_fields=(F.PROMISE,), closes=(K.PROMISE_REVIEW,)),
    Transition(A.SEND_BACK_PROMISE_REPORT, S.CLOSED, S.CLOSED, R.OFFICE_STAFF, Own.ANY, subject=Subject.PROMISE, guards=(G.PROMISE_REPORTED_NOT_KEPT,), reason=REQUIRED, optional_fields=(F.PROMISE,), opens=(K.PROMISE,), closes=(K.PROMISE_REVIEW,)),
)
# fmt: on

# Acts that need the person's own login or token, never a service account's (a system drafts replies
# and logs contacts for a unit, but 签发 is the leader's own decision on the reply, and the deputy
# judges the reply themself): the engine refuses them to any service account, offers included.
PERSON_ONLY: frozenset[A] = frozenset({A.ISSUE_REPLY, A.RETURN_REPLY, A.EVALUATE})

# Who reviews each pre-review layer, and how their ownership is checked (the pages' queues read it).
LAYER_REVIEWERS = {
    S.GROUP_REVIEW: (R.GROUP_LEADER, Own.OWN_GROUP),
    S.COMMITTEE_REVIEW: (R.COMMITTEE_STAFF, Own.OWN_CATEGORY),
    S.OFFICE_REVIEW: (R.OFFICE_STAFF, Own.ANY),
}

_BY_SOURCE_ACTION: dict[tuple[S, A], list[Transition]] = defaultdict(list)
for _row in TRANSITIONS:
    _BY_SOURCE_ACTION[(_row.source, _row.action)].append(_row)


def rows_for(state: S, action: A) -> list[Transition]:
    """The candidate rows for an action in a state, before guards are checked."""
    return _BY_SOURCE_ACTION.get((S(state), A(action)), [])


def rows_from(state: S, rows: tuple[Transition, ...] | None = None) -> list[Transition]:
    return [r for r in (TRANSITIONS if rows is None else rows) if r.source == state]


def actions_from(state: S) -> list[A]:
    """Distinct actions offered in a state, in table order."""
    return list(dict.fromkeys(r.action for r in rows_from(state)))


def reachable(start: S = S.DRAFT, rows: tuple[Transition, ...] | None = None) -> set[S]:
    seen, todo = {start}, deque([start])
    while todo:
        for row in rows_from(todo.popleft(), rows):
            if row.target not in seen:
                seen.add(row.target)
                todo.append(row.target)
    return seen
