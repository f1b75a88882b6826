"""Replays the demo's stories through the engine, all items together in time order.

Each scene's steps are laid on the working-day calendar first (backwards from "lag working days
before now", or forwards from a session's dates), then every step of every item is applied in
the order of its moment, so registration numbers, audit ids and merges follow the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from seeds.paths import Step
from seeds.stories import Revise, Wait
from tracker.domain.core.engine import apply
from tracker.domain.deadlines.calendar import CHINA, WorkCalendar
from tracker.domain.errors import DomainError
from tracker.workflow import DRAFTING


@dataclass
class Cast:
    """Who plays each part in one item's story, and what the story's texts are about."""

    item: Any
    tpl: Any
    place: str
    street: str
    v: int
    deputy: Any
    group_leader: Any
    committee_staff: Any
    office: Any
    supervisor: Any
    category: Any
    unit: Any
    handler: Any
    leader: Any
    co_unit: Any = None
    co_handler: Any = None
    co_leader: Any = None
    unit2: Any = None
    handler2: Any = None
    leader2: Any = None
    main_item: Any = None
    cosigners: list = field(default_factory=list)
    promise_due: date | None = None
    report_dates: tuple[date, ...] = ()

    def fill(self, text: str) -> str:
        return text.format(place=self.place, street=self.street)

    def cosigner(self, n: int):
        return self.cosigners[n - 1]

    def __getattr__(self, name: str):
        # Steps name co-signers as "cosigner1", "cosigner2" …
        if name.startswith("cosigner") and name[8:].isdigit():
            return self.cosigner(int(name[8:]))
        raise AttributeError(name)


@dataclass
class Scene:
    story: str
    cast: Cast
    steps: list
    end: date  # the day of the last step (or the day a WAIT aims at)
    start: date | None = None  # given for stories that run forward from a session's dates
    session: Any = None
    seq: int = 0


def forward(cal: WorkCalendar, day: date, n: int) -> date:
    while n > 0:
        day += timedelta(days=1)
        n -= cal.is_workday(day)
    return day


def back(cal: WorkCalendar, day: date, n: int) -> date:
    while n > 0:
        day -= timedelta(days=1)
        n -= cal.is_workday(day)
    return day


def _remaining(steps: list, i: int) -> int:
    return sum(s.after for s in steps[i:])


def days_of(scene: Scene, cal: WorkCalendar) -> list[date]:
    """The day of each step; a Wait (explicit, or implied before the first step) idles."""
    out: list[date] = []
    clock = scene.start
    for i, step in enumerate(scene.steps):
        if clock is None:
            clock = back(cal, scene.end, _remaining(scene.steps, i))
        if isinstance(step, Wait):
            clock = max(clock, back(cal, scene.end, _remaining(scene.steps, i + 1)))
        clock = forward(cal, clock, step.after)
        if isinstance(step, Step) and step.during_session:
            s = scene.session
            sitting = forward(cal, s.opens_on, scene.seq % 3) if cal.is_workday(
                s.opens_on) else s.opens_on
            clock = max(clock, min(sitting, s.closes_on))
        out.append(clock)
    return out


def moments(scene: Scene, cal: WorkCalendar) -> list[datetime]:
    """Office hours in China time: each item keeps its own hour; same-day steps follow 25' apart."""
    hour, minute = 9 + scene.seq % 7, (scene.seq * 13) % 45
    out: list[datetime] = []
    for day in days_of(scene, cal):
        if out and out[-1].astimezone(CHINA).date() == day:
            out.append(out[-1] + timedelta(minutes=25))
        else:
            out.append(datetime.combine(day, time(hour, minute), CHINA).astimezone(UTC))
    return out


def play(scenes: list[Scene], cal: WorkCalendar, now: datetime) -> int:
    """Apply every step of every scene in time order; returns the number of engine actions."""
    agenda = []
    for scene in scenes:
        for i, (at, step) in enumerate(zip(moments(scene, cal), scene.steps, strict=True)):
            if at >= now:
                raise ValueError(f"demo story {scene.story!r} would run into the future ({at})")
            if not isinstance(step, Wait):
                agenda.append((at, scene.seq, i, scene, step))
    agenda.sort(key=lambda e: e[:3])
    for at, _, _, scene, step in agenda:
        item = scene.cast.item
        if isinstance(step, Revise):
            if item.state not in DRAFTING:
                raise ValueError(f"demo story {scene.story!r} edits an item in {item.state}")
            item.reasons += step.note
            continue
        try:
            data = step.data(scene.cast, at) if step.data else None
            apply(item, step.action, actor=getattr(scene.cast, step.who), as_role=step.role,
                  at=at, reason=step.reason or None, data=data)
        except DomainError as exc:
            raise RuntimeError(
                f"engine refused demo story {scene.story!r} ({item.title}) at {at:%Y-%m-%d}: "
                f"{step.action} by {step.who} in state {item.state}: {exc.zh} / {exc.en}"
            ) from exc
    return sum(1 for e in agenda if not isinstance(e[4], Revise))
