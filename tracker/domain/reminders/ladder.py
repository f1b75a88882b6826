"""The reminder ladder: DOMAIN §8's defaults per owner, the platform's and a congress's own rows, who
each step reaches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from tracker.domain.deadlines.calendar import WorkCalendar
from tracker.domain.deadlines.rows import owners_of, users_with_role
from tracker.models import Deadline, ReminderStep, User
from tracker.models.reminder import Audience
from tracker.tenancy import congress_in_scope, current_congress_id
from tracker.translations import Message
from tracker.workflow import DEADLINE_SPEC, DeadlineKind, Owner, Role
from tracker.workflow.i18n import N_

A = Audience
MAX_BEFORE = 10  # working days; bounds how early a deadline's first step can be (see schedule.py)


@dataclass(frozen=True)
class Step:
    level: int
    offset: int      # working days from the due day: -2 two before, 0 the day, 3 three after
    key_offset: int  # the same for a key-supervised item, never later
    audience: Audience

    def offset_for(self, is_key: bool) -> int:
        return self.key_offset if is_key else self.offset


def _before_and_on(owner_again: Audience = A.OWNER) -> list[tuple[int, int, Audience]]:
    return [(-2, -3, owner_again), (0, 0, owner_again)]


# After the due day escalation follows the owner (DOMAIN §8); key items climb sooner.
ESCALATION: dict[Owner, list[tuple[int, int, Audience]]] = {
    Owner.UNIT: [(1, 1, A.OWNER), (2, 1, A.UNIT_LEADER), (5, 2, A.OFFICE), (10, 4, A.SUPERVISORS)],
    Owner.UNIT_LEADER: [(1, 1, A.OWNER), (3, 1, A.OFFICE), (8, 3, A.SUPERVISORS)],
    Owner.REVIEWER: [(1, 1, A.OWNER), (3, 1, A.OFFICE), (8, 3, A.SUPERVISORS)],
    Owner.OFFICE: [(1, 1, A.OWNER), (3, 1, A.SUPERVISORS)],
    # A deputy's deadline: the deputy again and a notice to the office, never units or supervisors.
    Owner.DEPUTY: [(1, 1, A.OWNER), (1, 1, A.OFFICE)],
    Owner.COSIGNER: [(1, 1, A.OWNER), (1, 1, A.OFFICE)],
    # Nobody is above the council: it is reminded again.
    Owner.SUPERVISOR: [(3, 1, A.OWNER)],
}


def default_ladder(kind: DeadlineKind) -> list[Step]:
    spec = DEADLINE_SPEC[kind]
    if spec.is_window:
        return []  # nobody owes a window (workflow.WINDOW_KINDS)
    rungs = _before_and_on() + ESCALATION[spec.owner]
    return [Step(n, off, key, aud) for n, (off, key, aud) in enumerate(rungs, 1)]


def ladder_for(session, kind: DeadlineKind, cache: dict | None = None) -> list[Step]:
    """The ladder in force for a kind in the congress in scope: its own steps when it has any,
    else the platform's, else the default ladder. `cache` is keyed by congress as well."""
    key = (congress_in_scope(), kind)
    if cache is not None and key in cache:
        return cache[key]
    rows = session.scalars(select(ReminderStep).where(ReminderStep.kind == kind)
                           .order_by(ReminderStep.level)).all()  # the scope's: own and platform
    own = [r for r in rows if r.congress_id is not None]
    chosen = own or rows
    steps = ([Step(r.level, r.day_offset, r.key_day_offset, r.audience) for r in chosen] if chosen
             else default_ladder(kind))
    if cache is not None:
        cache[key] = steps
    return steps


def platform_ladder(session, kind: DeadlineKind) -> list[Step]:
    """The ladder a congress without steps of its own uses: the platform's rows, else the default."""
    rows = [r for r in session.scalars(select(ReminderStep).where(ReminderStep.kind == kind)
                                       .order_by(ReminderStep.level)) if r.congress_id is None]
    return [Step(r.level, r.day_offset, r.key_day_offset, r.audience) for r in rows] or default_ladder(kind)


def own_kinds(session) -> set[DeadlineKind]:
    """The kinds whose ladder this congress set itself."""
    return set(session.scalars(select(ReminderStep.kind).where(
        ReminderStep.congress_id == current_congress_id()).distinct()))


WHOM = {A.OWNER: N_("whoever owes the step"), A.UNIT_LEADER: N_("the unit's leader"),
        A.OFFICE: N_("the deputies' affairs office"), A.SUPERVISORS: N_("the supervisors (council)")}


class Sentence(Message):
    """A message shown as a sentence: its first letter capitalised (English; Chinese has none)."""

    __slots__ = ()

    def render(self, lang: str | None = None) -> str:
        text = super().render(lang)
        return text[:1].upper() + text[1:]


def _when(offset: int) -> Message:
    if offset == 0:
        return Message(N_("on the due day"))
    days = (Message(N_("1 working day")) if abs(offset) == 1
            else Message(N_("%(n)s working days"), n=abs(offset)))
    return Message(N_("%(days)s before the due day") if offset < 0 else N_("%(days)s after the due day"),
                   days=days)


def step_text(step: Step) -> Message:
    """One step in words: "截止前2个工作日提醒应办理人" / "2 working days before the due day, remind …"."""
    whom = Message(WHOM[Audience(step.audience)])
    if step.key_offset == step.offset:
        return Message(N_("%(when)s, remind %(whom)s"), when=_when(step.offset), whom=whom)
    return Message(N_("%(when)s, remind %(whom)s (key-supervised items: %(key_when)s)"),
                   when=_when(step.offset), whom=whom, key_when=_when(step.key_offset))


def ladder_text(steps: list[Step]) -> Sentence:
    """The whole ladder as one sentence, its steps joined by "；" (zh) or "; " (en)."""
    if not steps:
        return Sentence(N_("no reminders"))
    text = step_text(steps[-1])
    for step in reversed(steps[:-1]):
        text = Message(N_("ladder|%(first)s; %(rest)s"), first=step_text(step), rest=text)
    return Sentence(text.msgid, **text.params)


def step_day(calendar: WorkCalendar, due_on: date, offset: int) -> date:
    """The working day `offset` working days from the due day; 0 is the due day itself."""
    day, left = due_on, abs(offset)
    sign = 1 if offset > 0 else -1
    while left > 0:
        day += timedelta(days=sign)
        if calendar.is_workday(day):
            left -= 1
    return day


def superseded(steps: list[Step]) -> list[Step]:
    """Of several passed steps, drop those a later step to the same audience repeats.

    Planning late (after downtime, or a deadline opened already late) must not send "due in two
    days" after the due day; escalations to different people all still go.
    """
    keep = []
    for i, step in enumerate(steps):
        if not any(later.audience is step.audience for later in steps[i + 1:]):
            keep.append(step)
    return keep


def recipients(session, d: Deadline, item, audience: Audience) -> list[User]:
    """The people behind an audience for this deadline: owners, the unit's leaders, office, council."""
    if audience is A.OWNER:
        people = owners_of(session, d, item)
    elif audience is A.UNIT_LEADER:
        people = (users_with_role(session, Role.UNIT_LEADER, unit_id=d.owner_unit_id)
                  if d.owner_unit_id else [])
        if not people:  # a unit without a leader on file: the office hears instead
            people = users_with_role(session, Role.OFFICE_STAFF)
    elif audience is A.OFFICE:
        people = users_with_role(session, Role.OFFICE_STAFF)
    else:
        people = users_with_role(session, Role.SUPERVISOR)
    seen, out = set(), []
    for p in people:
        if p.id not in seen and p.is_active_user:
            seen.add(p.id)
            out.append(p)
    return out
