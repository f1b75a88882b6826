"""The workflow engine: `apply` is the only way a suggestion's state changes.

It finds the table row for the action, checks role, ownership, guards, reason and input, runs the
action's effect, changes state, freezes versions, writes the audit event, opens and closes
deadlines and queues notifications. It flushes and never commits: the caller owns the transaction
and rolls back on any DomainError, so a refused action leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from tracker.clock import now
from tracker.domain.audit import record
from tracker.domain.core.context import Context, Preloaded, preload
from tracker.domain.core.deadlines import close_all_item_deadlines, close_deadlines, open_deadlines
from tracker.domain.core.effects import EFFECTS
from tracker.domain.core.guards import CHECKS, DATA_GUARDS, MESSAGES
from tracker.domain.core.inputs import parse_data, parse_reason, parse_version
from tracker.domain.core.locking import ensure_fresh, hold, touch
from tracker.domain.core.notify import queue
from tracker.domain.core.ownership import RULES
from tracker.domain.core.versions import freeze_version
from tracker.domain.errors import (
    ActedFirst,
    DomainError,
    InvalidData,
    NotAllowedNow,
    NotYourItem,
    PersonOnly,
    ReasonMissing,
    RoleNotHeld,
    UnknownAction,
    required,
)
from tracker.domain.people.terms import TERM_ENDED, drafts_or_cosigns, in_office
from tracker.domain.webhooks.emit import announce
from tracker.extensions import db
from tracker.models import AuditEvent, Suggestion, User
from tracker.workflow import (
    DRAFTING,
    FINAL,
    PERSON_ONLY,
    TRANSITIONS,
    Action,
    Reason,
    Role,
    State,
    Transition,
    actions_from,
    rows_for,
)
from tracker.workflow.i18n import N_

# When an item first reaches these states, the moment is kept on the item for reports.
STAMPS = {State.SUBMITTED: "submitted_at", State.REGISTERED: "registered_at",
          State.ASSIGNED: "assigned_at", State.CLOSED: "closed_at"}


def _now() -> dt.datetime:
    return now()


def _close_assignments(ctx: Context) -> None:
    """A finished item is no unit's open work any more (a promise still owed reaches the inbox
    through its deadline)."""
    for a in ctx.live_assignments:
        a.is_open = False


# Unique keys that only a race can break: two transactions each adding what only one may add.
RACE_KEYS = ("uq_one_live_lead", "evaluation_reply_id_key")


def _parse(action, as_role) -> tuple[Action, Role]:
    try:
        action = Action(action)
    except (TypeError, ValueError):
        raise UnknownAction(N_("Unknown action: %(code)s"), code=str(action)[:60]) from None
    if not isinstance(as_role, str):
        raise InvalidData(N_("Invalid value: %(name)s"), name="as_role", field="as_role")
    try:
        role = Role(as_role)
    except ValueError:
        raise RoleNotHeld(N_("Unknown role: %(code)s"), code=as_role[:60]) from None
    return action, role


def _candidates(ctx: Context, action: Action) -> list[Transition]:
    """The rows this actor may take for `action` now, before the guards."""
    rows = rows_for(ctx.item.state, action)
    if not rows:
        raise NotAllowedNow(N_("“%(action)s” is not possible while the item is in “%(state)s”."),
                            action=action, state=ctx.item.state)
    rows = [r for r in rows if ctx.role in r.roles]
    if not rows:
        raise RoleNotHeld(N_("A %(role)s cannot “%(action)s”."), role=ctx.role, action=action)
    if action in PERSON_ONLY and ctx.actor.is_service_account:
        raise PersonOnly(N_("“%(action)s” needs the person's own sign-in or token; a service account "
                            "cannot do it."), action=action)
    owned = [r for r in rows if RULES[r.own](ctx)]
    if not owned:
        if _owned_elsewhere(ctx, action):  # e.g. the lead unit after it signed for the item
            raise NotAllowedNow(N_("“%(action)s” is not possible while the item is in “%(state)s”."),
                                action=action, state=ctx.item.state)
        raise NotYourItem(N_("This item is not yours to act on."))
    if ctx.role is Role.DEPUTY and not in_office(ctx.actor):
        owned = [r for r in owned if not drafts_or_cosigns(r)]
        if not owned:
            raise RoleNotHeld(TERM_ENDED)
    return owned


def _owned_elsewhere(ctx: Context, action: Action) -> bool:
    """The item is the actor's for `action` in another state: refused for its state (409, "not
    now"), not as someone else's (403) — what the loser of a race, or a second click, is told."""
    return any(RULES[r.own](ctx) for r in TRANSITIONS
               if r.action is action and r.source is not ctx.item.state and ctx.role in r.roles)


def _pick(ctx: Context, rows: list[Transition], *, with_data: bool = True) -> Transition:
    """The first row whose guards hold, or the most telling reason why none does."""
    failing = None
    for row in rows:
        guards = row.guards if with_data else [g for g in row.guards if g not in DATA_GUARDS]
        bad = next((g for g in guards if not CHECKS[g](ctx)), None)
        if bad is None:
            return row
        failing = failing or bad
    raise NotAllowedNow(MESSAGES[failing])


def _choose(ctx: Context, action: Action, *, with_data: bool = True) -> Transition:
    """The one row that applies, or the most telling reason why none does."""
    return _pick(ctx, _candidates(ctx, action), with_data=with_data)


def _independent(state: State, action: Action) -> bool:
    """Whether the action appends a record beside the item in this state (tracker.workflow.table)."""
    rows = rows_for(state, action)
    return bool(rows) and all(r.independent for r in rows)


def apply(item: Suggestion, action, *, actor: User, as_role, at: dt.datetime | None = None,
          reason: str | None = None, data: dict | None = None, seen_version: int | None = None,
          files=None) -> AuditEvent:
    """Take one action on an item; returns the audit event. Raises DomainError when refused.

    `seen_version`: the item's lock_version on the page the input was typed on; a page gone
    stale is refused before anything else is judged, unless the action is independent (two
    people logging contacts at once both succeed). `files`: uploads the action's effect stores
    (attachments.Files, the reply's attachments)."""
    if not EFFECTS:  # an action without its effect would change the state and nothing else
        raise RuntimeError("the domain is not wired: call tracker.domain.install.install() (create_app does)")
    action, role = _parse(action, as_role)
    seen_version, reason = parse_version(seen_version), parse_reason(reason)
    if not _independent(item.state, action):
        ensure_fresh(item, seen_version)  # the one place a page's version is judged
        hold(item)  # judged on the item as it is now, and the loser of a race told so
    if role not in actor.roles:
        raise RoleNotHeld(N_("You do not hold the role %(role)s."), role=role)
    at = at or _now()
    if at.tzinfo is None:
        raise ValueError("apply() needs an aware datetime")
    session = db.session
    ctx = Context(session, item, actor, role, at, reason, files=files)
    rows = _candidates(ctx, action)
    ctx.data = parse_data(ctx, data, {f for r in rows for f in (*r.fields, *r.optional_fields)})
    row = ctx.row = _pick(ctx, rows)
    if row.reason is Reason.REQUIRED and not ctx.reason:
        raise ReasonMissing()
    for field in row.fields:
        if ctx.data.get(field.value) in (None, "", [], {}):
            raise required(field.value)
    try:
        if action in EFFECTS:
            EFFECTS[action](ctx)
        if row.source in DRAFTING and not row.keeps_state:
            freeze_version(ctx)
        from_state = item.state
        item.state = row.target
        if not row.keeps_state:
            item.state_entered_at = at  # the review queues wait and sort on it
        stamp = STAMPS.get(row.target)
        if stamp and not row.keeps_state and getattr(item, stamp) is None:
            setattr(item, stamp, at)
        if not row.independent:
            touch(item, at)  # bumps lock_version: of two concurrent actions, one wins
        event = record(session, action=action, actor=actor, role=role, at=at, suggestion=item,
                       from_state=from_state, to_state=row.target, reason=ctx.reason,
                       data={**ctx.data, **ctx.audit_data})
        for cached in ("live_assignments", "actor_assignment"):
            ctx.__dict__.pop(cached, None)
        close_deadlines(ctx, row.closes, event.id)
        if row.target in FINAL and not row.keeps_state:
            close_all_item_deadlines(ctx, event.id)
            _close_assignments(ctx)
        opened = open_deadlines(ctx, row.opens, event.id)
        session.flush()
        queue(ctx, event, opened)
        announce(session, item, row, at)  # webhook events, committed with the change or not at all
        for step in ctx.later:
            step(event)
        session.flush()
    except StaleDataError:
        raise ActedFirst() from None
    except IntegrityError as exc:
        if any(key in str(exc.orig) for key in RACE_KEYS):
            raise ActedFirst() from None
        raise
    except OperationalError as exc:  # SQLite: the other writer holds the database
        if "locked" in str(exc).lower():
            raise ActedFirst() from None
        raise
    return event


@dataclass(frozen=True)
class Offer:
    """An action the actor may take now, as one of their roles: one button on the item page."""

    action: Action
    role: Role
    row: Transition


def offers(item: Suggestion, actor: User, at: dt.datetime | None = None, *, only=None,
           preloaded: Preloaded | None = None) -> list[Offer]:
    """What this user may do on this item now (of the actions `only`, if given), judged without
    the form's input."""
    at = at or _now()
    found: dict[Action, Offer] = {}
    for role in sorted(actor.roles):
        ctx = Context(db.session, item, actor, role, at, preloaded=preloaded)
        for action in actions_from(item.state):
            if action in found or (only is not None and action not in only):
                continue
            try:
                found[action] = Offer(action, role, _choose(ctx, action, with_data=False))
            except DomainError:
                continue
    return list(found.values())


def offers_for(items, actor: User, only, at: dt.datetime | None = None) -> dict[int, list[Offer]]:
    """`offers` of the actions `only` for every item of a list page, by item id: what the rules
    read is loaded for all the items at once (context.preload), so the buttons of a page cost the
    same few statements whatever the number of rows."""
    items = list({item.id: item for item in items}.values())
    if not items:
        return {}
    known = preload(db.session, [item.id for item in items])
    return {item.id: offers(item, actor, at, only=only, preloaded=known) for item in items}
