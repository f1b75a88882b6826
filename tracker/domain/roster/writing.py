"""Writing a checked roster: groups and units first, then people in batches, all in the caller's
transaction (flushed, never committed), with no password hashing: imported accounts start with an
empty password hash and are activated by the person (an SMS code), so login refuses them until then."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import select

from tracker.domain.roster.checking import Person, Preview
from tracker.domain.roster.known import chunks
from tracker.models import Congress, DeputyGroup, HandlingUnit, Membership, User, UserRole
from tracker.tenancy import current_congress_id
from tracker.workflow import Role

BATCH = 500  # people per flush: one INSERT … VALUES per table per batch, progress reported between
USERNAME = 40  # User.username
SAFE = re.compile(r"[^a-z0-9_.-]")


def write(session, preview: Preview, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write the preview's valid rows; returns how many of each kind were written."""
    known = preview.known
    groups = dict(known.groups)
    for name in preview.new_groups:
        groups[name] = DeputyGroup(name=name)
        session.add(groups[name])
    units = dict(known.units)
    for name, short in preview.units.items():
        if name not in units:
            units[name] = HandlingUnit(name=name, short_name=short)
            session.add(units[name])
        elif short and units[name].short_name != short:
            units[name].short_name = short
    session.flush()
    congress = session.get(Congress, current_congress_id())
    led: dict[int, int] = {}  # group id -> its new leader
    done = 0
    for batch in chunks(preview.people, BATCH):
        existing = _users(session, [p.account.id for p in batch if p.account is not None])
        names = _usernames(session, congress, [p for p in batch if p.account is None])
        leaders: list[tuple[Person, User]] = []
        for person in batch:
            if person.account is None:
                user = User(username=names[person.row, person.phone], name=person.name, password_hash="",
                            phone=person.phone, email=person.email)
                session.add(user)
            else:
                user = existing[person.account.id]
                _update(user, person)
            _place(user, person, groups, units)
            if person.leads_group:
                leaders.append((person, user))
        session.flush()
        for person, user in leaders:
            led[groups[person.group].id] = user.id
        done += len(batch)
        if progress is not None:
            progress(done)
    _lead(session, led)
    return preview.counts()


def _users(session, ids: list[int]) -> dict[int, User]:
    """The accounts to update, their place and roles in this congress loaded with them."""
    if not ids:
        return {}
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))}


def _update(user: User, person: Person) -> None:
    for key in ("name", "phone", "email"):
        if key in person.changes:
            setattr(user, key, getattr(person, key))


def _place(user: User, person: Person, groups: dict, units: dict) -> None:
    if not user.memberships:
        user.memberships.append(Membership())
    place = user.memberships[0]  # the current congress's: the criterion loads no other
    if person.card_number:
        place.card_number = person.card_number
    if person.title:
        place.title = person.title
    if person.group:
        place.group = groups[person.group]
    if person.unit:
        place.unit = units[person.unit]
    held = {r.role for r in user.role_rows}
    for role in sorted(person.roles - held):
        user.role_rows.append(UserRole(role=role))


def _usernames(session, congress: Congress, people: list[Person]) -> dict[tuple[int, str], str]:
    """A stable, unique username per new account: the mobile number, else the congress's code and
    the card number; a taken one gets -2, -3 …"""
    wanted = {(p.row, p.phone): (p.phone or SAFE.sub("", f"{congress.code}-{p.card_number}".lower()))
              [:USERNAME - 4] for p in people}
    taken = set()
    for chunk in chunks(set(wanted.values())):
        taken |= set(session.scalars(select(User.username).where(
            User.username.in_(chunk + [f"{w}-{n}" for w in chunk for n in range(2, 6)]))))
    out = {}
    for key, base in wanted.items():
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}-{n}"
            if n > 5 and name not in taken:  # beyond the few probed at once: ask the database
                taken |= set(session.scalars(select(User.username).where(User.username == name)))
        taken.add(name)
        out[key] = name
    return out


def _lead(session, led: dict[int, int]) -> None:
    """Each group's new leader; a leader replaced leads no group now, so loses the role here."""
    replaced = set()
    for group in session.scalars(select(DeputyGroup).where(DeputyGroup.id.in_(list(led)))):
        if group.leader_id not in (None, led[group.id]):
            replaced.add(group.leader_id)
        group.leader_id = led[group.id]
    session.flush()
    still = set(session.scalars(select(DeputyGroup.leader_id).where(DeputyGroup.leader_id.in_(replaced))))
    for user_id in replaced - still:
        for row in session.scalars(select(UserRole).where(UserRole.user_id == user_id,
                                                          UserRole.role == Role.GROUP_LEADER)):
            session.delete(row)
    session.flush()
