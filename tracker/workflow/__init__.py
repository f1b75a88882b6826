"""The workflow table: every state, action, role and deadline of a suggestion's life, in one place.

Pure Python on purpose (no Flask, no database): pages, buttons, permission checks, reminders, the
diagram and the docs all read this module and never restate it. `validate()` runs at import, so a
broken table fails the first test, not a user.
"""

from __future__ import annotations

import enum
from collections import defaultdict, deque
from dataclasses import dataclass, field


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


class Unit(enum.StrEnum):
    """How a deadline period is counted (DOMAIN §8)."""

    WORKING_DAYS = "working_days"
    MONTHS = "months"
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


class Channel(enum.StrEnum):
    SESSION = "session"
    BETWEEN = "between"


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
    zh: str
    en: str
    anchor: Anchor = Anchor.EVENT
    channel: Channel | None = None  # a rule only for one channel; None is the general rule
    # Windows are not owed by anyone: nobody is reminded, they only bound a request.
    is_window: bool = False


WD, MO, FIX = Unit.WORKING_DAYS, Unit.MONTHS, Unit.FIXED_DATE
K = DeadlineKind
DEADLINES: tuple[DeadlineSpec, ...] = (
    DeadlineSpec(K.COSIGNER_ANSWER, Owner.COSIGNER, Scope.COSIGNER, 5, WD, "附议确认", "Co-signer answer"),
    DeadlineSpec(K.WITHDRAWAL_CONSENT, Owner.COSIGNER, Scope.COSIGNER, 5, WD, "撤回同意",
                 "Consent to withdraw"),
    DeadlineSpec(K.GROUP_REVIEW, Owner.REVIEWER, Scope.ITEM, 5, WD, "代表小组审核", "Group review"),
    DeadlineSpec(K.COMMITTEE_REVIEW, Owner.REVIEWER, Scope.ITEM, 5, WD, "专委预审", "Committee review"),
    DeadlineSpec(K.OFFICE_REVIEW, Owner.OFFICE, Scope.ITEM, 5, WD, "代表工委预审", "Office pre-review"),
    # A session draft is bound by its session's pre-submission deadline (DOMAIN §7).
    DeadlineSpec(K.PRE_SUBMISSION, Owner.DEPUTY, Scope.ITEM, 0, WD, "预提交截止", "Pre-submission",
                 anchor=Anchor.SESSION_PRESUBMIT),
    DeadlineSpec(K.REVISION, Owner.DEPUTY, Scope.ITEM, 5, WD, "修改后重新提交", "Revise and resubmit"),
    DeadlineSpec(K.FORMAL_SUBMISSION, Owner.DEPUTY, Scope.ITEM, 0, WD, "正式提交", "Formal submission",
                 anchor=Anchor.SESSION_CLOSE),
    DeadlineSpec(K.REGISTRATION, Owner.OFFICE, Scope.ITEM, 3, WD, "立案", "Registration"),
    DeadlineSpec(K.REGISTRATION, Owner.OFFICE, Scope.ITEM, 1, MO, "立案", "Registration",
                 anchor=Anchor.SESSION_CLOSE, channel=Channel.SESSION),
    DeadlineSpec(K.ROUTING, Owner.OFFICE, Scope.ITEM, 7, WD, "交办", "Routing", anchor=Anchor.SUBMITTED),
    DeadlineSpec(K.ROUTING, Owner.OFFICE, Scope.ITEM, 1, MO, "交办", "Routing",
                 anchor=Anchor.SESSION_CLOSE, channel=Channel.SESSION),
    DeadlineSpec(K.SIGN_FOR, Owner.UNIT, Scope.ASSIGNMENT, 3, WD, "签收", "Sign for"),
    DeadlineSpec(K.REASSIGNMENT_WINDOW, Owner.UNIT, Scope.ASSIGNMENT, 7, WD, "申请调整期限",
                 "Reassignment window", is_window=True),
    DeadlineSpec(K.REASSIGNMENT_DECISION, Owner.OFFICE, Scope.REQUEST, 5, WD, "调整申请审批",
                 "Reassignment decision"),
    DeadlineSpec(K.CO_OPINION, Owner.UNIT, Scope.CO_ASSIGNMENT, 1, MO, "协办意见", "Co-unit opinion"),
    DeadlineSpec(K.REPLY, Owner.UNIT, Scope.ITEM, 3, MO, "答复", "Reply"),
    DeadlineSpec(K.REPLY_APPROVAL, Owner.UNIT_LEADER, Scope.ITEM, 3, WD, "答复签发", "Reply approval"),
    DeadlineSpec(K.EXTENSION_DECISION, Owner.OFFICE, Scope.REQUEST, 5, WD, "延期申请审批",
                 "Extension decision"),
    DeadlineSpec(K.EVALUATION, Owner.DEPUTY, Scope.ITEM, 15, WD, "满意度测评", "Evaluation"),
    DeadlineSpec(K.DISSATISFACTION_DECISION, Owner.OFFICE, Scope.ITEM, 5, WD, "不满意处理",
                 "Decision on dissatisfaction"),
    DeadlineSpec(K.REHANDLING_REPLY, Owner.UNIT, Scope.ITEM, 1, MO, "重新办理答复", "Re-handling reply"),
    # DOMAIN names no period for the council's decision; 10 working days is our default.
    DeadlineSpec(K.ESCALATION_DECISION, Owner.SUPERVISOR, Scope.ITEM, 10, WD, "主任会议决定",
                 "Council decision"),
    DeadlineSpec(K.PROMISE, Owner.UNIT, Scope.PROMISE, 0, FIX, "承诺事项", "Promise"),
    DeadlineSpec(K.PROMISE_REVIEW, Owner.OFFICE, Scope.PROMISE, 5, WD, "承诺未落实审核",
                 "Review of a broken promise"),
    DeadlineSpec(K.PROGRESS_REPORT, Owner.UNIT, Scope.PROGRESS, 0, FIX, "督办进展报告",
                 "Progress report"),
)
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


ACTION_LABELS: dict[Action, tuple[str, str]] = {
    Action.INVITE_COSIGNER: ("邀请附议", "Invite co-signer"),
    Action.CONFIRM_COSIGN: ("确认附议", "Confirm co-signing"),
    Action.DECLINE_COSIGN: ("拒绝附议", "Decline co-signing"),
    Action.SUBMIT_FOR_REVIEW: ("提交预审", "Send for pre-review"),
    Action.PASS_REVIEW: ("审核通过", "Pass on"),
    Action.RETURN_FOR_REVISION: ("退回修改", "Return for revision"),
    Action.ADVISE_WITHDRAWAL: ("建议撤回", "Advise withdrawal"),
    Action.PRE_APPROVE: ("预审通过", "Pre-approve"),
    Action.MERGE: ("并案", "Merge"),
    Action.CONVERT: ("转来信处理", "Convert to a letter"),
    Action.RESUBMIT: ("修改后重新提交", "Resubmit revised"),
    Action.SUBMIT_AS_IS: ("坚持原稿提交", "Submit as is"),
    Action.SUBMIT_FORMALLY: ("正式提交", "Submit formally"),
    Action.REQUEST_WITHDRAWAL: ("提议撤回", "Propose withdrawal"),
    Action.AGREE_WITHDRAWAL: ("同意撤回", "Agree to withdraw"),
    Action.WITHDRAW: ("撤回", "Withdraw"),
    Action.REGISTER: ("立案", "Register"),
    Action.DECLINE_REGISTRATION: ("不予立案", "Decline registration"),
    Action.ROUTE: ("交办", "Route to units"),
    Action.SIGN_FOR: ("签收", "Sign for"),
    Action.REQUEST_REASSIGNMENT: ("申请调整", "Ask for reassignment"),
    Action.APPROVE_REASSIGNMENT: ("同意调整", "Approve reassignment"),
    Action.REFUSE_REASSIGNMENT: ("不同意调整", "Refuse reassignment"),
    Action.LOG_CONTACT: ("记录联系", "Log a contact"),
    Action.SEND_CO_OPINION: ("报送协办意见", "Send co-unit opinion"),
    Action.REQUEST_EXTENSION: ("申请延期", "Ask for extension"),
    Action.APPROVE_EXTENSION: ("同意延期", "Approve extension"),
    Action.REFUSE_EXTENSION: ("不同意延期", "Refuse extension"),
    Action.SUBMIT_REPLY: ("提交答复稿", "Submit reply draft"),
    Action.RETURN_REPLY: ("退回答复稿", "Return reply draft"),
    Action.ISSUE_REPLY: ("签发答复", "Approve and issue reply"),
    Action.EVALUATE: ("满意度测评", "Evaluate reply"),
    Action.CLOSE_NO_FEEDBACK: ("未反馈办结", "Close without feedback"),
    Action.ORDER_REHANDLING: ("交由重新办理", "Order re-handling"),
    Action.CONCLUDE: ("作出结论办结", "Conclude and close"),
    Action.MARK_KEY: ("列为重点督办", "Mark for key supervision"),
    Action.REPORT_PROGRESS: ("报告督办进展", "Report progress"),
    Action.REPORT_PROMISE_KEPT: ("报告承诺已落实", "Report promise kept"),
    Action.REPORT_PROMISE_NOT_KEPT: ("报告承诺未落实", "Report promise not kept"),
    Action.ACCEPT_PROMISE_REPORT: ("认可未落实理由", "Accept the reasons"),
    Action.SEND_BACK_PROMISE_REPORT: ("退回承诺报告", "Send the report back"),
}


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


class Field(enum.StrEnum):
    """Inputs an action takes besides the reason; the generic action form is built from these."""

    COSIGNER = "cosigner"
    CHECKLIST = "checklist"
    MAIN_ITEM = "main_item"
    TALK_RECORD = "talk_record"
    CONVERT_TO = "convert_to"
    CATEGORY = "category"
    LEAD_UNIT = "lead_unit"
    CO_UNITS = "co_units"
    CONTACT_WAY = "contact_way"
    CONTACT_DATE = "contact_date"
    PEOPLE = "people"
    SUMMARY = "summary"
    OPINION = "opinion"
    NEW_DUE_DATE = "new_due_date"
    REPLY_CATEGORY = "reply_category"
    REPLY_TEXT = "reply_text"
    PROMISED_DATE = "promised_date"
    PROMISE_TEXT = "promise_text"
    DISCLOSURE = "disclosure"
    DISCLOSURE_REASON = "disclosure_reason"
    ATTITUDE = "attitude"
    RESULT = "result"
    LEADER = "leader"
    SUPERVISING_COMMITTEE = "supervising_committee"
    REPORT_DATES = "report_dates"
    REPORT_TEXT = "report_text"
    PROMISE = "promise"


class Kind(enum.StrEnum):
    """What sort of input a field is; the web layer picks a widget for each kind."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    DATES = "dates"
    DEPUTY = "deputy"
    CATEGORY = "category"
    UNIT = "unit"
    UNITS = "units"
    COMMITTEE = "committee"
    SUGGESTION = "suggestion"
    CHOICE = "choice"
    CHECKLIST = "checklist"
    PROMISE = "promise"  # one of the item's promises that the action may act on


@dataclass(frozen=True)
class FieldSpec:
    kind: Kind
    zh: str
    en: str
    choices: tuple[tuple[str, str, str], ...] = ()  # (value, zh, en)


GRADES = (("satisfied", "满意", "Satisfied"), ("basically", "基本满意", "Basically satisfied"),
          ("dissatisfied", "不满意", "Dissatisfied"))
FIELDS: dict[Field, FieldSpec] = {
    Field.COSIGNER: FieldSpec(Kind.DEPUTY, "附议代表", "Co-signer"),
    Field.CHECKLIST: FieldSpec(Kind.CHECKLIST, "预审清单", "Pre-review checklist"),
    Field.MAIN_ITEM: FieldSpec(Kind.SUGGESTION, "并入的主件", "Main suggestion"),
    Field.TALK_RECORD: FieldSpec(Kind.LONG_TEXT, "与代表沟通记录", "Record of the talk with the deputy"),
    Field.CONVERT_TO: FieldSpec(Kind.CHOICE, "转为", "Convert to", (
        ("letter", "代表来信", "A deputy's letter"), ("other", "其他渠道", "Another channel"))),
    Field.CATEGORY: FieldSpec(Kind.CATEGORY, "类别", "Category"),
    Field.LEAD_UNIT: FieldSpec(Kind.UNIT, "主办单位", "Lead unit"),
    Field.CO_UNITS: FieldSpec(Kind.UNITS, "协办单位", "Co-handling units"),
    Field.CONTACT_WAY: FieldSpec(Kind.CHOICE, "联系方式", "Way of contact", (
        ("face_to_face", "当面", "Face to face"), ("phone", "电话", "Phone"),
        ("on_site", "现场", "On site"), ("online", "网络", "Online"))),
    Field.CONTACT_DATE: FieldSpec(Kind.DATE, "联系日期", "Date of contact"),
    Field.PEOPLE: FieldSpec(Kind.TEXT, "参加人员", "People"),
    Field.SUMMARY: FieldSpec(Kind.LONG_TEXT, "情况摘要", "Summary"),
    Field.OPINION: FieldSpec(Kind.LONG_TEXT, "协办意见", "Co-unit opinion"),
    Field.NEW_DUE_DATE: FieldSpec(Kind.DATE, "申请延至", "Extend to"),
    Field.REPLY_CATEGORY: FieldSpec(Kind.CHOICE, "答复类别", "Reply category", (
        ("A", "A类：已解决或基本解决", "A: solved or adopted"),
        ("B", "B类：正在解决或列入计划", "B: being solved, in this year's plan"),
        ("C", "C类：因条件限制需以后解决", "C: to be solved later"),
        ("D", "D类：留作参考", "D: for reference"))),
    Field.REPLY_TEXT: FieldSpec(Kind.LONG_TEXT, "答复内容", "Reply"),
    Field.PROMISED_DATE: FieldSpec(Kind.DATE, "承诺完成日期（B、C类必填）",
                                   "Promised completion date (B and C)"),
    Field.PROMISE_TEXT: FieldSpec(Kind.LONG_TEXT, "承诺事项（B、C类必填）", "What is promised (B and C)"),
    Field.DISCLOSURE: FieldSpec(Kind.CHOICE, "公开属性", "Disclosure", (
        ("public", "主动公开", "Public"), ("on_request", "依申请公开", "On request"),
        ("private", "不予公开", "Not public"))),
    Field.DISCLOSURE_REASON: FieldSpec(Kind.TEXT, "不予公开的理由", "Why not public"),
    Field.ATTITUDE: FieldSpec(Kind.CHOICE, "办理态度", "Attitude", GRADES),
    Field.RESULT: FieldSpec(Kind.CHOICE, "办理结果", "Result", GRADES),
    Field.LEADER: FieldSpec(Kind.TEXT, "督办领导", "Supervising leader"),
    Field.SUPERVISING_COMMITTEE: FieldSpec(Kind.COMMITTEE, "督办委员会", "Supervising committee"),
    Field.REPORT_DATES: FieldSpec(Kind.DATES, "进展报告日期（逗号分隔）", "Progress report dates"),
    Field.REPORT_TEXT: FieldSpec(Kind.LONG_TEXT, "报告内容", "Report"),
    Field.PROMISE: FieldSpec(Kind.PROMISE, "承诺事项", "Promise"),
}


@dataclass(frozen=True)
class Transition:
    """One row of the table. Several rows may share source and action, told apart by guards."""

    action: Action
    source: State
    target: State
    roles: frozenset[Role]
    own: Own
    subject: Subject = Subject.ITEM
    guards: tuple[Guard, ...] = ()
    reason_required: bool = False
    opens: tuple[DeadlineKind, ...] = ()
    closes: tuple[DeadlineKind, ...] = ()
    fields: tuple[Field, ...] = ()
    optional_fields: tuple[Field, ...] = ()

    @property
    def keeps_state(self) -> bool:
        return self.source == self.target

    @property
    def label_zh(self) -> str:
        return ACTION_LABELS[self.action][0]

    @property
    def label_en(self) -> str:
        return ACTION_LABELS[self.action][1]


def _rows(action, sources, target, roles, own, **kw) -> list[Transition]:
    """Rows for several sources at once; `target=None` means the state is kept."""
    if isinstance(sources, State):
        sources = (sources,)
    if isinstance(roles, Role):
        roles = (roles,)
    return [
        Transition(action, s, s if target is None else target, frozenset(roles), own, **kw)
        for s in sources
    ]


A, S, R = Action, State, Role
UNIT_STAFF = (R.UNIT_HANDLER, R.UNIT_LEADER)
DRAFTING = (S.DRAFT, S.RETURNED)
# Who reviews each layer, and how their ownership is checked.
LAYER_REVIEWERS = {
    S.GROUP_REVIEW: (R.GROUP_LEADER, Own.OWN_GROUP),
    S.COMMITTEE_REVIEW: (R.COMMITTEE_STAFF, Own.OWN_CATEGORY),
    S.OFFICE_REVIEW: (R.OFFICE_STAFF, Own.ANY),
}
RETURN_GUARD = {
    S.GROUP_REVIEW: Guard.RETURNED_FROM_GROUP,
    S.COMMITTEE_REVIEW: Guard.RETURNED_FROM_COMMITTEE,
    S.OFFICE_REVIEW: Guard.RETURNED_FROM_OFFICE,
}
NEXT_LAYER = {S.GROUP_REVIEW: S.COMMITTEE_REVIEW, S.COMMITTEE_REVIEW: S.OFFICE_REVIEW}
G = Guard
F = Field


def _build() -> tuple[Transition, ...]:
    rows: list[Transition] = []
    add = rows.extend
    # Joint suggestions: invitations and answers keep the draft where it is.
    add(_rows(A.INVITE_COSIGNER, DRAFTING, None, R.DEPUTY, Own.OWN_ITEM, subject=Subject.COSIGNER,
              fields=(F.COSIGNER,), opens=(K.COSIGNER_ANSWER,)))
    for action, reason in ((A.CONFIRM_COSIGN, False), (A.DECLINE_COSIGN, False)):
        add(_rows(action, DRAFTING, None, R.DEPUTY, Own.COSIGNER, subject=Subject.COSIGNER,
                  guards=(G.INVITATION_PENDING,), reason_required=reason,
                  closes=(K.COSIGNER_ANSWER,)))
    # Sending the draft into pre-review: the channel decides the first layer.
    add(_rows(A.SUBMIT_FOR_REVIEW, S.DRAFT, S.GROUP_REVIEW, R.DEPUTY, Own.OWN_ITEM,
              guards=(G.SESSION_CHANNEL, G.COSIGNERS_ANSWERED), opens=(K.GROUP_REVIEW,),
              closes=(K.PRE_SUBMISSION,)))
    add(_rows(A.SUBMIT_FOR_REVIEW, S.DRAFT, S.OFFICE_REVIEW, R.DEPUTY, Own.OWN_ITEM,
              guards=(G.BETWEEN_CHANNEL, G.COSIGNERS_ANSWERED), opens=(K.OFFICE_REVIEW,)))
    # Each layer passes on, returns, or advises withdrawal (a return with that advice).
    for layer, (role, own) in LAYER_REVIEWERS.items():
        here = LAYER_DEADLINE[layer]
        if layer in NEXT_LAYER:
            nxt = NEXT_LAYER[layer]
            add(_rows(A.PASS_REVIEW, layer, nxt, role, own, closes=(here,),
                      opens=(LAYER_DEADLINE[nxt],), optional_fields=(F.SUMMARY,)))
        for action in (A.RETURN_FOR_REVISION, A.ADVISE_WITHDRAWAL):
            add(_rows(action, layer, S.RETURNED, role, own, reason_required=True,
                      closes=(here,), opens=(K.REVISION,)))
    add(_rows(A.PRE_APPROVE, S.OFFICE_REVIEW, S.PRE_APPROVED, R.OFFICE_STAFF, Own.ANY,
              guards=(G.SESSION_CHANNEL,), fields=(F.CHECKLIST,),
              closes=(K.OFFICE_REVIEW,), opens=(K.FORMAL_SUBMISSION,)))
    add(_rows(A.PRE_APPROVE, S.OFFICE_REVIEW, S.SUBMITTED, R.OFFICE_STAFF, Own.ANY,
              guards=(G.BETWEEN_CHANNEL,), fields=(F.CHECKLIST,),
              closes=(K.OFFICE_REVIEW,), opens=(K.REGISTRATION,)))
    add(_rows(A.MERGE, S.OFFICE_REVIEW, S.MERGED, R.OFFICE_STAFF, Own.ANY, reason_required=True,
              fields=(F.MAIN_ITEM,), closes=(K.OFFICE_REVIEW,)))
    # Converting needs the talk with the deputy on record (when, how, what); the reason is the
    # written notice the deputy receives (DOMAIN §3).
    add(_rows(A.CONVERT, S.OFFICE_REVIEW, S.CONVERTED, R.OFFICE_STAFF, Own.ANY,
              reason_required=True, fields=(F.CONTACT_DATE, F.CONTACT_WAY, F.TALK_RECORD),
              optional_fields=(F.CONVERT_TO,), closes=(K.OFFICE_REVIEW,)))
    # After a return: revise and go back to the layer that returned it, or insist.
    for layer, guard in RETURN_GUARD.items():
        add(_rows(A.RESUBMIT, S.RETURNED, layer, R.DEPUTY, Own.OWN_ITEM,
                  guards=(guard, G.COSIGNERS_ANSWERED), closes=(K.REVISION,),
                  opens=(LAYER_DEADLINE[layer],)))
    add(_rows(A.SUBMIT_AS_IS, S.RETURNED, S.PRE_APPROVED, R.DEPUTY, Own.OWN_ITEM,
              guards=(G.SESSION_CHANNEL, G.COSIGNERS_ANSWERED), closes=(K.REVISION,),
              opens=(K.FORMAL_SUBMISSION,)))
    add(_rows(A.SUBMIT_AS_IS, S.RETURNED, S.SUBMITTED, R.DEPUTY, Own.OWN_ITEM,
              guards=(G.BETWEEN_CHANNEL, G.COSIGNERS_ANSWERED), closes=(K.REVISION,),
              opens=(K.REGISTRATION,)))
    add(_rows(A.SUBMIT_FORMALLY, S.PRE_APPROVED, S.SUBMITTED, R.DEPUTY, Own.OWN_ITEM,
              guards=(G.SESSION_SITTING,), closes=(K.FORMAL_SUBMISSION,),
              opens=(K.REGISTRATION,)))
    # Withdrawal before assignment; a joint item needs every co-signer's consent.
    add(_rows(A.REQUEST_WITHDRAWAL, BEFORE_ASSIGNMENT, None, R.DEPUTY, Own.OWN_ITEM,
              subject=Subject.COSIGNER, guards=(G.IS_JOINT, G.NO_WITHDRAWAL_PENDING),
              reason_required=True, opens=(K.WITHDRAWAL_CONSENT,)))
    add(_rows(A.AGREE_WITHDRAWAL, BEFORE_ASSIGNMENT, None, R.DEPUTY, Own.COSIGNER,
              subject=Subject.COSIGNER, guards=(G.WITHDRAWAL_REQUESTED,),
              closes=(K.WITHDRAWAL_CONSENT,)))
    add(_rows(A.WITHDRAW, BEFORE_ASSIGNMENT, S.WITHDRAWN, R.DEPUTY, Own.OWN_ITEM,
              guards=(G.WITHDRAWAL_AGREED,), reason_required=True))
    # Registration and routing by the office.
    add(_rows(A.REGISTER, S.SUBMITTED, S.REGISTERED, R.OFFICE_STAFF, Own.ANY,
              fields=(F.CATEGORY,), closes=(K.REGISTRATION,), opens=(K.ROUTING,)))
    add(_rows(A.DECLINE_REGISTRATION, S.SUBMITTED, S.NOT_REGISTERED, R.OFFICE_STAFF, Own.ANY,
              reason_required=True, closes=(K.REGISTRATION,)))
    routing_opens = (K.SIGN_FOR, K.REASSIGNMENT_WINDOW, K.CO_OPINION, K.REPLY)
    add(_rows(A.ROUTE, S.REGISTERED, S.ASSIGNED, R.OFFICE_STAFF, Own.ANY,
              fields=(F.LEAD_UNIT,), optional_fields=(F.CO_UNITS,), closes=(K.ROUTING,),
              opens=routing_opens))
    # Units: sign for, ask for reassignment (the office decides), contacts, co-unit opinions.
    add(_rows(A.SIGN_FOR, S.ASSIGNED, S.IN_HANDLING, UNIT_STAFF, Own.LEAD_UNIT,
              subject=Subject.ASSIGNMENT, guards=(G.AWAITING_RECEIPT,), closes=(K.SIGN_FOR,)))
    add(_rows(A.SIGN_FOR, ROUTED, None, UNIT_STAFF, Own.CO_UNIT, subject=Subject.ASSIGNMENT,
              guards=(G.AWAITING_RECEIPT,), closes=(K.SIGN_FOR,)))
    add(_rows(A.REQUEST_REASSIGNMENT, (S.ASSIGNED, S.IN_HANDLING), None, R.UNIT_LEADER,
              Own.OWN_UNIT, subject=Subject.REQUEST, guards=(G.IN_REASSIGNMENT_WINDOW,),
              reason_required=True, opens=(K.REASSIGNMENT_DECISION,)))
    add(_rows(A.APPROVE_REASSIGNMENT, (S.ASSIGNED, S.IN_HANDLING), S.ASSIGNED, R.OFFICE_STAFF,
              Own.ANY, subject=Subject.REQUEST,
              guards=(G.REASSIGNMENT_PENDING, G.REASSIGNMENT_BY_LEAD),
              fields=(F.LEAD_UNIT,), optional_fields=(F.CO_UNITS,),
              closes=(K.REASSIGNMENT_DECISION, K.SIGN_FOR, K.REPLY, K.REASSIGNMENT_WINDOW,
                      K.CO_OPINION),
              opens=routing_opens))
    add(_rows(A.APPROVE_REASSIGNMENT, (S.ASSIGNED, S.IN_HANDLING), None, R.OFFICE_STAFF,
              Own.ANY, subject=Subject.REQUEST,
              guards=(G.REASSIGNMENT_PENDING, G.REASSIGNMENT_BY_CO),
              optional_fields=(F.CO_UNITS,),
              closes=(K.REASSIGNMENT_DECISION,), opens=(K.SIGN_FOR, K.REASSIGNMENT_WINDOW,
                                                       K.CO_OPINION)))
    add(_rows(A.REFUSE_REASSIGNMENT, (S.ASSIGNED, S.IN_HANDLING), None, R.OFFICE_STAFF,
              Own.ANY, subject=Subject.REQUEST, guards=(G.REASSIGNMENT_PENDING,),
              reason_required=True, closes=(K.REASSIGNMENT_DECISION,)))
    add(_rows(A.LOG_CONTACT, (S.IN_HANDLING, S.REPLY_SIGNOFF, S.REHANDLING), None, UNIT_STAFF,
              Own.LEAD_UNIT, subject=Subject.CONTACT,
              fields=(F.CONTACT_WAY, F.CONTACT_DATE, F.PEOPLE, F.SUMMARY)))
    add(_rows(A.SEND_CO_OPINION, ROUTED, None, UNIT_STAFF, Own.CO_UNIT,
              subject=Subject.ASSIGNMENT, guards=(G.ASSIGNMENT_RECEIVED,), fields=(F.OPINION,),
              closes=(K.CO_OPINION,)))
    # Extensions: asked by the unit's leader, decided by the office.
    add(_rows(A.REQUEST_EXTENSION, (S.IN_HANDLING, S.REHANDLING), None, R.UNIT_LEADER,
              Own.LEAD_UNIT, subject=Subject.REQUEST, guards=(G.NO_PENDING_EXTENSION,),
              reason_required=True, fields=(F.NEW_DUE_DATE,), opens=(K.EXTENSION_DECISION,)))
    for action, reason in ((A.APPROVE_EXTENSION, False), (A.REFUSE_EXTENSION, True)):
        add(_rows(action, (S.IN_HANDLING, S.REPLY_SIGNOFF, S.REHANDLING), None, R.OFFICE_STAFF,
                  Own.ANY, subject=Subject.REQUEST, guards=(G.EXTENSION_PENDING,),
                  reason_required=reason, closes=(K.EXTENSION_DECISION,)))
    # The reply: drafted by the handler, approved for issue by the leader.
    reply_fields = (F.REPLY_CATEGORY, F.REPLY_TEXT)
    reply_optional = (F.PROMISED_DATE, F.PROMISE_TEXT)
    add(_rows(A.SUBMIT_REPLY, S.IN_HANDLING, S.REPLY_SIGNOFF, UNIT_STAFF, Own.LEAD_UNIT,
              guards=(G.CONTACT_LOGGED, G.CO_OPINIONS_IN), fields=reply_fields,
              optional_fields=reply_optional, opens=(K.REPLY_APPROVAL,)))
    add(_rows(A.SUBMIT_REPLY, S.REHANDLING, S.REPLY_SIGNOFF, UNIT_STAFF, Own.LEAD_UNIT,
              fields=reply_fields, optional_fields=reply_optional, opens=(K.REPLY_APPROVAL,)))
    add(_rows(A.RETURN_REPLY, S.REPLY_SIGNOFF, S.IN_HANDLING, R.UNIT_LEADER, Own.LEAD_UNIT,
              guards=(G.FIRST_ROUND,), reason_required=True, closes=(K.REPLY_APPROVAL,)))
    add(_rows(A.RETURN_REPLY, S.REPLY_SIGNOFF, S.REHANDLING, R.UNIT_LEADER, Own.LEAD_UNIT,
              guards=(G.LATER_ROUND,), reason_required=True, closes=(K.REPLY_APPROVAL,)))
    add(_rows(A.ISSUE_REPLY, S.REPLY_SIGNOFF, S.REPLIED, R.UNIT_LEADER, Own.LEAD_UNIT,
              fields=(F.DISCLOSURE,), optional_fields=(F.DISCLOSURE_REASON,),
              closes=(K.REPLY_APPROVAL, K.REPLY, K.REHANDLING_REPLY, K.EXTENSION_DECISION,
                      K.CO_OPINION, K.SIGN_FOR, K.REASSIGNMENT_WINDOW),
              opens=(K.EVALUATION,)))
    # Evaluation by the lead deputy; the result decides where the item goes.
    eval_fields = (F.ATTITUDE, F.RESULT)
    add(_rows(A.EVALUATE, S.REPLIED, S.CLOSED, R.DEPUTY, Own.OWN_ITEM,
              guards=(G.RESULT_SATISFIED,), fields=eval_fields, closes=(K.EVALUATION,),
              opens=(K.PROMISE,)))
    add(_rows(A.EVALUATE, S.REPLIED, S.DISSATISFIED, R.DEPUTY, Own.OWN_ITEM,
              guards=(G.FIRST_DISSATISFACTION,), fields=eval_fields, reason_required=True,
              closes=(K.EVALUATION,), opens=(K.DISSATISFACTION_DECISION,)))
    add(_rows(A.EVALUATE, S.REPLIED, S.ESCALATED, R.DEPUTY, Own.OWN_ITEM,
              guards=(G.REPEATED_DISSATISFACTION,), fields=eval_fields, reason_required=True,
              closes=(K.EVALUATION,), opens=(K.ESCALATION_DECISION,)))
    add(_rows(A.CLOSE_NO_FEEDBACK, S.REPLIED, S.CLOSED, R.OFFICE_STAFF, Own.ANY,
              guards=(G.EVALUATION_OVERDUE,), closes=(K.EVALUATION,), opens=(K.PROMISE,)))
    add(_rows(A.ORDER_REHANDLING, S.DISSATISFIED, S.REHANDLING, R.OFFICE_STAFF, Own.ANY,
              reason_required=True, closes=(K.DISSATISFACTION_DECISION,),
              opens=(K.REHANDLING_REPLY,)))
    add(_rows(A.ORDER_REHANDLING, S.ESCALATED, S.REHANDLING, R.SUPERVISOR, Own.ANY,
              reason_required=True, closes=(K.ESCALATION_DECISION,),
              opens=(K.REHANDLING_REPLY,)))
    add(_rows(A.CONCLUDE, S.ESCALATED, S.CLOSED, R.SUPERVISOR, Own.ANY, reason_required=True,
              closes=(K.ESCALATION_DECISION,), opens=(K.PROMISE,)))
    # Key supervision and its progress reports.
    add(_rows(A.MARK_KEY, OPEN_AFTER_REGISTRATION, None, R.SUPERVISOR, Own.ANY,
              subject=Subject.SUPERVISION, guards=(G.NOT_KEY,),
              fields=(F.LEADER, F.SUPERVISING_COMMITTEE), optional_fields=(F.REPORT_DATES,),
              opens=(K.PROGRESS_REPORT,)))
    add(_rows(A.REPORT_PROGRESS, (*ROUTED, S.REPLIED, S.DISSATISFIED, S.ESCALATED, S.CLOSED),
              None, UNIT_STAFF, Own.LEAD_UNIT, subject=Subject.SUPERVISION,
              guards=(G.IS_KEY, G.PROGRESS_REPORT_DUE), fields=(F.REPORT_TEXT,),
              closes=(K.PROGRESS_REPORT,)))
    # Promises (回头看) live on after closing; they act on the promise, not on the item. Which
    # promise is named by the `promise` input; the domain asks for it when the item has several.
    one = (F.PROMISE,)
    add(_rows(A.REPORT_PROMISE_KEPT, S.CLOSED, None, UNIT_STAFF, Own.LEAD_UNIT,
              subject=Subject.PROMISE, guards=(G.PROMISE_OPEN,), fields=(F.REPORT_TEXT,),
              optional_fields=one, closes=(K.PROMISE,)))
    add(_rows(A.REPORT_PROMISE_NOT_KEPT, S.CLOSED, None, UNIT_STAFF, Own.LEAD_UNIT,
              subject=Subject.PROMISE, guards=(G.PROMISE_OPEN,), reason_required=True,
              optional_fields=one, closes=(K.PROMISE,), opens=(K.PROMISE_REVIEW,)))
    add(_rows(A.ACCEPT_PROMISE_REPORT, S.CLOSED, None, R.OFFICE_STAFF, Own.ANY,
              subject=Subject.PROMISE, guards=(G.PROMISE_REPORTED_NOT_KEPT,),
              optional_fields=one, closes=(K.PROMISE_REVIEW,)))
    add(_rows(A.SEND_BACK_PROMISE_REPORT, S.CLOSED, None, R.OFFICE_STAFF, Own.ANY,
              subject=Subject.PROMISE, guards=(G.PROMISE_REPORTED_NOT_KEPT,),
              reason_required=True, optional_fields=one, closes=(K.PROMISE_REVIEW,),
              opens=(K.PROMISE,)))
    return tuple(rows)


TRANSITIONS: tuple[Transition, ...] = _build()

_BY_SOURCE_ACTION: dict[tuple[State, Action], list[Transition]] = defaultdict(list)
for _row in TRANSITIONS:
    _BY_SOURCE_ACTION[(_row.source, _row.action)].append(_row)


def rows_for(state: State, action: Action) -> list[Transition]:
    """The candidate rows for an action in a state, before guards are checked."""
    return _BY_SOURCE_ACTION.get((State(state), Action(action)), [])


def rows_from(state: State, rows: tuple[Transition, ...] | None = None) -> list[Transition]:
    return [r for r in (TRANSITIONS if rows is None else rows) if r.source == state]


def actions_from(state: State) -> list[Action]:
    """Distinct actions offered in a state, in table order."""
    return list(dict.fromkeys(r.action for r in rows_from(state)))


def reachable(start: State = INITIAL, rows: tuple[Transition, ...] | None = None) -> set[State]:
    seen, todo = {start}, deque([start])
    while todo:
        for row in rows_from(todo.popleft(), rows):
            if row.target not in seen:
                seen.add(row.target)
                todo.append(row.target)
    return seen


@dataclass
class TableProblems:
    problems: list[str] = field(default_factory=list)

    def check(self, ok: bool, message: str) -> None:
        if not ok:
            self.problems.append(message)


def problems(rows: tuple[Transition, ...] | None = None) -> list[str]:
    """Everything wrong with a table (this one by default); empty when it is sound."""
    rows = TRANSITIONS if rows is None else rows
    p = TableProblems()
    starts = set(State) - {r.target for r in rows if not r.keeps_state}
    p.check(starts == {INITIAL}, f"exactly one initial state expected, got {sorted(s.value for s in starts)}")
    unreachable = set(State) - reachable(INITIAL, rows)
    p.check(not unreachable, f"unreachable states: {sorted(s.value for s in unreachable)}")
    for state in State:
        exits = [r for r in rows_from(state, rows) if not r.keeps_state]
        if state in FINAL:
            p.check(not exits, f"final state {state} has exits")
            stray = [r for r in rows_from(state, rows) if r.subject is Subject.ITEM]
            p.check(not stray, f"final state {state} has item actions")
        else:
            p.check(bool(exits), f"non-final state {state} has no exit")
            if state is not INITIAL:
                p.check(state in STATE_DEADLINE, f"state {state} names nobody who owes a step")
    for row in rows:
        p.check(row.action in ACTION_LABELS, f"{row.action} has no label")
        p.check(bool(row.roles), f"{row.action} from {row.source} allows no role")
        if not row.keeps_state and row.target in STATE_DEADLINE:
            kind = STATE_DEADLINE[row.target]
            carried = row.source in CARRIED_THROUGH.get(kind, ())
            p.check(kind in row.opens or carried,
                    f"{row.action} into {row.target} does not open its deadline")
        if not row.keeps_state and row.source in STATE_DEADLINE and row.target not in FINAL:
            # Leaving a state hands the next step to someone else, so its deadline closes,
            # unless it is carried on into the next state.
            kind = STATE_DEADLINE[row.source]
            carried = row.target in CARRIED_THROUGH.get(kind, ())
            p.check(kind in row.closes or carried,
                    f"{row.action} out of {row.source} leaves {kind} open")
    groups: dict[tuple[State, Action], list[Transition]] = defaultdict(list)
    for row in rows:
        groups[(row.source, row.action)].append(row)
    for (state, action), same in groups.items():
        told_apart = {(frozenset(r.guards), r.own) for r in same}
        p.check(len(told_apart) == len(same),
                f"rows for {action} in {state} are not told apart by guards or ownership")
    return p.problems


def validate() -> None:
    found = problems()
    if found:
        raise ValueError("workflow table is unsound:\n" + "\n".join(found))


validate()


STATE_LABELS: dict[State, tuple[str, str]] = {
    S.DRAFT: ("草稿", "Draft"),
    S.GROUP_REVIEW: ("代表小组审核", "Group review"),
    S.COMMITTEE_REVIEW: ("专委预审", "Committee review"),
    S.OFFICE_REVIEW: ("代表工委预审", "Office pre-review"),
    S.RETURNED: ("退回修改", "Returned for revision"),
    S.PRE_APPROVED: ("预审通过", "Pre-approved"),
    S.SUBMITTED: ("正式提交", "Submitted"),
    S.REGISTERED: ("已立案", "Registered"),
    S.ASSIGNED: ("已交办", "Assigned"),
    S.IN_HANDLING: ("办理中", "In handling"),
    S.REPLY_SIGNOFF: ("答复待签发", "Reply awaiting approval"),
    S.REPLIED: ("已答复", "Replied"),
    S.DISSATISFIED: ("不满意待处理", "Dissatisfied"),
    S.REHANDLING: ("重新办理", "Re-handling"),
    S.ESCALATED: ("提请主任会议", "Escalated"),
    S.CLOSED: ("办结", "Closed"),
    S.WITHDRAWN: ("已撤回", "Withdrawn"),
    S.MERGED: ("已并案", "Merged"),
    S.NOT_REGISTERED: ("不予立案", "Not registered"),
    S.CONVERTED: ("转来信处理", "Converted to a letter"),
}

ROLE_LABELS: dict[Role, tuple[str, str]] = {
    R.DEPUTY: ("人大代表", "Deputy"),
    R.GROUP_LEADER: ("代表小组组长", "Group leader"),
    R.COMMITTEE_STAFF: ("专委工作人员", "Committee staff"),
    R.OFFICE_STAFF: ("代表工委工作人员", "Deputies' affairs office"),
    R.UNIT_HANDLER: ("承办单位经办人", "Unit handler"),
    R.UNIT_LEADER: ("承办单位负责人", "Unit leader"),
    R.SUPERVISOR: ("主任会议成员", "Supervisor"),
    R.ADMIN: ("系统管理员", "Administrator"),
}

OWNER_LABELS: dict[Owner, tuple[str, str]] = {
    Owner.DEPUTY: ("代表", "Deputy"),
    Owner.COSIGNER: ("附议代表", "Co-signer"),
    Owner.REVIEWER: ("审核人", "Reviewer"),
    Owner.OFFICE: ("代表工委", "Office"),
    Owner.UNIT: ("承办单位", "Handling unit"),
    Owner.UNIT_LEADER: ("承办单位负责人", "Unit leader"),
    Owner.SUPERVISOR: ("主任会议", "Supervisors"),
}


def label(member: enum.Enum, lang: str = "zh") -> str:
    """The zh or en label of any state, action, role, owner or deadline kind."""
    # Looked up by enum class: the members are strings, so Owner.DEPUTY == Role.DEPUTY.
    tables = {State: STATE_LABELS, Action: ACTION_LABELS, Role: ROLE_LABELS, Owner: OWNER_LABELS}
    i = 0 if lang.startswith("zh") else 1
    if type(member) in tables:
        return tables[type(member)][member][i]
    if isinstance(member, DeadlineKind):
        spec = DEADLINE_SPEC[member]
        return (spec.zh, spec.en)[i]
    return str(member.value)


def to_mermaid(lang: str = "zh") -> str:
    """The lifecycle as a Mermaid state diagram (state-changing rows only)."""
    lines = ["stateDiagram-v2", f"    [*] --> {INITIAL.value}"]
    for state in State:
        lines.append(f"    {state.value}: {label(state, lang)}")
    edges: dict[tuple[State, State], list[str]] = defaultdict(list)
    for row in TRANSITIONS:
        if not row.keeps_state:
            name = label(row.action, lang)
            if name not in edges[(row.source, row.target)]:
                edges[(row.source, row.target)].append(name)
    for (src, dst), names in edges.items():
        lines.append(f"    {src.value} --> {dst.value}: {' / '.join(names)}")
    for state in sorted(FINAL):
        lines.append(f"    {state.value} --> [*]")
    return "\n".join(lines) + "\n"


def to_markdown() -> str:
    """The whole table as Markdown, for docs/WORKFLOW.md."""
    head = ("| 动作 action | 从 from | 到 to | 角色 roles | 归属 own | 条件 guards | 理由 reason "
            "| 开启 opens | 关闭 closes |")
    out = [head, "|" + "---|" * 9]
    for r in TRANSITIONS:
        out.append(
            f"| {r.label_zh} `{r.action}` | {r.source} | {'(same)' if r.keeps_state else r.target} "
            f"| {', '.join(sorted(r.roles))} | {r.own} | {', '.join(r.guards) or '-'} "
            f"| {'yes' if r.reason_required else '-'} | {', '.join(r.opens) or '-'} "
            f"| {', '.join(r.closes) or '-'} |"
        )
    return "\n".join(out) + "\n"
