"""A person's open work in this congress and the successor who takes it over: when they leave the
congress (tracker.domain.people.leaving) or give up a role or a place (tracker.domain.people.users)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import exists, false, or_, select, true

from tracker.domain.deadlines.rows import users_with_role
from tracker.domain.errors import InvalidData
from tracker.domain.people.organisation import change_group_leader
from tracker.models import Assignment, Category, Deadline, DeputyGroup, Suggestion, User, UserRole
from tracker.workflow import DeadlineKind, Owner, Role
from tracker.workflow.i18n import N_

# Roles that owe steps as a body (tracker.domain.deadlines.rows.owners_of): the owner they stand
# for, and the place the body is; a body left with nobody would owe its steps to nobody.
BODIES = {Role.OFFICE_STAFF: (Owner.OFFICE, None), Role.SUPERVISOR: (Owner.SUPERVISOR, None),
          Role.COMMITTEE_STAFF: (Owner.REVIEWER, "committee_id"),
          Role.UNIT_HANDLER: (Owner.UNIT, "unit_id"), Role.UNIT_LEADER: (Owner.UNIT_LEADER, "unit_id")}


@dataclass
class OpenWork:
    """What a person owes here now, and what a successor must take over."""

    deadlines: list[Deadline] = field(default_factory=list)  # named after them (owner_user_id)
    groups: list[DeputyGroup] = field(default_factory=list)  # the groups they lead
    bodies: list[tuple[Role, int | None]] = field(default_factory=list)  # a body they are the last of
    # Leaving, every group they lead needs a new leader. Giving up the role, only one with open
    # reviews does (those are in `deadlines`): a quiet group may wait to be re-formed on the
    # organisation page, leaderless as after a change of term.
    quiet_groups_wait: bool = False

    def __bool__(self) -> bool:
        """Whether a successor is needed."""
        return bool(self.deadlines or self.bodies or (self.groups and not self.quiet_groups_wait))

    def summary(self) -> dict:
        """What was handed over, for the audit trail."""
        return {"deadlines": [d.id for d in self.deadlines], "groups": [g.id for g in self.groups],
                "bodies": [[r, p] for r, p in self.bodies]}


def _body_owes(session, owner: Owner, column: str | None, place: int | None) -> bool:
    stmt = select(Deadline.id).where(Deadline.closed_at.is_(None), Deadline.owner == owner,
                                     Deadline.owner_user_id.is_(None))
    if column == "unit_id":
        stmt = stmt.where(Deadline.owner_unit_id == place)
    elif column == "committee_id":
        stmt = stmt.join(Suggestion, Suggestion.id == Deadline.suggestion_id).where(
            exists().where(Category.id == Suggestion.category_id, Category.committee_id == place))
    if owner is Owner.UNIT:  # a unit's open assignments are its work even between deadlines
        return session.scalar(stmt.limit(1)) is not None or session.scalar(
            select(Assignment.id).where(Assignment.unit_id == place, Assignment.is_open.is_(True)).limit(1)) \
            is not None
    return session.scalar(stmt.limit(1)) is not None


def _owed_as(roles: set[Role] | None):
    """SQL: the deadlines named after a person that they owe in `roles` (None: in any). The engine
    names a group leader on their group's first-layer reviews and a deputy on their own items' and
    co-signings' steps (tracker.domain.core.deadlines)."""
    if roles is None:
        return true()
    conds = ([Deadline.kind == DeadlineKind.GROUP_REVIEW] if Role.GROUP_LEADER in roles else []) + (
        [Deadline.kind != DeadlineKind.GROUP_REVIEW] if Role.DEPUTY in roles else [])
    return or_(*conds) if conds else false()


def open_work(session, user: User, roles: set[Role] | None = None) -> OpenWork:
    """What `user` owes here; with `roles`, only what they owe in those roles (which they give up,
    or keep at another place: the old place's work is no longer theirs)."""
    work = OpenWork(quiet_groups_wait=roles is not None)
    work.deadlines = list(session.scalars(select(Deadline).where(
        Deadline.owner_user_id == user.id, Deadline.closed_at.is_(None), _owed_as(roles))
        .order_by(Deadline.due_on)))
    if roles is None or Role.GROUP_LEADER in roles:
        work.groups = list(session.scalars(select(DeputyGroup).where(DeputyGroup.leader_id == user.id)))
    for role in sorted(user.roles if roles is None else user.roles & set(roles)):
        if role not in BODIES:
            continue
        owner, column = BODIES[role]
        place = getattr(user, column) if column else None
        others = [u for u in users_with_role(session, role, **({column: place} if column else {}))
                  if u.id != user.id]
        if not others and _body_owes(session, owner, column, place):
            work.bodies.append((role, place))
    return work


def check_successor(session, user: User, successor: User | None, work: OpenWork) -> None:
    """Refused, with the reason, unless `successor` may take over `work` (a quiet group handed
    on by choice included)."""
    if not work and (successor is None or not work.groups):
        return
    if successor is None:
        raise InvalidData(N_("%(name)s has open work here: choose a successor to take it over."),
                          field="successor_id", name=user.name)
    if successor.id == user.id or not successor.is_active_user or not successor.roles:
        raise InvalidData(N_("Choose an active person of this congress other than the one leaving."),
                          field="successor_id")
    if work.groups and not successor.has_role(Role.DEPUTY):
        raise InvalidData(N_("%(name)s leads a deputy group: the successor must be a deputy."),
                          field="successor_id", name=user.name)
    for role, place in work.bodies:
        column = BODIES[role][1]
        theirs = getattr(successor, column) if column else None
        if column and theirs is not None and theirs != place:
            raise InvalidData(N_("%(name)s is the last %(role)s of their unit or committee, which has open "
                                 "work: the successor must work there too."), field="successor_id",
                              name=user.name, role=role)


def hand_over(session, successor: User | None, work: OpenWork) -> None:
    """`successor` takes `work` over (checked by check_successor); with none, the quiet groups
    are left without a leader."""
    for group in work.groups:
        change_group_leader(session, group, successor)
    if successor is None:
        return
    for d in work.deadlines:
        d.owner_user_id = successor.id
    needed = {role for role, _place in work.bodies}
    for role, place in work.bodies:
        column = BODIES[role][1]
        if column:
            setattr(successor, column, place)
    for role in sorted(needed - successor.roles):
        successor.role_rows.append(UserRole(role=role))


def successors(session, user: User) -> list[User]:
    """Who may take over: active people of this congress other than the one leaving."""
    return [u for u in session.scalars(select(User).join(UserRole).where(
        User.id != user.id, User.is_active_user.is_(True)).distinct().order_by(User.name, User.id))]
