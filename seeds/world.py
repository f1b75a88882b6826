"""Builds the demo's organisations and people: committees, units, categories, groups and users."""

from __future__ import annotations

from dataclasses import dataclass, field

from seeds.data import org, people
from tracker.models import (
    Category,
    Committee,
    CongressSession,
    DeputyGroup,
    HandlingUnit,
    User,
    UserRole,
)
from tracker.workflow import Role

R = Role


@dataclass
class World:
    committees: dict[str, Committee] = field(default_factory=dict)
    units: dict[str, HandlingUnit] = field(default_factory=dict)  # by short name
    categories: dict[str, Category] = field(default_factory=dict)
    groups: dict[str, DeputyGroup] = field(default_factory=dict)
    places: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    deputies: dict[str, list[User]] = field(default_factory=dict)  # by group, leader first
    leaders: dict[str, User] = field(default_factory=dict)  # by group
    handlers: dict[str, User] = field(default_factory=dict)  # by unit short name
    unit_leaders: dict[str, User] = field(default_factory=dict)
    committee_staff: dict[str, User] = field(default_factory=dict)  # by committee name
    office: list[User] = field(default_factory=list)
    supervisors: list[User] = field(default_factory=list)
    sessions: dict[str, CongressSession] = field(default_factory=dict)
    logins: dict[str, User] = field(default_factory=dict)  # every user, by username

    def group_of(self, user: User) -> str:
        return next(g for g, members in self.deputies.items() if user in members)


class Builder:
    """Adds one congress's rows to the session (the congress in scope), all with the one demo
    password hash. `org` and `cast` are the data modules (seeds.data.org and seeds.data.people
    for 城东区, seeds.data.west for 城西区); `prefix` starts every generated login, since logins
    are platform-wide."""

    def __init__(self, session, password_hash: str, *, org=org, cast=people, prefix: str = "",
                 mail_domain: str = "demo.chengdong.example"):
        self.session, self.password_hash = session, password_hash
        self.org, self.cast, self.prefix, self.mail_domain = org, cast, prefix, mail_domain
        self.world = World()
        self.names = iter(cast.name_pool(130))

    def user(self, username: str, *roles: Role, title: str = "", **kw) -> User:
        user = User(username=username, name=next(self.names), password_hash=self.password_hash,
                    email=f"{username}@{self.mail_domain}", title=title, **kw)
        user.role_rows = [UserRole(role=r) for r in roles]
        self.session.add(user)
        self.world.logins[username] = user
        return user

    def organisations(self) -> None:
        w, add, org = self.world, self.session.add, self.org
        for name, _code in org.COMMITTEES:
            w.committees[name] = Committee(name=name)
            add(w.committees[name])
        for name, short, _code in org.UNITS:
            w.units[short] = HandlingUnit(name=name, short_name=short)
            add(w.units[short])
        self.session.flush()
        for name, name_en, committee, defaults in org.CATEGORIES:
            w.categories[name] = Category(
                name=name, name_en=name_en, committee_id=w.committees[committee].id,
                default_units=[w.units[u] for u in defaults])
            add(w.categories[name])
        for key, values in org.SESSIONS.items():
            w.sessions[key] = CongressSession(name=org.session_name(key), **values)
            add(w.sessions[key])
        self.session.flush()

    def staff(self) -> None:
        w, org, people, p = self.world, self.org, self.cast, self.prefix
        for name, code in org.COMMITTEES:
            if name == org.OFFICE_COMMITTEE:
                continue
            login = people.COMMITTEE_LOGINS.get(name, f"{p}zw_{code}")
            w.committee_staff[name] = self.user(login, R.COMMITTEE_STAFF, title="专委工作人员",
                                                committee_id=w.committees[name].id)
        office_id = w.committees[org.OFFICE_COMMITTEE].id
        w.office = [self.user(login, R.OFFICE_STAFF, title="代表工委工作人员",
                              committee_id=office_id) for login in people.OFFICE_LOGINS]
        for _name, short, code in org.UNITS:
            handler, leader = people.UNIT_LOGINS.get(short, (None, None))
            unit_id = w.units[short].id
            w.handlers[short] = self.user(handler or f"{p}{code}_jb", R.UNIT_HANDLER,
                                          title="经办人", unit_id=unit_id)
            w.unit_leaders[short] = self.user(leader or f"{p}{code}_fzr", R.UNIT_LEADER,
                                              title="分管负责人", unit_id=unit_id)
        w.supervisors = [self.user(login, R.SUPERVISOR, title=title)
                         for login, title in people.SUPERVISORS]
        self.user(people.ADMIN_LOGIN, R.ADMIN, title="系统管理员")

    def deputies(self) -> None:
        """DEPUTIES_PER_GROUP deputies per 镇/街道 group; the first of each is its group leader."""
        w, org, people, p = self.world, self.org, self.cast, self.prefix
        for street, code, communities, villages in org.GROUPS:
            w.places[street] = (communities, villages)
            group = DeputyGroup(name=f"{street}代表小组")
            self.session.add(group)
            self.session.flush()
            demo = street == people.DEMO_GROUP
            logins = [people.DEMO_LEADER if demo else f"{p}zz_{code}"]
            logins += [f"{p}db_{code}{i}" for i in range(1, people.DEPUTIES_PER_GROUP)]
            if demo:
                logins[1:3] = [people.DEMO_DEPUTY, people.DEMO_DEPUTY2]
            members = []
            for i, login in enumerate(logins):
                roles = (R.DEPUTY, R.GROUP_LEADER) if i == 0 else (R.DEPUTY,)
                title = f"{group.name}组长" if i == 0 else "区人大代表"
                members.append(self.user(login, *roles, title=title, group_id=group.id))
            self.session.flush()
            group.leader_id = members[0].id
            w.groups[street], w.leaders[street], w.deputies[street] = group, members[0], members
        self.session.flush()


def build_world(session, password_hash: str, **data) -> World:
    """One congress's organisations and people; `data` as Builder takes it (城东区 by default)."""
    builder = Builder(session, password_hash, **data)
    builder.organisations()
    builder.staff()
    builder.deputies()
    return builder.world
