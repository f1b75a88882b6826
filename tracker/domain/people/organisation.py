"""A congress's organisation: deputy groups and their leaders, committees and the categories they
own, handling units and each category's default units. What history uses is deactivated, never
deleted; deactivated rows leave the pickers but keep their names on old items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, literal, select

from tracker.domain.audit import record
from tracker.domain.errors import InvalidData, required
from tracker.domain.people.admins import require_admin
from tracker.models import (
    Assignment,
    Category,
    Committee,
    Deadline,
    DeputyGroup,
    HandlingUnit,
    Suggestion,
    User,
    UserRole,
)
from tracker.models.org import category_default_unit
from tracker.workflow import AuditAction, DeadlineKind, Role
from tracker.workflow.i18n import N_

KINDS = {"group": DeputyGroup, "committee": Committee, "category": Category, "unit": HandlingUnit}
NAME_LIMIT = {"group": 100, "committee": 100, "category": 60, "unit": 100}


@dataclass
class OrgInput:
    name: str
    name_en: str = ""
    short_name: str = ""  # a unit's
    leader_id: int | None = None  # a group's
    committee_id: int | None = None  # a category's
    default_unit_ids: list[int] = field(default_factory=list)  # a category's


def _check_name(session, kind: str, row, data: OrgInput) -> str:
    name = data.name.strip()
    if not name:
        raise required("name")
    if len(name) > NAME_LIMIT[kind]:
        raise InvalidData(N_("At most %(n)s characters."), field="name", n=NAME_LIMIT[kind])
    model = KINDS[kind]
    clash = session.scalar(select(model.id).where(model.name == name))
    if clash is not None and (row is None or clash != row.id):
        raise InvalidData(N_("This name is already used here."), field="name")
    return name


def _leader(session, data: OrgInput) -> User | None:
    if data.leader_id is None:
        return None
    leader = session.scalar(select(User).join(UserRole).where(
        User.id == data.leader_id, UserRole.role == Role.DEPUTY, User.is_active_user.is_(True)))
    if leader is None:
        raise InvalidData(N_("The leader must be an active deputy of this congress."), field="leader_id")
    return leader


def change_group_leader(session, group: DeputyGroup, leader: User | None) -> list[int]:
    """The new leader, placed in the group, takes over its open first-layer reviews; returns the
    ids of the deadlines moved."""
    old = group.leader_id
    group.leader_id = leader.id if leader else None
    if leader is None:
        return []
    leader.group_id = group.id
    if not leader.has_role(Role.GROUP_LEADER):
        leader.role_rows.append(UserRole(role=Role.GROUP_LEADER))
    if old in (None, leader.id):
        return []
    members = select(User.id).where(User.group_id == group.id)
    moved = list(session.scalars(
        select(Deadline).join(Suggestion, Suggestion.id == Deadline.suggestion_id)
        .where(Deadline.kind == DeadlineKind.GROUP_REVIEW, Deadline.owner_user_id == old,
               Deadline.closed_at.is_(None), Suggestion.author_id.in_(members))))
    for d in moved:
        d.owner_user_id = leader.id
    return [d.id for d in moved]


def _fill(session, kind: str, row, data: OrgInput, name: str) -> dict:
    """Set the row's fields from the input; what changed, for the audit trail."""
    extra: dict = {}
    row.name = name
    if kind in ("committee", "category"):
        row.name_en = data.name_en.strip()[:NAME_LIMIT[kind]]
    if kind == "unit":
        row.short_name = data.short_name.strip()[:40]
    if kind == "category":
        committee = session.get(Committee, data.committee_id) if data.committee_id else None
        if committee is None or not (committee.is_active or committee.id == row.committee_id):
            raise InvalidData(N_("Choose the committee that owns this category."), field="committee_id")
        row.committee_id = committee.id
        units = list(session.scalars(select(HandlingUnit).where(HandlingUnit.id.in_(data.default_unit_ids))))
        if len(units) != len(set(data.default_unit_ids)) or any(
                not u.is_active and u not in row.default_units for u in units):
            raise InvalidData(N_("Invalid choice."), field="default_unit_ids")
        row.default_units = units
        extra["default_units"] = sorted(u.id for u in units)
    return extra


def save_org(session, actor: User, kind: str, row, data: OrgInput, *, at: dt.datetime):
    """Create (row None) or rename and change one group, committee, category or unit."""
    require_admin(actor)
    name = _check_name(session, kind, row, data)
    leader = _leader(session, data) if kind == "group" else None
    created = row is None
    if created:
        row = KINDS[kind]()  # added once filled in: the checks' reads would flush it half-made
    extra = _fill(session, kind, row, data, name)
    session.add(row)
    session.flush()
    if kind == "group":
        extra["leader"] = leader.id if leader else None
        extra["reviews_moved"] = change_group_leader(session, row, leader)
    record(session, action=AuditAction.SAVE_ORGANISATION, actor=actor, role=Role.ADMIN, at=at,
           data={"kind": kind, "id": row.id, "created": created, "name": name, **extra})
    return row


def _in_use(session, row) -> bool:
    """Whether any row of any table points at it (a category's default units are settings, not history)."""
    table = row.__table__
    for other in table.metadata.sorted_tables:
        if other is category_default_unit:
            continue
        for fk in other.foreign_keys:
            if fk.column.table is table and session.execute(
                    select(literal(1)).select_from(other).where(fk.parent == row.id).limit(1)).first():
                return True
    return False


def _refuse_if_busy(session, kind: str, row) -> None:
    if kind == "unit":
        held = session.scalar(select(func.count(Assignment.id)).where(
            Assignment.unit_id == row.id, Assignment.is_open.is_(True)))
        if held:
            raise InvalidData(N_("%(name)s still holds %(n)s open assignments: they must be finished or "
                                 "reassigned before it is deactivated."), name=row.name, n=held)
    if kind == "committee" and session.scalar(select(Category.id).where(
            Category.committee_id == row.id, Category.is_active.is_(True)).limit(1)):
        raise InvalidData(N_("%(name)s still owns active categories: give them to another committee or "
                             "deactivate them first."), name=row.name)


def retire_org(session, actor: User, kind: str, row, *, at: dt.datetime) -> bool:
    """Delete it when nothing uses it, else deactivate it; True when it was deleted."""
    require_admin(actor)
    _refuse_if_busy(session, kind, row)
    deleted = not _in_use(session, row)
    record(session, action=AuditAction.DEACTIVATE_ORGANISATION, actor=actor, role=Role.ADMIN, at=at,
           data={"kind": kind, "id": row.id, "name": row.name, "deleted": deleted})
    if deleted:
        if kind == "category":
            row.default_units = []
        session.delete(row)
    else:
        row.is_active = False
    session.flush()
    return deleted


def reactivate_org(session, actor: User, kind: str, row, *, at: dt.datetime) -> None:
    require_admin(actor)
    row.is_active = True
    record(session, action=AuditAction.SAVE_ORGANISATION, actor=actor, role=Role.ADMIN, at=at,
           data={"kind": kind, "id": row.id, "reactivated": True})
    session.flush()
