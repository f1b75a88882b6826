"""Service accounts: a system's account in one congress, made by its administrator and bound to a
handling unit (it acts as that unit's handler: drafts replies, logs contacts) or to a liaison station
(it logs opinions there, naming the channel they came in by, e.g. the 12345 hotline).

It has no password and signs in on no page (every sign-in path refuses it); it acts only through
tokens an administrator issues, and never signs off a reply or evaluates one (PERSON_ONLY).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from tracker.domain.accounts import tokens
from tracker.domain.audit import record
from tracker.domain.errors import InvalidData, NotAllowedNow, RoleNotHeld
from tracker.models import ApiToken, HandlingUnit, LiaisonStation, Membership, ServiceAccount, User, UserRole
from tracker.workflow import Role
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_

NAME_MAX = 40
# The role each binding acts in: a unit's handler; at a station, the role that logs opinions there.
UNIT_ROLE, STATION_ROLE = Role.UNIT_HANDLER, Role.DEPUTY


@dataclass(frozen=True)
class Binding:
    """What a new service account acts for: exactly one of a unit and a station."""

    unit_id: int | None = None
    station_id: int | None = None


def _bound(session, binding: Binding) -> tuple[HandlingUnit | None, LiaisonStation | None]:
    if (binding.unit_id is None) == (binding.station_id is None):
        raise InvalidData(N_("Bind the account to one handling unit or to one liaison station."),
                          field="unit_id")
    if binding.unit_id is not None:
        unit = session.scalar(select(HandlingUnit).where(HandlingUnit.id == binding.unit_id))
        if unit is None or not unit.is_active:
            raise InvalidData(N_("Choose a handling unit."), field="unit_id")
        return unit, None
    station = session.scalar(select(LiaisonStation).where(LiaisonStation.id == binding.station_id))
    if station is None or not station.is_active:
        raise InvalidData(N_("Choose a station."), field="station_id")
    return None, station


def create_service_account(session, admin: User, *, name: str, binding: Binding,
                           at: datetime) -> ServiceAccount:
    """A new service account of the congress in scope, with the role and place of its binding."""
    require_admin(admin)
    name = tokens.clean_name(name, NAME_MAX)
    unit, station = _bound(session, binding)
    user = User(username=f"svc-{secrets.token_hex(6)}", name=name, password_hash=None,
                is_service_account=True, is_active_user=True)
    session.add(user)
    session.flush()
    group_id = station.group_id if station is not None else None
    session.add_all([Membership(user_id=user.id, unit_id=unit.id if unit else None, group_id=group_id),
                     UserRole(user_id=user.id, role=UNIT_ROLE if unit else STATION_ROLE)])
    account = ServiceAccount(user_id=user.id, unit_id=unit.id if unit else None,
                             station_id=station.id if station else None, created_at=at,
                             created_by_id=admin.id)
    session.add(account)
    session.flush()
    session.expire(user, ["memberships", "role_rows"])
    record(session, action=AuditAction.CREATE_SERVICE_ACCOUNT, actor=admin, role=Role.ADMIN, at=at,
           data={"account": account.id, "user": user.id, "name": name, "unit": account.unit_id,
                 "station": account.station_id})
    return account


def service_accounts(session) -> list[ServiceAccount]:
    """The congress's service accounts, the live ones first."""
    return list(session.scalars(select(ServiceAccount).order_by(ServiceAccount.disabled_at.is_not(None),
                                                                ServiceAccount.id)))


def service_account(session, account_id: int) -> ServiceAccount | None:
    """One of this congress's service accounts (another congress's is None, like a missing one)."""
    return session.scalar(select(ServiceAccount).where(ServiceAccount.id == account_id))


def account_of(session, user: User) -> ServiceAccount | None:
    """The service account a user is, in the congress in scope; None for a person."""
    if not user.is_service_account:
        return None
    return session.scalar(select(ServiceAccount).where(ServiceAccount.user_id == user.id))


def _live(account: ServiceAccount) -> None:
    if account.disabled_at is not None:
        raise NotAllowedNow(N_("This service account is disabled."))


def disable_service_account(session, admin: User, account: ServiceAccount, *, at: datetime) -> int:
    """Switch the account off for good: its tokens end now; returns how many were live."""
    require_admin(admin)
    _live(account)
    account.disabled_at = at
    account.user.is_active_user = False
    ended = tokens.revoke_all(session, account.user, at=at)
    record(session, action=AuditAction.DISABLE_SERVICE_ACCOUNT, actor=admin, role=Role.ADMIN, at=at,
           data={"account": account.id, "user": account.user_id, "tokens_revoked": ended})
    session.flush()
    return ended


def issue_token(session, admin: User, account: ServiceAccount, *, name: str, scopes, days: int,
                at: datetime) -> tuple[ApiToken, str]:
    """A token for the service account, made by the administrator: shown to them once."""
    require_admin(admin)
    _live(account)
    return tokens.create_token(session, account.user, name=name, scopes=scopes, days=days, by=admin, at=at)


def revoke_token(session, admin: User, account: ServiceAccount, token_id: int, *, at: datetime) -> ApiToken:
    require_admin(admin)
    return tokens.revoke_token(session, account.user, token_id, by=admin, at=at)


def bindings(session) -> tuple[list[HandlingUnit], list[LiaisonStation]]:
    """What a new service account may be bound to: the active units and stations of this congress."""
    units = session.scalars(select(HandlingUnit).where(HandlingUnit.is_active.is_(True))
                            .order_by(HandlingUnit.name)).all()
    stations = session.scalars(select(LiaisonStation).where(LiaisonStation.is_active.is_(True))
                               .order_by(LiaisonStation.name)).all()
    return list(units), list(stations)


def require_admin(actor: User) -> None:
    """Only a congress's administrator manages its service accounts (the people pages' rule; people
    imports accounts, so not imported from there)."""
    if not actor.has_role(Role.ADMIN):
        raise RoleNotHeld(N_("Only an administrator of this congress manages its people."))
