"""What a roster is checked against, loaded once per file in a few queries, not once per row."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import func, select

from tracker.models import DeputyGroup, HandlingUnit, Membership, User, UserRole
from tracker.tenancy import ALL_CONGRESSES
from tracker.workflow import Role

CHUNK = 500  # ids or keys per IN (...): well under every database's parameter limit


def chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


@dataclass
class Account:
    """A person's account as the roster compares it, and their place in this congress (if any)."""

    id: int
    name: str
    phone: str
    email: str
    is_member: bool = False
    card_number: str | None = None
    group_id: int | None = None
    unit_id: int | None = None
    title: str = ""
    ended: bool = False  # deactivated here by an administrator (tracker.domain.people)
    roles: frozenset[Role] = frozenset()


class Known:
    """The accounts the file's cards, phones and emails name; this congress's groups and units."""

    def __init__(self, session, *, cards: set[str], phones: set[str], emails: set[str]):
        self.by_card: dict[str, int] = {}
        for chunk in chunks(cards):
            self.by_card.update((card, user_id) for card, user_id in session.execute(
                select(Membership.card_number, Membership.user_id)
                .where(Membership.card_number.in_(chunk))).all())
        # A person is one account on the whole platform: their phone is looked up in every
        # congress. Columns only, so no other congress's membership enters the session.
        self.by_phone: dict[str, list[int]] = {}
        for chunk in chunks(phones):
            for user_id, phone in session.execute(
                    select(User.id, User.phone).where(User.phone.in_(chunk))
                    .execution_options(**{ALL_CONGRESSES: True})):
                self.by_phone.setdefault(phone, []).append(user_id)
        self.by_email: dict[str, list[int]] = {}
        for chunk in chunks(emails):
            for user_id, address in session.execute(
                    select(User.id, func.lower(User.email)).where(func.lower(User.email).in_(chunk))):
                self.by_email.setdefault(address, []).append(user_id)
        ids = set(self.by_card.values()) | {i for ids in self.by_phone.values() for i in ids}
        self.accounts = _accounts(session, ids)
        self.groups = {g.name: g for g in session.scalars(select(DeputyGroup))}
        self.group_names = {g.id: g.name for g in self.groups.values()}
        self.units = {u.name: u for u in session.scalars(select(HandlingUnit))}
        self.unit_names = {u.id: u.name for u in self.units.values()}


def _accounts(session, ids: set[int]) -> dict[int, Account]:
    out: dict[int, Account] = {}
    for chunk in chunks(ids):
        for row in session.execute(select(User.id, User.name, User.phone, User.email)
                                   .where(User.id.in_(chunk))):
            out[row.id] = Account(row.id, row.name, row.phone or "", row.email or "")
        for row in session.execute(select(Membership.user_id, Membership.card_number, Membership.group_id,
                                          Membership.unit_id, Membership.title, Membership.ended_at)
                                   .where(Membership.user_id.in_(chunk))):
            account = out[row.user_id]
            account.is_member, account.card_number = True, row.card_number
            account.ended = row.ended_at is not None
            account.group_id, account.unit_id, account.title = row.group_id, row.unit_id, row.title or ""
        roles: dict[int, set[Role]] = {}
        for user_id, role in session.execute(select(UserRole.user_id, UserRole.role)
                                             .where(UserRole.user_id.in_(chunk))):
            roles.setdefault(user_id, set()).add(role)
        for user_id, held in roles.items():
            out[user_id].roles = frozenset(held)
    return out
