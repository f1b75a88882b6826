"""The demo's stories: named step lists, built on seeds.paths, taking one suggestion to its state.

Here `Step.after` counts working days (seeds.replay moves the clock on the official calendar).
A story is a function of the channel kind ("between" or "session") and a variant number, which
varies the wording, so that 140 histories read like different people wrote them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from seeds.data.templates import (
    ADVISE_WITHDRAWAL,
    CO_OPINION,
    CONTACTS,
    LATER,
    REFERENCE,
    RETURN_REASONS,
    REVISIONS,
    WHY,
)
from seeds.paths import (
    COMMITTEE_PASS,
    FORMAL,
    GROUP_PASS,
    PRE_APPROVE,
    REGISTER,
    SUBMIT,
    D,
    G,
    H,
    L,
    O,
    S,
    Step,
    evaluation,
)
from tracker.domain.deadlines.calendar import china_date
from tracker.workflow import Action as A
from tracker.workflow import Role

C = Role.COMMITTEE_STAFF


@dataclass(frozen=True)
class Revise:
    """The deputy edits the returned draft (not an engine action: content is theirs to change)."""

    note: str
    after: int = 1


@dataclass(frozen=True)
class Wait:
    """The story idles here, as long as it takes to end `lag` working days before now."""

    after: int = 0


WAIT = Wait()


def step(action, who, role, after=1, reason="", data=None) -> Step:
    return Step(action, who, role, reason=reason, data=data, after=after)


def _route(cast, at):
    co = [cast.co_unit.id] if cast.co_unit is not None else []
    return {"lead_unit": cast.unit.id, "co_units": co}


def _contact(cast, at):
    way, summary = CONTACTS[cast.v % len(CONTACTS)]
    return {"contact_way": way, "contact_date": china_date(at).isoformat(),
            "people": f"{cast.deputy.name}代表、承办单位经办人", "summary": summary}


def reply(category: str, round_two: bool = False):
    """A reply in the template's words; B and C promise a date (the plan's, or a few months on)."""
    def data(cast, at):
        body = {"A": cast.fill(cast.tpl.done), "B": cast.fill(cast.tpl.plan), "C": LATER,
                "D": REFERENCE}[category]
        prefix = "经重新办理，" if round_two else f"{cast.deputy.name}代表：您提出的建议收悉。"
        out = {"reply_category": category, "reply_text": prefix + body}
        if category in ("B", "C"):
            today = china_date(at)
            wanted = cast.promise_due or today + timedelta(days=120 if category == "B" else 240)
            out |= {"promised_date": max(wanted, today + timedelta(days=14)).isoformat(),
                    "promise_text": cast.fill(cast.tpl.promise)}
        return out
    return data


def _disclosure(cast, at):
    # Most replies are published (主动公开); a few are on request, one in eleven not public.
    if cast.v % 11 == 10:
        return {"disclosure": "private", "disclosure_reason": WHY["private"]}
    return {"disclosure": "on_request" if cast.v % 7 == 6 else "public"}


def _mark_key(cast, at):
    today = china_date(at)
    return {"leader": f"{cast.supervisor.name}{cast.supervisor.title}",
            "supervising_committee": cast.category.committee_id,
            "report_dates": [d.isoformat() for d in cast.report_dates if d > today]}


def _extend(cast, at):
    # Five months from assignment: later than the 3-month reply date, within the 6-month cap.
    assigned = china_date(cast.item.assigned_at)
    return {"new_due_date": (assigned + timedelta(days=150)).isoformat()}


def invite(n: int) -> Step:
    return step(A.INVITE_COSIGNER, "deputy", D, data=lambda c, a: {"cosigner": c.cosigner(n).id})


def answer(n: int, yes: bool = True, after: int = 1) -> Step:
    return step(A.CONFIRM_COSIGN if yes else A.DECLINE_COSIGN, f"cosigner{n}", D, after)


def ret(role: Role, v: int, after: int = 3) -> Step:
    who = {G: "group_leader", C: "committee_staff", O: "office"}[role]
    return step(A.RETURN_FOR_REVISION, who, role, after, RETURN_REASONS[v % len(RETURN_REASONS)])


def revise(v: int) -> Revise:
    return Revise(REVISIONS[v % len(REVISIONS)], after=2)


RESUBMIT = step(A.RESUBMIT, "deputy", D, 1)
AS_IS = step(A.SUBMIT_AS_IS, "deputy", D, 2)
WITHDRAW = step(A.WITHDRAW, "deputy", D, 2, WHY["withdraw"])
MERGE = step(A.MERGE, "office", O, 3, WHY["merge"], lambda c, a: {"main_item": c.main_item.id})
CONVERT = step(A.CONVERT, "office", O, 3, WHY["convert"],
               lambda c, a: {"talk_record": WHY["convert_talk"], "contact_way": "phone",
                             "contact_date": china_date(a).isoformat()})
DECLINE = step(A.DECLINE_REGISTRATION, "office", O, 2, WHY["decline"])
DECLINE_PERSONAL = replace(DECLINE, reason=WHY["decline_personal"])
ROUTE = step(A.ROUTE, "office", O, 3, data=_route)
SIGN = step(A.SIGN_FOR, "handler", H, 1)
CO_SIGN = step(A.SIGN_FOR, "co_handler", H, 2)
CONTACT = step(A.LOG_CONTACT, "handler", H, 8, data=_contact)
CO_OPINION_SENT = step(A.SEND_CO_OPINION, "co_handler", H, 10,
                       data=lambda c, a: {"opinion": CO_OPINION})
ISSUE = step(A.ISSUE_REPLY, "leader", L, 2, data=_disclosure)
RETURN_REPLY = step(A.RETURN_REPLY, "leader", L, 2, WHY["return_reply"])
REHANDLE = step(A.ORDER_REHANDLING, "office", O, 3, WHY["rehandle"])
SUP_REHANDLE = step(A.ORDER_REHANDLING, "supervisor", S, 6, WHY["supervisors_rehandle"])
CONCLUDE = step(A.CONCLUDE, "supervisor", S, 8, WHY["conclude"])
NO_FEEDBACK = step(A.CLOSE_NO_FEEDBACK, "office", O, 17)  # the 15 working days have passed
MARK_KEY = step(A.MARK_KEY, "supervisor", S, 3, data=_mark_key)
PROGRESS = step(A.REPORT_PROGRESS, "handler", H, 15,
                data=lambda c, a: {"report_text": WHY["progress"]})
REQ_REASSIGN = step(A.REQUEST_REASSIGNMENT, "leader", L, 2, WHY["reassign"])
CO_REQ_REASSIGN = step(A.REQUEST_REASSIGNMENT, "co_leader", L, 2, WHY["co_release"])
APPROVE_REASSIGN = step(A.APPROVE_REASSIGNMENT, "office", O, 2,
                        data=lambda c, a: {"lead_unit": c.unit2.id})
APPROVE_CO_RELEASE = step(A.APPROVE_REASSIGNMENT, "office", O, 2, data=lambda c, a: {})
REFUSE_REASSIGN = step(A.REFUSE_REASSIGNMENT, "office", O, 3, WHY["refuse_reassign"])
REQ_EXT = step(A.REQUEST_EXTENSION, "leader", L, 30, WHY["extend"], _extend)
APPROVE_EXT = step(A.APPROVE_EXTENSION, "office", O, 3)
REFUSE_EXT = step(A.REFUSE_EXTENSION, "office", O, 3, WHY["refuse_extension"])
KEPT = step(A.REPORT_PROMISE_KEPT, "handler", H, 2,
            data=lambda c, a: {"report_text": WHY["kept"]})
NOT_KEPT = step(A.REPORT_PROMISE_NOT_KEPT, "handler", H, 2, WHY["not_kept"])
ACCEPT = step(A.ACCEPT_PROMISE_REPORT, "office", O, 3)
SEND_BACK = step(A.SEND_BACK_PROMISE_REPORT, "office", O, 3, WHY["send_back"])


def evaluate(v: int, happy: bool = True, after: int = 6) -> Step:
    if happy:
        result = ("satisfied", "basically")[v % 2]
        return step(A.EVALUATE, "deputy", D, after, data=evaluation(result))
    return step(A.EVALUATE, "deputy", D, after, WHY["dissatisfied"],
                evaluation("dissatisfied", ("basically", "dissatisfied")[v % 2]))


def reply_step(cat: str, round_two: bool = False, after: int = 20) -> Step:
    return step(A.SUBMIT_REPLY, "handler", H, after, data=reply(cat, round_two))


# ---- heads: the common beginnings --------------------------------------------------------
def prereview(kind: str) -> list:
    if kind == "session":
        return [SUBMIT, replace(GROUP_PASS, after=2), replace(COMMITTEE_PASS, after=3),
                replace(PRE_APPROVE, after=3)]
    return [SUBMIT, replace(PRE_APPROVE, after=2)]


def submitted(kind: str) -> list:
    return prereview(kind) + ([FORMAL] if kind == "session" else [])


def routed(kind: str) -> list:
    return [*submitted(kind), replace(REGISTER, after=2), replace(ROUTE, after=8 if kind ==
                                                                    "session" else 3)]


def handling(kind: str, co: bool = False) -> list:
    return [*routed(kind), SIGN, *([CO_SIGN] if co else []), CONTACT]


def replied(kind: str, cat: str = "A", co: bool = False) -> list:
    return [*handling(kind, co), *([CO_OPINION_SENT] if co else []), reply_step(cat), ISSUE]


def closed(kind: str, v: int, cat: str = "A", co: bool = False) -> list:
    return [*replied(kind, cat, co), evaluate(v)]


def rehandling(kind: str, v: int, cat: str = "B") -> list:
    return [*replied(kind, cat), evaluate(v, happy=False), REHANDLE]


def escalated(kind: str, v: int) -> list:
    return [*rehandling(kind, v), CONTACT, reply_step("C", True, 12), ISSUE,
            evaluate(v, happy=False)]


def layer(kind: str, upto: str) -> list:
    """Submit and pass layers until the draft sits with `upto` (group, committee or office)."""
    if kind == "between":
        return [SUBMIT]
    return [SUBMIT, GROUP_PASS, COMMITTEE_PASS][: {"group": 1, "committee": 2, "office": 3}[upto]]


Story = Callable[[str, int], list]  # (kind, variant) -> steps

STORIES: dict[str, Story] = {
    "draft": lambda k, v: [],
    "joint_pending": lambda k, v: [invite(1)],
    "joint_in_review": lambda k, v: [invite(1), replace(invite(2), after=0), answer(1),
                                     answer(2), SUBMIT],
    "group_review": lambda k, v: layer(k, "group"),
    "committee_review": lambda k, v: layer(k, "committee"),
    "office_review": lambda k, v: layer(k, "office"),
    "returned_group": lambda k, v: [*layer(k, "group"), ret(G, v)],
    "returned_committee": lambda k, v: [*layer(k, "committee"), ret(C, v)],
    "returned_office": lambda k, v: [*layer(k, "office"), ret(O, v)],
    "two_rounds": lambda k, v: (
        [SUBMIT, ret(G, v), revise(v), RESUBMIT, GROUP_PASS, ret(C, v + 1), revise(v + 1),
         RESUBMIT, COMMITTEE_PASS] if k == "session"
        else [SUBMIT, ret(O, v), revise(v), RESUBMIT, ret(O, v + 1)]),
    "pre_approved": lambda k, v: prereview(k),
    "as_is": lambda k, v: [*layer(k, "committee"), ret(C if k == "session" else O, v), AS_IS],
    "withdrawn": lambda k, v: [*layer(k, "committee"), step(
        A.ADVISE_WITHDRAWAL, "committee_staff" if k == "session" else "office",
        C if k == "session" else O, 3, ADVISE_WITHDRAWAL[v % 2]), WITHDRAW],
    "withdrawn_joint": lambda k, v: [
        invite(1), answer(1), SUBMIT,
        step(A.REQUEST_WITHDRAWAL, "deputy", D, 2, WHY["propose_withdrawal"]),
        step(A.AGREE_WITHDRAWAL, "cosigner1", D, 1), WITHDRAW],
    "merged": lambda k, v: [*layer(k, "office"), MERGE],
    "converted": lambda k, v: [*layer(k, "office"), CONVERT],
    "submitted": lambda k, v: submitted(k),
    "not_registered": lambda k, v: [*submitted(k), DECLINE],
    "not_registered_as_is": lambda k, v: [SUBMIT, step(
        A.ADVISE_WITHDRAWAL, "office", O, 3, ADVISE_WITHDRAWAL[1]), AS_IS, DECLINE_PERSONAL],
    "registered": lambda k, v: [*submitted(k), replace(REGISTER, after=2)],
    "assigned": lambda k, v: routed(k),
    "in_handling": lambda k, v: handling(k),
    "co_pending": lambda k, v: [*routed(k), SIGN, CONTACT],
    "co_received": lambda k, v: [*routed(k), SIGN, CO_SIGN, CONTACT],
    "co_opinion": lambda k, v: [*handling(k, co=True), CO_OPINION_SENT],
    "co_released": lambda k, v: [*routed(k), SIGN, CO_REQ_REASSIGN, APPROVE_CO_RELEASE, CONTACT],
    "reassign_pending": lambda k, v: [*routed(k), REQ_REASSIGN],
    "reassign_refused": lambda k, v: [*routed(k), SIGN, REQ_REASSIGN, REFUSE_REASSIGN, CONTACT],
    "reassign_approved": lambda k, v: [
        *routed(k), REQ_REASSIGN, APPROVE_REASSIGN, replace(SIGN, who="handler2"),
        replace(CONTACT, who="handler2")],
    "reassign_closed": lambda k, v: [
        *routed(k), REQ_REASSIGN, APPROVE_REASSIGN, replace(SIGN, who="handler2"),
        replace(CONTACT, who="handler2"), replace(reply_step("A"), who="handler2"),
        replace(ISSUE, who="leader2"), evaluate(v)],
    "extension_pending": lambda k, v: [*handling(k), REQ_EXT],
    "extension_approved": lambda k, v: [*handling(k), REQ_EXT, APPROVE_EXT],
    "extension_refused": lambda k, v: [*handling(k), REQ_EXT, REFUSE_EXT],
    "key_extended": lambda k, v: [*routed(k), MARK_KEY, SIGN, CONTACT, REQ_EXT, APPROVE_EXT],
    "reply_signoff": lambda k, v: [*handling(k), reply_step(("A", "B", "D")[v % 3])],
    "reply_returned": lambda k, v: [*handling(k), reply_step("A"), RETURN_REPLY],
    "reply_reissued": lambda k, v: [*handling(k), reply_step("D"), RETURN_REPLY,
                                    reply_step("B", after=5), ISSUE],
    "replied": lambda k, v: replied(k, ("A", "B", "A", "D")[v % 4]),
    "closed": lambda k, v: closed(k, v, ("A", "A", "D", "A")[v % 4]),
    "closed_co": lambda k, v: closed(k, v, "A", co=True),
    "joint_closed": lambda k, v: [invite(1), answer(1), *closed(k, v)],
    "cosign_declined_closed": lambda k, v: [invite(1), replace(invite(2), after=0), answer(1),
                                            answer(2, yes=False), *closed(k, v)],
    "two_rounds_closed": lambda k, v: [
        SUBMIT, ret(G, v), revise(v), RESUBMIT, GROUP_PASS, ret(C, v + 1), revise(v + 1),
        RESUBMIT, COMMITTEE_PASS, PRE_APPROVE, FORMAL, *routed(k)[-2:], SIGN, CONTACT,
        reply_step("A"), ISSUE, evaluate(v)],
    "as_is_closed": lambda k, v: [*layer(k, "office"), ret(O, v), AS_IS, *(
        [FORMAL] if k == "session" else []), *routed(k)[-2:], SIGN, CONTACT, reply_step("D"),
        ISSUE, evaluate(1)],
    "promise_open": lambda k, v: closed(k, v, ("B", "C", "B")[v % 3]),
    "promise_kept": lambda k, v: [*closed(k, v, "B"), WAIT, KEPT],
    "promise_not_kept": lambda k, v: [*closed(k, v, "C"), WAIT, NOT_KEPT],
    "promise_accepted": lambda k, v: [*closed(k, v, "B"), WAIT, NOT_KEPT, ACCEPT],
    "promise_sent_back": lambda k, v: [*closed(k, v, "C"), WAIT, NOT_KEPT, SEND_BACK],
    "no_feedback": lambda k, v: [*replied(k, ("A", "B")[v % 2]), NO_FEEDBACK],
    "dissatisfied": lambda k, v: [*replied(k, "D"), evaluate(v, happy=False)],
    "rehandling": lambda k, v: rehandling(k, v),
    "rehandling_signoff": lambda k, v: [*rehandling(k, v), CONTACT, reply_step("A", True, 12)],
    "rehandled_closed": lambda k, v: [*rehandling(k, v), CONTACT, reply_step("A", True, 12),
                                      ISSUE, evaluate(v)],
    "escalated": lambda k, v: escalated(k, v),
    "escalated_rehandling": lambda k, v: [*escalated(k, v), WAIT, SUP_REHANDLE],
    "concluded": lambda k, v: [*escalated(k, v), CONCLUDE],
    "key_handling": lambda k, v: [*routed(k), MARK_KEY, SIGN, CONTACT, WAIT, PROGRESS],
    # Marked early; the dissatisfaction rounds are recent, so the story waits after the contact.
    "key_escalated": lambda k, v: [*routed(k), MARK_KEY, SIGN, CONTACT, WAIT, PROGRESS,
                                   *escalated(k, v)[len(routed(k)) + 2:], SUP_REHANDLE],
}
