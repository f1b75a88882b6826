"""Factories for tests: `make.user(...)`, `make.suggestion(...)` and a world with every role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from tracker.models import (
    Category,
    Committee,
    CongressSession,
    DeputyGroup,
    HandlingUnit,
    Suggestion,
    User,
    UserRole,
)
from tracker.workflow import Channel, Role

CHINA = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, h: int = 10) -> datetime:
    """A moment given in China time, as the UTC datetime the engine takes."""
    return datetime(y, m, d, h, tzinfo=CHINA).astimezone(UTC)


@dataclass
class World:
    """One of everything: a group with its leader, a committee, units, every role."""

    deputy: User
    deputy2: User
    deputy3: User
    group_leader: User
    committee_staff: User
    office: User
    handler: User
    leader: User
    co_handler: User
    co_leader: User
    other_handler: User
    other_leader: User
    supervisor: User
    admin: User
    group: DeputyGroup
    committee: Committee
    category: Category
    unit: HandlingUnit
    co_unit: HandlingUnit
    other_unit: HandlingUnit
    session: CongressSession
    main_item: Suggestion | None = None  # another open item, for merges


class Factory:
    def __init__(self, session):
        self.session = session
        self.n = 0

    def _next(self) -> int:
        self.n += 1
        return self.n

    def user(self, *roles: Role, name: str | None = None, **kw) -> User:
        n = self._next()
        user = User(username=kw.pop("username", f"user{n}"), name=name or f"用户{n}",
                    password_hash="x", email=f"user{n}@example.test", **kw)
        user.role_rows = [UserRole(role=Role(r)) for r in roles]
        self.session.add(user)
        self.session.flush()
        return user

    def unit(self, name: str | None = None) -> HandlingUnit:
        unit = HandlingUnit(name=name or f"单位{self._next()}")
        self.session.add(unit)
        self.session.flush()
        return unit

    def station(self, group, name: str = "韵家口镇基层立法联系点", place: str = "韵家口镇"):
        """A liaison station (a 基层立法联系点) of a deputy group."""
        from tracker.models.liaison import LiaisonStation, StationKind

        s = LiaisonStation(name=name, kind=StationKind.LEGISLATIVE_POINT, place=place,
                           group_id=group.id)
        self.session.add(s)
        self.session.flush()
        return s

    def congress_session(self, **kw) -> CongressSession:
        values = dict(name=f"第十八届第{self._next()}次会议", ordinal=5, year=2026,
                      collection_opens_on=date(2025, 11, 1),
                      presubmission_deadline_on=date(2026, 1, 10),
                      opens_on=date(2026, 1, 12), closes_on=date(2026, 1, 15))
        values.update(kw)
        s = CongressSession(**values)
        self.session.add(s)
        self.session.flush()
        return s

    def world(self) -> World:
        committee = Committee(name=f"城建环保工委{self._next()}")
        self.session.add(committee)
        self.session.flush()
        unit, co_unit, other = self.unit("区住房和城乡建设局"), self.unit("区交通运输局"), self.unit(
            "区教育局")
        category = Category(name=f"城乡建设{self._next()}", committee_id=committee.id,
                            default_units=[unit])
        self.session.add(category)
        leader_deputy = self.user(Role.DEPUTY, Role.GROUP_LEADER, name="组长")
        group = DeputyGroup(name=f"韵家口镇代表小组{self._next()}", leader_id=leader_deputy.id)
        self.session.add(group)
        self.session.flush()
        leader_deputy.group_id = group.id
        w = World(
            deputy=self.user(Role.DEPUTY, name="李代表", group_id=group.id),
            deputy2=self.user(Role.DEPUTY, name="王代表", group_id=group.id),
            deputy3=self.user(Role.DEPUTY, name="张代表", group_id=group.id),
            group_leader=leader_deputy,
            committee_staff=self.user(Role.COMMITTEE_STAFF, committee_id=committee.id),
            office=self.user(Role.OFFICE_STAFF, name="工委"),
            handler=self.user(Role.UNIT_HANDLER, unit_id=unit.id),
            leader=self.user(Role.UNIT_LEADER, unit_id=unit.id),
            co_handler=self.user(Role.UNIT_HANDLER, unit_id=co_unit.id),
            co_leader=self.user(Role.UNIT_LEADER, unit_id=co_unit.id),
            other_handler=self.user(Role.UNIT_HANDLER, unit_id=other.id),
            other_leader=self.user(Role.UNIT_LEADER, unit_id=other.id),
            supervisor=self.user(Role.SUPERVISOR, name="主任"),
            admin=self.user(Role.ADMIN),
            group=group, committee=committee, category=category, unit=unit, co_unit=co_unit,
            other_unit=other, session=self.congress_session(),
        )
        return w

    def suggestion(self, author: User, *, channel: Channel = Channel.BETWEEN, session=None,
                   category=None, **kw) -> Suggestion:
        s = Suggestion(author_id=author.id, channel=channel,
                       session_id=session.id if session else None,
                       category_id=category.id if category else None,
                       title=kw.pop("title", "关于增设韵家口镇公交站点的建议"),
                       reasons=kw.pop("reasons", "群众出行不便。"),
                       proposals=kw.pop("proposals", "建议增设站点。"), **kw)
        self.session.add(s)
        self.session.flush()
        return s

    def item_in(self, state, w: World | None = None, *, start: datetime | None = None,
                author: User | None = None):
        """A fresh item brought to `state` through the engine by the scripted path; (world, item)."""
        from seeds.paths import PATHS, Walker

        w = w or self.world()
        if w.main_item is None:
            w.main_item = self.suggestion(w.deputy2, category=w.category)
        channel, steps = PATHS[state]
        item = self.suggestion(author or w.deputy, channel=channel, category=w.category,
                               session=w.session if channel is Channel.SESSION else None)
        Walker(w, start or at(2025, 12, 1)).play(item, steps)
        assert item.state is state
        return w, item
