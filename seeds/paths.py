"""Scripted paths that take a suggestion to any state through the engine, with moments in the past.

A path is a list of steps; each names the actor by its part in the cast (deputy, office, handler …),
the role it acts as, and how many days after the previous step it happens. The demo loader and the
tests both use these, so every demo history is one the engine really accepts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tracker.domain.core.engine import apply
from tracker.domain.deadlines.calendar import china_date
from tracker.domain.steps.prereview import all_pass
from tracker.workflow import Action as A
from tracker.workflow import Channel, Role, State

Data = Callable[[Any, datetime], dict]


@dataclass(frozen=True)
class Step:
    action: A
    who: str
    role: Role
    reason: str = ""
    data: Data | None = None
    after: int = 1  # days after the previous step
    during_session: bool = False  # wait for the session to sit


def _checklist(cast, at):
    return {"checklist": all_pass({})}


def _register(cast, at):
    return {"category": cast.category.id}


def _route(cast, at):
    co = getattr(cast, "co_unit", None)
    return {"lead_unit": cast.unit.id, "co_units": [co.id] if co else []}


def _contact(cast, at):
    return {"contact_way": "face_to_face", "contact_date": china_date(at).isoformat(),
            "people": cast.deputy.name, "summary": "与代表当面沟通办理思路，现场查看。"}


def reply_data(category: str = "B", text: str = "经研究，已列入今年实施计划。") -> Data:
    def data(cast, at):
        out = {"reply_category": category, "reply_text": text}
        if category in ("B", "C"):
            out |= {"promised_date": (china_date(at) + timedelta(days=150)).isoformat(),
                    "promise_text": "年内完成相关工作。"}
        return out
    return data


def evaluation(result: str, attitude: str = "satisfied") -> Data:
    return lambda cast, at: {"attitude": attitude, "result": result}


D, G, C, O = Role.DEPUTY, Role.GROUP_LEADER, Role.COMMITTEE_STAFF, Role.OFFICE_STAFF  # noqa: E741  (short names keep the step table readable)
H, L, S = Role.UNIT_HANDLER, Role.UNIT_LEADER, Role.SUPERVISOR

SUBMIT = Step(A.SUBMIT_FOR_REVIEW, "deputy", D)
GROUP_PASS = Step(A.PASS_REVIEW, "group_leader", G)
COMMITTEE_PASS = Step(A.PASS_REVIEW, "committee_staff", C)
PRE_APPROVE = Step(A.PRE_APPROVE, "office", O, data=_checklist)
FORMAL = Step(A.SUBMIT_FORMALLY, "deputy", D, during_session=True)
REGISTER = Step(A.REGISTER, "office", O, data=_register)
ROUTE = Step(A.ROUTE, "office", O, data=_route, after=3)
SIGN = Step(A.SIGN_FOR, "handler", H)
CONTACT = Step(A.LOG_CONTACT, "handler", H, data=_contact, after=10)
REPLY = Step(A.SUBMIT_REPLY, "handler", H, data=reply_data(), after=30)
ISSUE = Step(A.ISSUE_REPLY, "leader", L, data=lambda c, a: {"disclosure": "public"})
SATISFIED = Step(A.EVALUATE, "deputy", D, data=evaluation("satisfied"), after=5)
UNSATISFIED = Step(A.EVALUATE, "deputy", D, reason="答复内容空泛，问题没有实质解决。",
                   data=evaluation("dissatisfied", "basically"), after=5)
REHANDLE = Step(A.ORDER_REHANDLING, "office", O, reason="已约见代表和承办单位座谈，交由重新办理。")

BETWEEN_TO_SUBMITTED = [SUBMIT, PRE_APPROVE]
SESSION_TO_PRE_APPROVED = [SUBMIT, GROUP_PASS, COMMITTEE_PASS, PRE_APPROVE]
TO_IN_HANDLING = [*BETWEEN_TO_SUBMITTED, REGISTER, ROUTE, SIGN]
TO_REPLIED = [*TO_IN_HANDLING, CONTACT, REPLY, ISSUE]
TO_REHANDLING = [*TO_REPLIED, UNSATISFIED, REHANDLE]

# For every state: the channel that reaches it and the steps from a fresh draft.
PATHS: dict[State, tuple[Channel, list[Step]]] = {
    State.DRAFT: (Channel.BETWEEN, []),
    State.GROUP_REVIEW: (Channel.SESSION, [SUBMIT]),
    State.COMMITTEE_REVIEW: (Channel.SESSION, [SUBMIT, GROUP_PASS]),
    State.OFFICE_REVIEW: (Channel.BETWEEN, [SUBMIT]),
    State.RETURNED: (Channel.BETWEEN, [SUBMIT, Step(A.RETURN_FOR_REVISION, "office", O,
                                                     reason="请补充具体的实施地点和数据。")]),
    State.PRE_APPROVED: (Channel.SESSION, SESSION_TO_PRE_APPROVED),
    State.SUBMITTED: (Channel.BETWEEN, BETWEEN_TO_SUBMITTED),
    State.REGISTERED: (Channel.BETWEEN, [*BETWEEN_TO_SUBMITTED, REGISTER]),
    State.ASSIGNED: (Channel.BETWEEN, [*BETWEEN_TO_SUBMITTED, REGISTER, ROUTE]),
    State.IN_HANDLING: (Channel.BETWEEN, TO_IN_HANDLING),
    State.REPLY_SIGNOFF: (Channel.BETWEEN, [*TO_IN_HANDLING, CONTACT, REPLY]),
    State.REPLIED: (Channel.BETWEEN, TO_REPLIED),
    State.DISSATISFIED: (Channel.BETWEEN, [*TO_REPLIED, UNSATISFIED]),
    State.REHANDLING: (Channel.BETWEEN, TO_REHANDLING),
    State.ESCALATED: (Channel.BETWEEN, [*TO_REHANDLING, REPLY, ISSUE, UNSATISFIED]),
    State.CLOSED: (Channel.BETWEEN, [*TO_REPLIED, SATISFIED]),
    State.WITHDRAWN: (Channel.BETWEEN, [Step(A.WITHDRAW, "deputy", D, reason="情况已变化。")]),
    State.MERGED: (Channel.BETWEEN, [SUBMIT, Step(A.MERGE, "office", O, reason="与同类建议并案办理。",
                                                  data=lambda c, a: {"main_item": c.main_item.id})]),
    State.NOT_REGISTERED: (Channel.BETWEEN, [*BETWEEN_TO_SUBMITTED, Step(
        A.DECLINE_REGISTRATION, "office", O, reason="属于具体案件，依法不予立案。")]),
    State.CONVERTED: (Channel.BETWEEN, [SUBMIT, Step(
        A.CONVERT, "office", O, reason="已书面告知代表：本件转代表来信处理。",
        data=lambda c, a: {"talk_record": "工委于电话中与代表沟通，代表同意转来信处理。",
                           "contact_way": "phone", "contact_date": china_date(a).isoformat()})]),
}


@dataclass
class Walker:
    """Plays steps on one item, moving a clock forward; returns the moment of the last step."""

    cast: Any
    clock: datetime
    events: list = field(default_factory=list)

    def play(self, item, steps: list[Step]) -> datetime:
        for step in steps:
            self.clock += timedelta(days=step.after)
            session = item.session
            if step.during_session and session is not None:
                opens = datetime.combine(session.opens_on, self.clock.timetz())
                self.clock = max(self.clock, opens.replace(tzinfo=self.clock.tzinfo))
            actor = getattr(self.cast, step.who)
            data = step.data(self.cast, self.clock) if step.data else None
            self.events.append(apply(item, step.action, actor=actor, as_role=step.role,
                                     at=self.clock, reason=step.reason or None, data=data))
        return self.clock
