"""The demo's second congress, 城西区: a small world (seeds.world's Builder with seeds.data.west) and
three dozen suggestions taken along seeds.paths' PATHS through the engine, replayed in time order
on the working-day calendar (seeds.replay), so every state is there with a real audit trail.

城东区's demo deputy daibiao is a deputy of 城西区 too, with items of their own here.
`load_second(session, now)` runs in 城西区's scope (seeds.congresses); it flushes, never commits.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from seeds.data import TEMPLATES, west
from seeds.data.templates import ORIGINS
from seeds.demo import DEMO_PASSWORD, draft_and_play, settle_notifications, summary
from seeds.paths import PATHS
from seeds.reminders import remind_as_if_running
from seeds.replay import Cast, Scene, back
from seeds.world import World, build_world
from tracker.domain.deadlines.calendar import china_date, load_calendar
from tracker.models import Suggestion, User, UserRole
from tracker.security import hash_password
from tracker.workflow import Channel, Role, State

# Every state once, then more of those a working office has most of.
PLAN: tuple[State, ...] = (
    *State, State.DRAFT, State.GROUP_REVIEW, State.OFFICE_REVIEW, State.SUBMITTED, State.REGISTERED,
    State.ASSIGNED, State.IN_HANDLING, State.IN_HANDLING, State.REPLY_SIGNOFF, State.REPLIED,
    State.REPLIED, State.CLOSED, State.CLOSED, State.CLOSED)
SHARED = (State.DRAFT, State.IN_HANDLING, State.REPLIED)  # daibiao's own items in 城西区


def join_shared_deputy(session, world: World) -> User:
    """城东区's demo deputy becomes a deputy in one of 城西区's groups as well (roles per congress)."""
    user = session.scalar(select(User).where(User.username == west.DEMO_DEPUTY))
    place = user.place_here()
    place.group_id, place.title = world.groups[west.SHARED_GROUP].id, "区人大代表"
    user.role_rows.append(UserRole(role=Role.DEPUTY))
    session.flush()
    world.deputies[west.SHARED_GROUP].append(user)
    world.logins[user.username] = user
    return user


class Casting:
    """Turns each planned state into a scene: a template of a unit 城西区 has, a place nobody has
    written about yet, an author in turn (daibiao for SHARED), that unit's and committee's staff."""

    def __init__(self, world: World, shared: User):
        self.w, self.shared = world, shared
        units = set(world.units)
        self.templates = [t for t in TEMPLATES if not t.rural and t.lead in units
                          and t.category in world.categories]
        self.places = [(street, p) for street, (communities, _) in world.places.items()
                       for p in communities]
        self.authors = [d for members in world.deputies.values() for d in members[1:] if d is not shared]
        self.titles: set[str] = set()
        self.main: Suggestion | None = None  # the item others are merged into

    def _where(self, n: int):
        for k in range(len(self.templates) * len(self.places)):
            tpl = self.templates[(n + k) % len(self.templates)]
            street, place = self.places[(n * 5 + k) % len(self.places)]
            if tpl.title.format(place=place) not in self.titles:
                self.titles.add(tpl.title.format(place=place))
                return tpl, street, place
        raise ValueError("no unused template and place left")

    def scene(self, n: int, state: State, deputy: User, now: datetime, cal) -> Scene:
        w = self.w
        channel, steps = PATHS[state]
        tpl, street, place = self._where(n)
        category = w.categories[tpl.category]
        session = w.sessions["s6"] if channel is Channel.SESSION else None
        item = Suggestion(
            author_id=deputy.id, channel=channel, session_id=session.id if session else None,
            title=tpl.title.format(place=place), reasons=tpl.reasons.format(place=place, street=street),
            proposals=tpl.proposals.format(place=place, street=street),
            origin=f"{ORIGINS[n % len(ORIGINS)]}（{street}{place}）", category_id=category.id)
        cast = Cast(item=item, tpl=tpl, place=place, street=street, v=n, deputy=deputy,
                    group_leader=w.leaders[w.group_of(deputy)],
                    committee_staff=w.committee_staff[category.committee.name], office=w.office[0],
                    supervisor=w.supervisors[0], category=category, unit=w.units[tpl.lead],
                    handler=w.handlers[tpl.lead], leader=w.unit_leaders[tpl.lead], main_item=self.main)
        if state is State.OFFICE_REVIEW and self.main is None:
            self.main = item  # sits with the office for good: open whenever a merge comes
        # Days back from today: the merge last (its main item is drafted by then), session items
        # within the next session's collection window, the rest spread over six weeks.
        lag = 1 if state is State.MERGED else 1 + n % 8 if session else 2 + (n * 7) % 30
        return Scene(state.value, cast, list(steps), back(cal, china_date(now), lag), session=session,
                     seq=n)


def load_second(session, now: datetime) -> dict:
    """城西区's world, the shared deputy and the suggestions, through the engine; a summary."""
    world = build_world(session, hash_password(DEMO_PASSWORD), org=west, cast=west,
                        prefix=west.PREFIX, mail_domain="demo.chengxi.example")
    shared = join_shared_deputy(session, world)
    cal = load_calendar(session)
    casting = Casting(world, shared)
    authors = casting.authors
    plan = [(state, authors[n % len(authors)]) for n, state in enumerate(PLAN)]
    plan += [(state, shared) for state in SHARED]
    scenes = [casting.scene(n, state, deputy, now, cal) for n, (state, deputy) in enumerate(plan)]
    actions = draft_and_play(session, scenes, cal, now)
    remind_as_if_running(session, now)
    settle_notifications(session, now)
    session.flush()
    return summary(session, now, actions, west.LOGINS)
