"""The printed documents' contents: the assignment notice (交办通知), reply letter (答复函), feedback form.

Each builder reads the database once and returns plain data, so the templates only lay it out and
the same facts can be checked in tests without rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from tracker.domain.deadlines.calendar import china_date
from tracker.models import (
    Assignment,
    CoSigner,
    Deadline,
    Evaluation,
    HandlingUnit,
    Reply,
    Suggestion,
    User,
)
from tracker.workflow import DeadlineKind
from tracker.workflow.statuses import AssignmentState, CoSignerStatus, ReplyStatus

# A notice lists the units the item is with now: one released by a reassignment is no longer one.
LIVE = Assignment.state != AssignmentState.RELEASED

K = DeadlineKind


def deputies_of(session, item: Suggestion) -> list[str]:
    """The lead deputy first, then confirmed co-signers (merged deputies join as co-signers)."""
    names = [item.author.name]
    for (name,) in session.execute(select(User.name).join(CoSigner, CoSigner.deputy_id == User.id)
                                   .where(CoSigner.suggestion_id == item.id,
                                          CoSigner.status == CoSignerStatus.CONFIRMED).order_by(CoSigner.id)):
        if name not in names:
            names.append(name)
    return names


def reply_ref(item: Suggestion, reply: Reply) -> str:
    """The reply's number as the letter and the feedback form print it: item number and round."""
    return f"{item.registration_label or '#' + str(item.id)}-{reply.round}"


@dataclass(frozen=True)
class NoticeLine:
    item: Suggestion
    is_lead: bool
    deputies: list[str]
    sign_for_due: date | None
    due_on: date | None  # the reply for the lead unit, the opinion for a co-unit
    partners: list[tuple[str, bool]]  # the other units on the item: (name, is lead)


@dataclass
class AssignmentNotice:
    unit: HandlingUnit
    day: date | None
    lines: list[NoticeLine] = field(default_factory=list)
    batches: list[date] = field(default_factory=list)  # every day the unit was given items

    @property
    def lead_count(self) -> int:
        return sum(line.is_lead for line in self.lines)


def notice_batches(session) -> list[tuple[HandlingUnit, list[date]]]:
    """Every unit that was given items, with the days it was given them, newest first."""
    days: dict[int, set[date]] = {}
    for unit_id, assigned_at in session.execute(select(Assignment.unit_id, Assignment.assigned_at)
                                                .where(LIVE)):
        days.setdefault(unit_id, set()).add(china_date(assigned_at))
    units = session.scalars(select(HandlingUnit).where(HandlingUnit.id.in_(days))
                            .order_by(HandlingUnit.id)) if days else []
    return [(u, sorted(days[u.id], reverse=True)) for u in units]


def assignment_notice(session, unit: HandlingUnit, day: date | None = None) -> AssignmentNotice:
    """The unit's items routed on one day (the latest batch when no day is given)."""
    rows = session.execute(select(Assignment, Suggestion)
                           .join(Suggestion, Suggestion.id == Assignment.suggestion_id)
                           .where(Assignment.unit_id == unit.id, LIVE)
                           .order_by(Assignment.assigned_at, Suggestion.reg_sequence,
                                     Suggestion.reg_number, Suggestion.id)).all()
    batches = sorted({china_date(a.assigned_at) for a, _ in rows}, reverse=True)
    day = day or (batches[0] if batches else None)
    notice = AssignmentNotice(unit, day, batches=batches)
    chosen = [(a, item) for a, item in rows if china_date(a.assigned_at) == day]
    if not chosen:
        return notice
    ids = [item.id for _, item in chosen]
    due: dict[tuple[str, int, str], date] = {}
    for d in session.scalars(select(Deadline).where(
            Deadline.suggestion_id.in_(ids), Deadline.kind.in_([K.SIGN_FOR, K.REPLY, K.CO_OPINION]))
            .order_by(Deadline.opened_at, Deadline.id)):
        # The first deadline opened is the one the notice gave; a later extension is not its business.
        part = ("a", d.assignment_id) if d.assignment_id else ("s", d.suggestion_id)
        due.setdefault((*part, d.kind.value), d.due_on)
    others: dict[int, list[tuple[str, bool]]] = {}
    for sid, name, is_lead in session.execute(
            select(Assignment.suggestion_id, HandlingUnit.name, Assignment.is_lead)
            .join(HandlingUnit, HandlingUnit.id == Assignment.unit_id)
            .where(Assignment.suggestion_id.in_(ids), Assignment.unit_id != unit.id, LIVE)
            .order_by(Assignment.is_lead.desc(), Assignment.id)):
        others.setdefault(sid, []).append((name, is_lead))
    for a, item in chosen:
        answer = (due.get(("s", item.id, K.REPLY.value)) if a.is_lead
                  else due.get(("a", a.id, K.CO_OPINION.value)))
        notice.lines.append(NoticeLine(item, a.is_lead, deputies_of(session, item),
                                       due.get(("a", a.id, K.SIGN_FOR.value)), answer,
                                       others.get(item.id, [])))
    return notice


@dataclass(frozen=True)
class CoOpinion:
    unit: str
    text: str
    sent_on: date | None


@dataclass
class ReplyLetter:
    item: Suggestion
    reply: Reply
    ref: str
    unit: str
    deputies: list[str]
    co_opinions: list[CoOpinion]
    signer: str
    signed_on: date | None
    contact_name: str
    contact_phone: str
    evaluation: Evaluation | None = None


def issued_replies(session, item: Suggestion) -> list[Reply]:
    return list(session.scalars(select(Reply).where(Reply.suggestion_id == item.id,
                                                    Reply.status == ReplyStatus.ISSUED)
                                .order_by(Reply.issued_at, Reply.id)))


def reply_letter(session, item: Suggestion, reply: Reply) -> ReplyLetter:
    """The letter of one issued reply; also what the feedback form prints about it."""
    users = {u.id: u for u in session.scalars(select(User).where(
        User.id.in_({reply.approved_by_id, reply.drafted_by_id} - {None})))}
    co = [CoOpinion(a.unit.name, a.opinion, china_date(a.opinion_sent_at) if a.opinion_sent_at else None)
          for a in session.scalars(select(Assignment).where(
              Assignment.suggestion_id == item.id, Assignment.is_lead.is_(False),
              Assignment.opinion != "").order_by(Assignment.id))]
    drafter = users.get(reply.drafted_by_id)
    signer = users.get(reply.approved_by_id)
    return ReplyLetter(
        item=item, reply=reply, ref=reply_ref(item, reply), unit=reply.unit.name,
        deputies=deputies_of(session, item), co_opinions=co,
        signer=signer.name if signer else "",
        signed_on=china_date(reply.issued_at) if reply.issued_at else None,
        contact_name=drafter.name if drafter else "", contact_phone=drafter.phone if drafter else "",
        evaluation=session.scalar(select(Evaluation).where(Evaluation.reply_id == reply.id)))
