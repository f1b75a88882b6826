"""For any table row: the path to its source state, the prep its guards need, its actor and input.

The row-matrix tests read these to prove every row works for its roles and is refused for others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from seeds.paths import (
    CONTACT,
    GROUP_PASS,
    ISSUE,
    PATHS,
    REPLY,
    ROUTE,
    SUBMIT,
    TO_IN_HANDLING,
    TO_REHANDLING,
    Step,
    evaluation,
)
from tracker.workflow import Action as A
from tracker.workflow import Channel, Guard, Own, Role, State, Transition

D, O, S = Role.DEPUTY, Role.OFFICE_STAFF, Role.SUPERVISOR  # noqa: E741
H, L = Role.UNIT_HANDLER, Role.UNIT_LEADER
JOINT = [Step(A.INVITE_COSIGNER, "deputy", D, data=lambda c, a: {"cosigner": c.deputy2.id}),
         Step(A.CONFIRM_COSIGN, "deputy2", D)]
MARK = Step(A.MARK_KEY, "supervisor", S, data=lambda c, a: {
    "leader": "张主任", "supervising_committee": c.committee.id,
    "report_dates": [(a + timedelta(days=20)).date().isoformat()]})
REQUEST_EXT = Step(A.REQUEST_EXTENSION, "leader", L, reason="涉及多个部门，需协调资金。",
                   data=lambda c, a: {"new_due_date": (a + timedelta(days=120)).date().isoformat()})
CO_OPINION = [Step(A.SIGN_FOR, "co_handler", H),
              Step(A.SEND_CO_OPINION, "co_handler", H, data=lambda c, a: {"opinion": "同意。"})]
NOT_KEPT = Step(A.REPORT_PROMISE_NOT_KEPT, "handler", H, reason="资金未到位。")


def _returned_from(layer: State) -> list[Step]:
    role = {State.GROUP_REVIEW: ("group_leader", Role.GROUP_LEADER),
            State.COMMITTEE_REVIEW: ("committee_staff", Role.COMMITTEE_STAFF),
            State.OFFICE_REVIEW: ("office", O)}[layer]
    to_layer = {State.GROUP_REVIEW: [SUBMIT], State.COMMITTEE_REVIEW: [SUBMIT, GROUP_PASS],
                State.OFFICE_REVIEW: PATHS[State.PRE_APPROVED][1][:3]}[layer]
    return [*to_layer, Step(A.RETURN_FOR_REVISION, role[0], role[1], reason="请修改。")]


@dataclass
class Case:
    channel: Channel
    steps: list[Step]
    data: dict = field(default_factory=dict)
    reason: str = ""
    days_later: int = 1
    during_session: bool = False


def _with_mark(steps: list[Step]) -> list[Step]:
    i = steps.index(ROUTE) + 1
    return [*steps[:i], MARK, *steps[i:]]


def case_for(row: Transition, cast) -> Case:
    """How to bring a fresh item to where `row` applies, and what to send with it."""
    a, src, guards = row.action, row.source, set(row.guards)
    channel, steps = PATHS[src]
    steps = list(steps)
    if Guard.SESSION_CHANNEL in guards:
        channel = Channel.SESSION
        if src is State.OFFICE_REVIEW:
            steps = PATHS[State.PRE_APPROVED][1][:3]
        if src is State.RETURNED:
            steps = _returned_from(State.GROUP_REVIEW)
    if Guard.BETWEEN_CHANNEL in guards:
        channel = Channel.BETWEEN
    if src is State.RETURNED and a is A.RESUBMIT:
        layer = {Guard.RETURNED_FROM_GROUP: State.GROUP_REVIEW,
                 Guard.RETURNED_FROM_COMMITTEE: State.COMMITTEE_REVIEW,
                 Guard.RETURNED_FROM_OFFICE: State.OFFICE_REVIEW}[row.guards[0]]
        channel, steps = Channel.SESSION, _returned_from(layer)
    case = Case(channel, steps, reason="理由：测试。" if row.reason_required else "")
    if a in (A.CONFIRM_COSIGN, A.DECLINE_COSIGN):
        case.steps += JOINT[:1]
    if a in (A.REQUEST_WITHDRAWAL, A.AGREE_WITHDRAWAL):
        case.steps = JOINT + case.steps
        if a is A.AGREE_WITHDRAWAL:
            case.steps += [Step(A.REQUEST_WITHDRAWAL, "deputy", D, reason="情况变化。")]
    if a is A.SEND_CO_OPINION:
        case.steps += [Step(A.SIGN_FOR, "co_handler", H)]
    if a in (A.APPROVE_REASSIGNMENT, A.REFUSE_REASSIGNMENT):
        who = "co_leader" if Guard.REASSIGNMENT_BY_CO in guards else "leader"
        case.steps += [Step(A.REQUEST_REASSIGNMENT, who, L, reason="不属于本单位职责。")]
    if a in (A.APPROVE_EXTENSION, A.REFUSE_EXTENSION):
        if src is State.REPLY_SIGNOFF:
            case.steps = [*TO_IN_HANDLING, REQUEST_EXT, CONTACT, REPLY]
        else:
            case.steps += [REQUEST_EXT]
    if a is A.SUBMIT_REPLY and src is State.IN_HANDLING:
        case.steps += [CONTACT, *CO_OPINION]
    if Guard.LATER_ROUND in guards:
        case.steps = [*TO_REHANDLING, REPLY]
    if Guard.REPEATED_DISSATISFACTION in guards:
        case.steps = [*TO_REHANDLING, REPLY, ISSUE]
    if Guard.IS_KEY in guards:
        case.steps = _with_mark(case.steps)
    if a in (A.ACCEPT_PROMISE_REPORT, A.SEND_BACK_PROMISE_REPORT):
        case.steps += [NOT_KEPT]
    if a is A.CLOSE_NO_FEEDBACK:
        case.days_later = 40
    if a is A.SUBMIT_FORMALLY:
        case.during_session = True
    case.data = _data(row, cast)
    return case


def _data(row: Transition, cast) -> dict:
    a = row.action
    if a is A.EVALUATE:
        result = "satisfied" if Guard.RESULT_SATISFIED in row.guards else "dissatisfied"
        return evaluation(result)(cast, None)
    return {
        A.INVITE_COSIGNER: {"cosigner": cast.deputy3.id},
        A.PRE_APPROVE: {"checklist": {c: True for c in _codes()}},
        A.MERGE: {"main_item": cast.main_item.id},
        A.CONVERT: {"talk_record": "已与代表沟通。", "contact_way": "phone",
                    "contact_date": "2025-12-01"},
        A.REGISTER: {"category": cast.category.id},
        A.ROUTE: {"lead_unit": cast.unit.id, "co_units": [cast.co_unit.id]},
        A.APPROVE_REASSIGNMENT: {"lead_unit": cast.other_unit.id}
        if Guard.REASSIGNMENT_BY_LEAD in row.guards else {"co_units": [cast.other_unit.id]},
        A.LOG_CONTACT: {"contact_way": "phone", "contact_date": "2025-12-01", "people": "李代表",
                        "summary": "电话沟通"},
        A.SEND_CO_OPINION: {"opinion": "同意"},
        A.REQUEST_EXTENSION: {"new_due_date": "2026-03-20"},
        A.SUBMIT_REPLY: {"reply_category": "A", "reply_text": "已解决。"},
        A.ISSUE_REPLY: {"disclosure": "public"},
        A.MARK_KEY: {"leader": "张主任", "supervising_committee": cast.committee.id},
        A.REPORT_PROGRESS: {"report_text": "已完成前期设计。"},
        A.REPORT_PROMISE_KEPT: {"report_text": "已建成。"},
    }.get(a, {})


def _codes():
    from tracker.domain.steps.prereview import CODES
    return CODES


def actor_for(row: Transition, role: Role) -> str:
    """The cast member who holds `role` and owns the item as the row demands."""
    if role is Role.DEPUTY:
        return "deputy2" if row.own is Own.COSIGNER else "deputy"
    if role in (H, L):
        co = row.own is Own.CO_UNIT
        return {(H, False): "handler", (L, False): "leader", (H, True): "co_handler",
                (L, True): "co_leader"}[(role, co)]
    return {Role.GROUP_LEADER: "group_leader", Role.COMMITTEE_STAFF: "committee_staff",
            O: "office", S: "supervisor", Role.ADMIN: "admin"}[role]


def stranger_for(row: Transition, role: Role) -> str | None:
    """Someone who holds the role but does not own the item, where ownership matters."""
    if row.own in (Own.OWN_ITEM, Own.COSIGNER):
        return "deputy3"
    if row.own in (Own.LEAD_UNIT, Own.CO_UNIT, Own.OWN_UNIT):
        return "other_handler" if role is H else "other_leader"
    return None
