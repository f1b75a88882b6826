"""The demo loader: 城东区's organisations and people, then 140-odd suggestions through the engine.

`load_demo(session, now)` flushes and never commits (the CLI commits). Every history runs in the
past of `now`, through `tracker.domain.engine.apply`, so audit trails and deadlines are real.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, time, timedelta
from itertools import count

from sqlalchemy import func, select, update

from seeds.data import TEMPLATES
from seeds.data.org import SESSIONS
from seeds.data.plan import PLAN, Row
from seeds.data.templates import ORIGINS
from seeds.liaison import load_liaison
from seeds.reminders import remind_as_if_running
from seeds.replay import Cast, Scene, back, forward, moments, play
from seeds.stories import STORIES
from seeds.world import World, build_world
from tracker.domain.authoring.drafts import start_draft
from tracker.domain.deadlines.calendar import CHINA, china_date, load_calendar
from tracker.models import (
    AuditEvent,
    Deadline,
    DeputyGroup,
    HandlingUnit,
    LiaisonOpinion,
    Outbox,
    Promise,
    Suggestion,
    User,
    UserRole,
)
from tracker.models.handling import PromiseState
from tracker.security import hash_password
from tracker.workflow import DEADLINE_SPEC, Channel, State

# FOR THE DEMO ONLY. Every demo account (daibiao, daibiao2, zuzhang, zhuanwei, gongwei, jingban,
# fuzeren, xieban, zhuren, admin and all generated users) signs in with this public password.
# Never load the demo into a database that real people use.
DEMO_PASSWORD = "demo1234"
DEMO_LOGINS = ("daibiao", "daibiao2", "zuzhang", "zhuanwei", "gongwei", "jingban", "fuzeren",
               "xieban", "zhuren", "admin")
CO_STORIES = {"co_pending", "co_received", "co_opinion", "co_released", "closed_co"}
ALT_STORIES = {"reassign_pending", "reassign_refused", "reassign_approved", "reassign_closed"}
JOINT_STORIES = {"joint_pending": 1, "joint_in_review": 2, "withdrawn_joint": 1,
                 "joint_closed": 1, "cosign_declined_closed": 2}


class Casting:
    """Chooses a template, an author, a place and the staff for each planned item, in turn."""

    def __init__(self, world: World):
        self.w = world
        self.turns: dict[tuple, count] = defaultdict(count)
        self.titles: set[str] = set()
        self.uses: Counter[str] = Counter()
        self.named: dict[str, tuple[Suggestion, object]] = {}
        self.variant = count()

    def _next(self, key: tuple, options: list):
        return options[next(self.turns[key]) % len(options)]

    def templates(self, row: Row) -> list:
        """The templates that fit the row's pins, starting at this row kind's next turn."""
        if row.main:
            return [self.named[row.main][1]]
        committee_of = {c.name: c.committee.name for c in self.w.categories.values()}
        fits = [t for t in TEMPLATES
                if (row.unit is None or t.lead == row.unit)
                and (row.co is False or (t.co is not None and row.co in (True, t.co)))
                and (row.story not in CO_STORIES or t.co is not None)
                and (row.story not in ALT_STORIES or t.alt is not None)
                and (row.committee is None or committee_of[t.category] == row.committee)]
        # The least used first, so that every template and unit gets its share.
        return sorted(fits, key=lambda t: self.uses[t.key])

    def authors(self, row: Row, rural: bool) -> list[User]:
        if row.author:
            return [self.w.logins[row.author]]
        streets = [row.group] if row.group else list(self.w.deputies)
        # Group leaders review their group's drafts and the demo deputies have their own plan
        # rows, so ordinary authors are everyone else.
        found = [d for s in streets for d in self.w.deputies[s][1:]
                 if d.username not in DEMO_LOGINS and (not rural or self.w.places[s][1])]
        turn = next(self.turns[("author", row.group, rural)])
        return found[turn % len(found):] + found[: turn % len(found)]

    def choose(self, row: Row) -> tuple[object, User, str, str]:
        """A template, an author who can raise it (villages only in the towns) and a place
        where nobody has raised it yet, so that every title is distinct."""
        for tpl in self.templates(row):
            for author in self.authors(row, tpl.rural):
                street = self.w.group_of(author)
                communities, villages = self.w.places[street]
                for place in villages if tpl.rural else communities:
                    title = tpl.title.format(place=place)
                    if title not in self.titles:
                        self.titles.add(title)
                        self.uses[tpl.key] += 1
                        return tpl, author, street, place
        raise ValueError(f"no unused template and place left for plan row {row}")

    def cosigners(self, row: Row, author: User) -> list[User]:
        if row.cosigners:
            return [self.w.logins[x] for x in row.cosigners]
        wanted = JOINT_STORIES.get(row.story, 0)
        mates = [d for d in self.w.deputies[self.w.group_of(author)]
                 if d is not author and d.username not in DEMO_LOGINS]
        return [self._next(("mate", author.id), mates) for _ in range(wanted)]

    def scene(self, row: Row, i: int, now: datetime, cal) -> Scene:
        w, v = self.w, next(self.variant)
        tpl, author, street, place = self.choose(row)
        category = w.categories[tpl.category]
        lead = row.unit or tpl.lead
        co = tpl.co if (row.co or row.story in CO_STORIES) else None
        session = w.sessions.get(row.when)
        item = Suggestion(
            author_id=author.id, channel=Channel.SESSION if session else Channel.BETWEEN,
            session_id=session.id if session else None, title=tpl.title.format(place=place),
            reasons=tpl.reasons.format(place=place, street=street),
            proposals=tpl.proposals.format(place=place, street=street),
            origin=f"{ORIGINS[v % len(ORIGINS)]}（{street}{place}）", category_id=category.id,
            proposed_unit_id=w.units[lead].id if v % 2 else None)
        today = china_date(now)
        cast = Cast(
            item=item, tpl=tpl, place=place, street=street, v=v, deputy=author,
            group_leader=w.leaders[street], committee_staff=w.committee_staff[
                category.committee.name], office=w.office[1 if v % 4 == 3 else 0],
            supervisor=w.supervisors[1 if v % 3 == 2 else 0], category=category,
            unit=w.units[lead], handler=w.handlers[lead], leader=w.unit_leaders[lead],
            co_unit=w.units[co] if co else None, co_handler=w.handlers.get(co),
            co_leader=w.unit_leaders.get(co), cosigners=self.cosigners(row, author),
            promise_due=today + timedelta(days=row.promise) if row.promise is not None else None,
            report_dates=tuple(today + timedelta(days=d) for d in row.reports))
        if row.story in ALT_STORIES:
            cast.unit2, cast.handler2 = w.units[tpl.alt], w.handlers[tpl.alt]
            cast.leader2 = w.unit_leaders[tpl.alt]
        if row.main:
            cast.main_item = self.named[row.main][0]
        if row.key and i == 0:
            self.named[row.key] = (item, tpl)
        kind = "between" if session is None else "session"
        start = None
        if row.when in ("s4", "s5"):  # these run forward from the session's collection window
            offset = row.start if row.start is not None else 2 + (v * 2) % 24
            start = forward(cal, SESSIONS[row.when]["collection_opens_on"], offset)
        end = back(cal, today, row.lags[i % len(row.lags)])
        return Scene(row.story, cast, STORIES[row.story](kind, v), end, start, session, seq=v)


def drafted_at(scene: Scene, first: datetime | None) -> datetime:
    """Drafts are written a few days before they are first sent on."""
    if first is None:
        day = scene.end - timedelta(days=3)
    else:
        day = china_date(first) - timedelta(days=2 + scene.seq % 4)
    return datetime.combine(day, time(8, 30), CHINA).astimezone(UTC)


def load_demo(session, now: datetime) -> dict:
    """Load the whole demo into an initialised database (rules and calendar seeded)."""
    password_hash = hash_password(DEMO_PASSWORD)  # hashed once: one password, and a fast load
    world = build_world(session, password_hash)
    cal = load_calendar(session)
    casting = Casting(world)
    scenes = [casting.scene(row, i, now, cal) for row in PLAN for i in range(row.count)]
    actions = draft_and_play(session, scenes, cal, now)
    load_liaison(session, world, now)  # after the suggestions: some opinions link to them
    publish_session_report(session, world, now)
    remind_as_if_running(session, now)
    settle_notifications(session, now)
    session.flush()
    return summary(session, now, actions)


def draft_and_play(session, scenes: list[Scene], cal, now: datetime) -> int:
    """Each scene's draft written a few days before its first step, then every step of every
    scene through the engine in time order; returns the number of engine actions."""
    for scene in scenes:
        times = moments(scene, cal)
        start_draft(session, scene.cast.item, scene.cast.deputy,
                    at=drafted_at(scene, times[0] if times else None))
    return play(scenes, cal, now)


def publish_session_report(session, world, now: datetime) -> None:
    """The office has published the handling report of the last session that has met, so the
    public report page (/public/reports) has something to show."""
    from tracker.domain.publication.reports import publish_report, scope_for

    met = [s for s in world.sessions.values() if s.opens_on <= china_date(now)]
    congress = max(met, key=lambda s: s.opens_on)
    publish_report(session, world.office[0], scope_for(session, session_id=congress.id),
                   today=china_date(now), at=now - timedelta(hours=2))


def settle_notifications(session, now: datetime) -> None:
    """Past notifications count as delivered and old ones as read, so no worker mails history; news
    older than a week has been read too, so a demo person arrives to the work still owed (work done
    was marked read by the engine as it was done)."""
    session.execute(update(Outbox).where(Outbox.created_at < now - timedelta(days=3))
                    .values(processed_at=Outbox.created_at))
    session.execute(update(Outbox).where(Outbox.created_at < now - timedelta(days=30))
                    .values(read_at=Outbox.created_at))
    session.execute(update(Outbox).where(Outbox.created_at < now - timedelta(days=7),
                                         Outbox.read_at.is_(None), Outbox.kind == "item_changed")
                    .values(read_at=Outbox.created_at))


def summary(session, now: datetime, actions: int, logins: tuple[str, ...] = DEMO_LOGINS) -> dict:
    def n(model, *where):
        return session.scalar(select(func.count()).select_from(model).where(*where))

    states = Counter(session.scalars(select(Suggestion.state)))
    today = china_date(now)
    windows = [kind for kind, spec in DEADLINE_SPEC.items() if spec.is_window]
    open_deadline = Deadline.closed_at.is_(None), Deadline.kind.not_in(windows)  # owed by someone
    out = {
        # People with a role here: an account is platform-wide, a person may be in two congresses.
        "users": session.scalar(select(func.count(func.distinct(UserRole.user_id)))),
        "deputies": n(User, User.group_id.is_not(None)),
        "groups": n(DeputyGroup), "units": n(HandlingUnit), "suggestions": n(Suggestion),
        "engine actions": actions, "audit events": n(AuditEvent),
        "open deadlines": n(Deadline, *open_deadline),
        "overdue deadlines": n(Deadline, *open_deadline, Deadline.due_on < today),
        "open promises": n(Promise, Promise.state == PromiseState.OPEN),
        "liaison opinions": n(LiaisonOpinion),
        "demo logins": f"{', '.join(logins)} (password {DEMO_PASSWORD}, demo only)",
    }
    out.update({f"state {s.value}": states.get(s, 0) for s in State})
    return out
