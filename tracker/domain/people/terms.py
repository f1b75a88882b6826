"""Terms of a congress (届) and the change of term (换届): who is still a deputy in office.

At the change of term the office names the deputies re-elected; the others keep their accounts,
their open suggestions go on, they follow them and evaluate the replies, and their history stays
theirs, but they may no longer draft or co-sign (DOMAIN §1). Groups are re-formed on the
organisation page (a new leader takes over the group's open reviews). Numbering is untouched:
it stays per session and per year.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from tracker.domain.audit import record
from tracker.domain.errors import InvalidData, RoleNotHeld
from tracker.domain.people.admins import require_admin
from tracker.models import DeputyGroup, Membership, Term, User, UserRole
from tracker.workflow import DRAFTING, LETTING_GO, AuditAction, Role, Transition
from tracker.workflow.i18n import N_

TERM_ENDED = N_("Your term as a deputy has ended: you can follow your suggestions and evaluate the "
                "replies, but no longer draft or co-sign.")


def in_office(user: User) -> bool:
    """Whether a deputy holds office in this congress's current term (one never re-elected: no)."""
    place = user.membership
    return place is None or place.in_office


def drafts_or_cosigns(row: Transition) -> bool:
    """A deputy's step in writing a suggestion or joining one: any deputy row from a drafting state,
    except letting go (declining, withdrawing). Derived from the table, not listed per action."""
    return Role.DEPUTY in row.roles and row.source in DRAFTING and row.action not in LETTING_GO


def refuse_out_of_office(user: User) -> None:
    """Drafting outside the table (a new draft, an edit): refused once the deputy's term ended."""
    if not in_office(user):
        raise RoleNotHeld(TERM_ENDED)


def current_term(session) -> Term | None:
    return session.scalar(select(Term).order_by(Term.ordinal.desc()).limit(1))


def deputies(session) -> list[User]:
    """This congress's deputies, in office or not (a change of term chooses among them)."""
    return list(session.scalars(select(User).join(UserRole).where(
        UserRole.role == Role.DEPUTY, User.is_active_user.is_(True)).order_by(User.name, User.id)))


def open_term(session, actor: User, *, ordinal: int, starts_on: dt.date, re_elected: set[int],
              at: dt.datetime) -> tuple[Term, list[DeputyGroup]]:
    """Open term `ordinal` (第N届): the deputies in `re_elected` hold office, every other deputy's
    term ends. Returns the term and the groups whose leader was not re-elected (to re-form)."""
    require_admin(actor)
    latest = current_term(session)
    if ordinal < 1 or (latest is not None and ordinal <= latest.ordinal):
        raise InvalidData(N_("The new term comes after the %(n)sth: give a larger number."), field="ordinal",
                          n=latest.ordinal if latest else 0)
    if latest is not None and starts_on <= latest.starts_on:
        raise InvalidData(N_("The new term starts after the current one (%(day)s)."), field="starts_on",
                          day=latest.starts_on)
    everyone = deputies(session)
    term = Term(ordinal=ordinal, starts_on=starts_on, opened_at=at)
    session.add(term)
    ended = []
    for user in everyone:
        stays = user.id in re_elected
        if not stays and in_office(user):
            ended.append(user.id)
        user.place_here().in_office = stays
    session.flush()
    leaderless = list(session.scalars(
        select(DeputyGroup).join(Membership, Membership.user_id == DeputyGroup.leader_id)
        .where(DeputyGroup.is_active.is_(True), Membership.in_office.is_(False))))
    record(session, action=AuditAction.OPEN_TERM, actor=actor, role=Role.ADMIN, at=at,
           data={"term": term.id, "ordinal": ordinal, "starts_on": starts_on, "ended": ended,
                 "re_elected": sorted(re_elected & {u.id for u in everyone}),
                 "groups_to_reform": [g.id for g in leaderless]})
    return term, leaderless


def out_of_office_count(session) -> int:
    return session.scalar(
        select(func.count(Membership.id)).join(UserRole, UserRole.user_id == Membership.user_id)
        .where(UserRole.role == Role.DEPUTY, Membership.in_office.is_(False)))
