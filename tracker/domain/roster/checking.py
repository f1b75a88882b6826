"""Checking a roster row by row: each row's problems, and what writing it would do to whom.

A person is found by their deputy card number in this congress, else by their mobile number in any
congress (one account per person on the platform). A number matched to an account that bears
another name is refused, so a mistyped number never takes over someone else's account; only a card
number may rename. An empty cell leaves what is stored as it is: a roster adds and corrects, it
never blanks a field.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from tracker.domain.exchange.imports import Problem  # row, field, msgid, params: one shape for both imports
from tracker.domain.roster import cells
from tracker.domain.roster.columns import DEPUTIES, KINDS
from tracker.domain.roster.known import Account, Known
from tracker.domain.roster.sheets import Table
from tracker.workflow import Role
from tracker.workflow.i18n import N_

NEW, JOINED, UPDATED, UNCHANGED = "new", "joined", "updated", "unchanged"
OUTCOMES = (NEW, JOINED, UPDATED, UNCHANGED)
LIMITS = {"name": 40, "card_number": 40, "group": 100, "title": 60, "unit": 100, "short_name": 40,
          "handler_name": 40, "leader_name": 40}


@dataclass
class Person:
    """One person a roster writes: their account's fields and their place in this congress."""

    row: int
    name: str
    phone: str = ""
    email: str = ""
    card_number: str = ""
    group: str = ""
    title: str = ""
    unit: str = ""
    leads_group: bool = False
    roles: set[Role] = field(default_factory=set)
    account: Account | None = None
    changes: list[str] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        if self.account is None:
            return NEW
        if not self.account.is_member:
            return JOINED
        return UPDATED if self.changes else UNCHANGED


@dataclass
class Preview:
    kind: str
    table: Table
    people: list[Person] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)  # unit name -> short name, valid rows only
    bad_rows: set[int] = field(default_factory=set)
    known: Known | None = None  # the lookups of the check, which the writer reuses in its transaction

    def counts(self) -> dict[str, int]:
        out = {f"people_{o}": sum(p.outcome == o for p in self.people) for o in OUTCOMES}
        out |= {"rows": len(self.table.rows), "rows_bad": len(self.bad_rows),
                "rows_valid": len(self.table.rows) - len(self.bad_rows), "groups_new": len(self.new_groups)}
        if self.kind != DEPUTIES:
            units = self.known.units
            out["units_new"] = sum(u not in units for u in self.units)
            out["units_updated"] = sum(u in units and bool(s) and units[u].short_name != s
                                       for u, s in self.units.items())
            out["units_unchanged"] = len(self.units) - out["units_new"] - out["units_updated"]
        return out

    def fingerprint(self) -> str:
        """What writing would do, in short: confirming is refused when it no longer matches the preview."""
        plan = [[p.row, p.outcome, p.changes, sorted(p.roles)] for p in self.people]
        plan += [sorted(self.bad_rows), self.new_groups, sorted(self.units.items())]
        return hashlib.sha256(json.dumps(plan, ensure_ascii=False).encode()).hexdigest()[:16]


class _Row:
    """One row's cells by column key, and the problems found in it."""

    def __init__(self, table: Table, number: int, values: list, out: list[Problem]):
        self.number, self.out = number, out
        self.fields: set[str] = set()  # the columns found wrong
        self.unit = self.short_name = ""  # a units row's unit
        self.cells = {k: table.cell(values, k) for k in table.columns}

    def text(self, key: str) -> str:
        value = cells.text(self.cells.get(key))
        if key in LIMITS and len(value) > LIMITS[key]:
            self.bad(key, N_("Longer than %(most)s characters."), most=LIMITS[key])
        return value

    def bad(self, key: str, msgid: str, **params) -> None:
        self.out.append(Problem(self.number, key, msgid, params))
        self.fields.add(key)

    @property
    def found(self) -> int:
        return len(self.fields)

    def phone(self, key: str) -> str:
        raw = cells.text(self.cells.get(key))
        number = cells.mobile(raw) if raw else ""
        if number is None:
            self.bad(key, N_("“%(text)s” is not a mainland mobile number (11 digits starting with 13–19)."),
                     text=raw)
        return number or ""

    def email(self, key: str) -> str:
        raw = cells.text(self.cells.get(key))
        address = cells.email(raw) if raw else ""
        if address is None:
            self.bad(key, N_("“%(text)s” is not an email address."), text=raw)
        return address or ""


def check(session, table: Table, kind: str) -> Preview:
    """Every row checked against the file's other rows and the database; nothing is written."""
    rows, problems = [], []
    for number, values in table.rows:
        row = _Row(table, number, values, problems)
        rows.append((row, _DEPUTY(row) if kind == DEPUTIES else _UNIT(row)))
    known = Known(session, cards={p.card_number for _, ps in rows for p in ps if p.card_number},
                  phones={p.phone for _, ps in rows for p in ps if p.phone},
                  emails={p.email.lower() for _, ps in rows for p in ps if p.email})
    preview = Preview(kind, table, problems=problems)
    seen = _Seen()
    for row, people in rows:
        if row.found == 0:
            for person in people:
                _match(row, person, known, seen)
        if row.found == 0 and kind != DEPUTIES:
            _unit(row, known, preview, seen)
        if row.found:
            preview.bad_rows.add(row.number)
            continue
        for person in people:
            _place(person, known, preview, seen)
    problems.sort(key=lambda p: p.row)
    preview.known = known
    return preview


def _DEPUTY(row: _Row) -> list[Person]:  # noqa: N802  (named like _UNIT: the kind's row reader)
    person = Person(row.number, row.text("name"), phone=row.phone("phone"), email=row.email("email"),
                    card_number=cells.card(row.cells.get("card_number")), group=row.text("group"),
                    title=row.text("title"), roles={Role.DEPUTY})
    if len(person.card_number) > LIMITS["card_number"]:
        row.bad("card_number", N_("Longer than %(most)s characters."), most=LIMITS["card_number"])
    if not person.name:
        row.bad("name", N_("%(label)s is required."), label=KINDS[DEPUTIES][0].label)
    if not person.card_number and not person.phone and "phone" not in row.fields:
        row.bad("phone", N_("Give the deputy card number or the mobile number: one of them finds the "
                            "person again on the next import."))
    leads = cells.yes_no(row.cells.get("leader"))
    if leads is None:
        row.bad("leader", N_("Write 是 or 否 (yes or no), not “%(text)s”."),
                text=cells.text(row.cells.get("leader")))
    elif leads and not person.group:
        row.bad("leader", N_("A group leader needs a deputy group in the same row."))
    person.leads_group = bool(leads)
    if person.leads_group:
        person.roles.add(Role.GROUP_LEADER)
    return [person]


def _UNIT(row: _Row) -> list[Person]:  # noqa: N802
    unit = row.text("unit")
    if not unit:
        row.bad("unit", N_("%(label)s is required."), label=N_("Unit name"))
    row.unit, row.short_name = unit, row.text("short_name")
    people = []
    for who, role in (("handler", Role.UNIT_HANDLER), ("leader", Role.UNIT_LEADER)):
        name, phone = row.text(f"{who}_name"), row.phone(f"{who}_phone")
        raw_phone = cells.text(row.cells.get(f"{who}_phone"))
        if name and not raw_phone:
            row.bad(f"{who}_phone", N_("Give the mobile number of %(name)s: it is how the person signs in."),
                    name=name)
        elif raw_phone and not name:
            row.bad(f"{who}_name", N_("Give the name of the person with this mobile number."))
        if name and phone:
            people.append(Person(row.number, name, phone=phone, unit=unit, roles={role}))
    return people


class _Seen:
    """Keys already taken by an earlier row of the file."""

    def __init__(self):
        self.cards: dict[str, int] = {}
        self.phones: dict[str, Person] = {}
        self.emails: dict[str, int] = {}
        self.accounts: dict[int, int] = {}
        self.leaders: dict[str, int] = {}
        self.units: dict[str, tuple[int, str]] = {}


def _match(row: _Row, person: Person, known: Known, seen: _Seen) -> None:
    """Which account the row is, refusing the row where the file or the database disagrees."""
    by_card = known.by_card.get(person.card_number) if person.card_number else None
    by_phone = known.by_phone.get(person.phone, []) if person.phone else []
    if person.card_number and person.card_number in seen.cards:
        row.bad("card_number", N_("Same deputy card number as row %(other)s."),
                other=seen.cards[person.card_number])
    earlier = seen.phones.get(person.phone) if person.phone else None
    # The same unit's handler and leader may be one person, given in two rows.
    both_roles = earlier is not None and bool(earlier.unit) and earlier.unit == person.unit \
        and earlier.roles != person.roles and earlier.name == person.name
    if earlier is not None and not both_roles:
        row.bad(_phone_key(person), N_("Same mobile number as row %(other)s."), other=earlier.row)
    if person.leads_group and person.group in seen.leaders:
        row.bad("leader", N_("Row %(other)s already names the leader of this group."),
                other=seen.leaders[person.group])
    if person.email and person.email.lower() in seen.emails:
        row.bad("email", N_("Same email address as row %(other)s."), other=seen.emails[person.email.lower()])
    if len(by_phone) > 1:
        row.bad(_phone_key(person), N_("Several accounts use this mobile number; an administrator must "
                                       "correct them before it can be imported."))
        return
    phone_owner = by_phone[0] if by_phone else None
    if by_card is not None and phone_owner is not None and by_card != phone_owner:
        row.bad(_phone_key(person), N_("Card number %(card)s is %(card_name)s's, but this mobile number is "
                                       "%(phone_name)s's."), card=person.card_number,
                card_name=known.accounts[by_card].name, phone_name=known.accounts[phone_owner].name)
        return
    account = known.accounts.get(by_card or phone_owner) if (by_card or phone_owner) else None
    if account is not None and by_card is None and account.name != person.name:
        row.bad(_phone_key(person), N_("This mobile number is the account of %(account)s, not of %(name)s. "
                                       "Check the number."), account=account.name, name=person.name)
    if account is not None and account.ended:
        row.bad("name", N_("%(name)s was deactivated in this congress; reactivate them on the people page "
                           "first (a roster does not undo a deactivation)."), name=account.name)
    if person.group in known.groups and not known.groups[person.group].is_active:
        row.bad("group", N_("The deputy group “%(name)s” is retired; reactivate it first or name another."),
                name=person.group)
    if account is not None and account.id in seen.accounts and not both_roles:
        row.bad("name", N_("Same person as row %(other)s."), other=seen.accounts[account.id])
    if person.email:
        others = set(known.by_email.get(person.email.lower(), [])) - {account.id if account else None}
        if others:
            row.bad("email", N_("Another account already uses this email address."))
    person.account = account


def _phone_key(person: Person) -> str:
    if person.unit:
        return "leader_phone" if Role.UNIT_LEADER in person.roles else "handler_phone"
    return "phone"


def _unit(row: _Row, known: Known, preview: Preview, seen: _Seen) -> None:
    if row.unit in known.units and not known.units[row.unit].is_active:
        row.bad("unit", N_("The unit “%(name)s” is retired; reactivate it first or name another."),
                name=row.unit)
    first = seen.units.get(row.unit)
    if first is not None and row.short_name and first[1] and first[1] != row.short_name:
        row.bad("short_name", N_("Row %(other)s gives this unit the short name “%(short)s”."),
                other=first[0], short=first[1])
    if row.found:
        return
    if first is None or (row.short_name and not first[1]):
        seen.units[row.unit] = (first[0] if first else row.number, row.short_name)
    preview.units[row.unit] = seen.units[row.unit][1]


def _place(person: Person, known: Known, preview: Preview, seen: _Seen) -> None:
    """What writing the valid row changes; the keys it takes for the rows after it."""
    earlier = seen.phones.get(person.phone) if person.phone else None
    if earlier is not None:  # the same unit's handler and leader in two rows: one person, both roles
        earlier.roles |= person.roles
        earlier.changes = _changes(earlier, known)
        return
    if person.card_number:
        seen.cards[person.card_number] = person.row
    if person.phone:
        seen.phones[person.phone] = person
    if person.email:
        seen.emails[person.email.lower()] = person.row
    if person.account is not None:
        seen.accounts[person.account.id] = person.row
    if person.group and person.group not in known.groups and person.group not in preview.new_groups:
        preview.new_groups.append(person.group)
    if person.leads_group:
        seen.leaders[person.group] = person.row
    person.changes = _changes(person, known)
    preview.people.append(person)


def _changes(person: Person, known: Known) -> list[str]:
    account = person.account
    if account is None:
        return []
    changed = []
    given = {"name": person.name, "phone": person.phone}
    for key, value in given.items():
        if value and value != getattr(account, key):
            changed.append(key)
    if person.email and person.email.lower() != account.email.lower():
        changed.append("email")
    if person.card_number and person.card_number != (account.card_number or ""):
        changed.append("card_number")
    if person.title and person.title != account.title:
        changed.append("title")
    if person.group and known.group_names.get(account.group_id) != person.group:
        changed.append("group")
    if person.unit and known.unit_names.get(account.unit_id) != person.unit:
        changed.append("unit")
    if person.leads_group and (person.group not in known.groups
                               or known.groups[person.group].leader_id != account.id):
        changed.append("leader")
    if not person.roles <= account.roles:
        changed.append("roles")
    return changed
