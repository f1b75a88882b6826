"""A congress's people as its administrator sees them: the list, one person, creating and editing.

A person is one account on the platform; the roles and the place (group, committee, unit, title)
edited here are this congress's rows only (UserRole, Membership), so another congress's stay as they are.
Someone who already has an account in another congress is added here to that account (join_person),
never given a second one; a role given up hands its open work to a successor, as leaving does.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import exists, func, or_, select

from tracker.domain.accounts.contact import normalize_phone
from tracker.domain.accounts.recovery import issue_reset
from tracker.domain.audit import record
from tracker.domain.errors import InvalidData, required
from tracker.domain.people import handover
from tracker.domain.people.admins import admins_left, require_admin
from tracker.domain.people.contact import AccountElsewhere, accounts_named, checked_email, checked_phone
from tracker.models import Committee, DeputyGroup, HandlingUnit, Membership, User, UserRole
from tracker.tenancy import ALL_CONGRESSES, current_congress_id, visible
from tracker.workflow import AuditAction, Role
from tracker.workflow.i18n import N_

USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,40}$")
PAGE_SIZE = 50
# The place each role needs in this congress: which Membership column, and the model it names.
PLACES = {Role.UNIT_HANDLER: ("unit_id", HandlingUnit), Role.UNIT_LEADER: ("unit_id", HandlingUnit),
          Role.COMMITTEE_STAFF: ("committee_id", Committee), Role.GROUP_LEADER: ("group_id", DeputyGroup)}
PLACE_MODELS = {"group_id": DeputyGroup, "committee_id": Committee, "unit_id": HandlingUnit}


@dataclass
class PersonInput:
    """What the administrator typed for one person (ids as given; the domain checks them)."""

    name: str
    username: str = ""
    phone: str = ""
    email: str = ""
    roles: list[Role] = field(default_factory=list)
    group_id: int | None = None
    committee_id: int | None = None
    unit_id: int | None = None
    title: str = ""


def here():
    """SQL: the person has a role or a place in the current congress (both rows are scoped)."""
    return or_(exists().where(UserRole.user_id == User.id), exists().where(Membership.user_id == User.id))


def person_here(session, user_id: int) -> User | None:
    """The person, when they belong to this congress; None (a 404) for anyone else's."""
    return session.scalar(select(User).where(User.id == user_id, here()))


@dataclass(frozen=True)
class PeopleFilter:
    q: str = ""
    role: Role | None = None
    group_id: int | None = None
    unit_id: int | None = None
    page: int = 1


def people_page(session, f: PeopleFilter) -> tuple[list[User], bool]:
    """One page of this congress's people by name, and whether another page follows."""
    stmt = select(User).where(here())
    if f.q.strip():
        text = f"%{f.q.strip().lower()}%"
        conds = [func.lower(User.name).like(text), func.lower(User.username).like(text)]
        digits = normalize_phone(f.q) or re.sub(r"[\s\-()+]", "", f.q)
        if digits.isdigit() and len(digits) >= 3:  # part of a number, typed with spaces or not
            conds.append(User.phone.like(f"%{digits}%"))
        stmt = stmt.where(or_(*conds))
    if f.role is not None:
        stmt = stmt.where(exists().where(UserRole.user_id == User.id, UserRole.role == f.role))
    for column in ("group_id", "unit_id"):
        if getattr(f, column) is not None:
            stmt = stmt.where(exists().where(Membership.user_id == User.id,
                                             getattr(Membership, column) == getattr(f, column)))
    offset = (max(f.page, 1) - 1) * PAGE_SIZE
    rows = list(session.scalars(stmt.order_by(User.name, User.id).offset(offset).limit(PAGE_SIZE + 1)))
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def _check_contact(session, data: PersonInput, user: User | None) -> dict:
    values = {"name": data.name.strip()}
    if not values["name"]:
        raise required("name")
    if len(values["name"]) > 40:
        raise InvalidData(N_("At most %(n)s characters."), field="name", n=40)
    owner = user.id if user is not None else None
    values["phone"] = checked_phone(session, data.phone, owner_id=owner)
    values["email"] = checked_email(session, data.email, owner_id=owner)
    return values


def _check_place(session, data: PersonInput, user: User | None) -> dict:
    values = {"title": data.title.strip()}
    for column, model in PLACE_MODELS.items():
        chosen = getattr(data, column)
        row = session.get(model, chosen) if chosen is not None else None
        kept = chosen == getattr(user, column, None)  # a place since deactivated may stay
        if chosen is not None and (not visible(row) or not (row.is_active or kept)):
            raise InvalidData(N_("Invalid choice."), field=column)
        values[column] = chosen
    roles = sorted(set(data.roles))
    if not roles:
        raise InvalidData(N_("Give the person at least one role in this congress."), field="roles")
    for role in roles:
        column, _model = PLACES.get(role, (None, None))
        if column and values[column] is None:
            raise InvalidData(N_("A %(role)s needs a place: choose it below."), field=column, role=role)
    values["roles"] = roles
    return values


def _place(user: User, values: dict) -> None:
    for column in ("group_id", "committee_id", "unit_id", "title"):
        setattr(user, column, values[column])
    user.role_rows = [r for r in user.role_rows if r.role in values["roles"]] + [
        UserRole(role=role) for role in values["roles"] if role not in user.roles]


def known_elsewhere(session, user: User) -> bool:
    """Whether the account has a role or a place in another congress: the one read across congresses
    here, to tell such a person (added to their account) from a stray account (a duplicate)."""
    def other(model):
        return select(model.id).where(model.user_id == user.id, model.congress_id != current_congress_id()
                                      ).limit(1).execution_options(**{ALL_CONGRESSES: True})
    return session.scalar(other(UserRole)) is not None or session.scalar(other(Membership)) is not None


def account_elsewhere(session, data: PersonInput) -> tuple[User, str] | None:
    """The one account the typed username, mobile or email names, with the field that names it, when
    that account belongs to another congress and not to this one (someone here, even deactivated,
    stays a duplicate; so does the platform administrator's account)."""
    named = accounts_named(session, username=data.username, phone=data.phone, email=data.email)
    if len(named) != 1:
        return None
    user, field_name = next(iter(named.values()))
    if user.is_platform_admin or person_here(session, user.id) is not None \
            or not known_elsewhere(session, user):
        return None
    return user, field_name


def create_person(session, actor: User, data: PersonInput, *, at: dt.datetime) -> tuple[User, str]:
    """A new account placed in this congress, and the one-time link (its token) with which the person
    sets their first password: the administrator hands it over; it is shown once, stored as a digest
    (tracker.domain.accounts.recovery). The person may also activate the account by a code sent
    to the phone or email given here. Someone with an account in another congress is refused with
    the offer to add them here instead (AccountElsewhere)."""
    require_admin(actor)
    elsewhere = account_elsewhere(session, data)
    if elsewhere is not None:
        raise AccountElsewhere(*elsewhere)
    username = data.username.strip()
    if not username:
        raise required("username")
    if not USERNAME.match(username):
        raise InvalidData(N_("2 to 40 letters, digits, dots, hyphens or underscores."), field="username")
    if session.scalar(select(User.id).where(func.lower(User.username) == username.lower())):
        raise InvalidData(N_("This username is taken."), field="username")
    values = _check_contact(session, data, None) | _check_place(session, data, None)
    user = User(username=username, name=values["name"], phone=values["phone"], email=values["email"],
                password_hash=None)
    session.add(user)
    _place(user, values)
    session.flush()
    record(session, action=AuditAction.CREATE_USER, actor=actor, role=Role.ADMIN, at=at,
           data={"user": user.id, "username": username, **values})
    return user, issue_reset(session, user, by=actor, at=at)


def join_person(session, actor: User, data: PersonInput, *, account_id: int | None,
                at: dt.datetime) -> User:
    """The account of another congress that the typed details name (the one offered, `account_id`)
    placed in this congress with the roles and place typed. Their name, contact, password and
    other congresses stay as they are; an account switched off when they left every congress is
    switched on again."""
    require_admin(actor)
    elsewhere = account_elsewhere(session, data)
    if elsewhere is None:
        raise InvalidData(N_("The details typed no longer name one account of another congress: check "
                             "them, or create a new user."))
    user, matched = elsewhere
    if user.id != account_id:  # someone else than the person offered: offer them instead
        raise AccountElsewhere(user, matched)
    values = _check_place(session, data, None)
    _place(user, values)
    account_on = not user.is_active_user
    user.is_active_user = True
    session.flush()
    record(session, action=AuditAction.JOIN_USER, actor=actor, role=Role.ADMIN, at=at,
           data={"user": user.id, "matched": matched, "account_on": account_on, **values})
    return user


def _given_up(user: User, values: dict) -> set[Role]:
    """Roles the person no longer holds here, and those they keep at another place: the old
    place's open work is no longer theirs either."""
    kept = user.roles & set(values["roles"])
    return (user.roles - kept) | {r for r in kept if r in PLACES
                                  and values[PLACES[r][0]] != getattr(user, PLACES[r][0])}


def edit_person(session, actor: User, user: User, data: PersonInput, *, at: dt.datetime,
                successor: User | None = None) -> bool:
    """Name, contact, roles and place here; False when nothing changed. Another congress's roles
    and places are other rows, never loaded here. The open work of a role given up (or kept at
    another place) goes to `successor`, refused without one when it needs one."""
    require_admin(actor)
    if not user.is_active_user or (user.membership is not None and user.membership.ended_at):
        raise InvalidData(N_("This person is deactivated here."))
    values = _check_contact(session, data, user) | _check_place(session, data, user)
    if Role.ADMIN in user.roles and Role.ADMIN not in values["roles"] and admins_left(session, user) == 0:
        raise InvalidData(N_("%(name)s is the last administrator of this congress: make someone else an "
                             "administrator first."), field="roles", name=user.name)
    before = {"name": user.name, "phone": user.phone, "email": user.email, "roles": sorted(user.roles),
              **{c: getattr(user, c) for c in ("group_id", "committee_id", "unit_id", "title")}}
    after = {k: values[k] for k in before}
    changed = {k: after[k] for k in before if before[k] != after[k]}
    if not changed:
        return False
    work = handover.open_work(session, user, _given_up(user, values))
    handover.check_successor(session, user, successor, work)
    user.name, user.phone, user.email = values["name"], values["phone"], values["email"]
    _place(user, values)
    handover.hand_over(session, successor, work)
    session.flush()
    record(session, action=AuditAction.EDIT_USER, actor=actor, role=Role.ADMIN, at=at,
           data={"user": user.id, "before": {k: before[k] for k in changed}, "after": changed,
                 "successor": successor.id if successor else None, **work.summary()})
    return True
