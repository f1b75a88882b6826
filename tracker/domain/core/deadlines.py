"""The engine's side of deadlines: opening and closing the rows a transition starts or stops."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tracker.domain.core.context import Context
from tracker.domain.deadlines.calendar import china_date
from tracker.domain.deadlines.rows import OUTLIVE_ITEM, due_for
from tracker.domain.deadlines.rules import rule_for
from tracker.models import Deadline
from tracker.workflow import DEADLINE_SPEC, Anchor, DeadlineKind, Owner, Scope, Unit

K = DeadlineKind


def _counted_from(ctx: Context, kind: DeadlineKind, anchor: Anchor) -> date:
    item, sess = ctx.item, ctx.item.session
    if anchor is Anchor.SUBMITTED and item.submitted_at is not None:
        return china_date(item.submitted_at)
    if anchor is Anchor.SESSION_CLOSE and sess is not None:
        return sess.closes_on
    if anchor is Anchor.SESSION_PRESUBMIT and sess is not None:
        return sess.presubmission_deadline_on
    return ctx.today


def _new(ctx: Context, kind: DeadlineKind, event_id: int, *, fixed: date | None = None,
         **part) -> Deadline:
    """One deadline row; `fixed` is a date given with the action (a promise, a report date)."""
    spec = DEADLINE_SPEC[kind]
    if fixed is not None:
        amount, unit, start = 0, Unit.FIXED_DATE, fixed
    else:
        amount, unit, anchor = rule_for(ctx.session, kind, ctx.item.channel)
        start = _counted_from(ctx, kind, anchor)
    due, provisional = due_for(ctx.calendar, ctx.item, kind, start, amount, unit)
    owner_user = part.pop("owner_user_id", None)
    if owner_user is None and spec.owner is Owner.DEPUTY:
        owner_user = ctx.item.author_id
    if owner_user is None and kind is K.GROUP_REVIEW and ctx.item.author.group is not None:
        owner_user = ctx.item.author.group.leader_id
    row = Deadline(suggestion_id=ctx.item.id, kind=kind, owner=spec.owner, counted_from=start,
                   amount=amount, unit=unit, due_on=due, provisional=provisional,
                   opened_at=ctx.at, opened_by_event_id=event_id, owner_user_id=owner_user, **part)
    ctx.session.add(row)
    return row


def open_deadlines(ctx: Context, kinds, event_id: int) -> list[Deadline]:
    opened: list[Deadline] = []
    lead = ctx.lead_assignment
    for kind in kinds:
        scope = DEADLINE_SPEC[kind].scope
        if scope is Scope.ITEM:
            unit_id = lead.unit_id if lead and DEADLINE_SPEC[kind].owner in (
                Owner.UNIT, Owner.UNIT_LEADER) else None
            opened.append(_new(ctx, kind, event_id, owner_unit_id=unit_id))
        elif scope is Scope.COSIGNER:
            for c in ctx.new_cosigners:
                opened.append(_new(ctx, kind, event_id, cosigner_id=c.id,
                                   owner_user_id=c.deputy_id))
        elif scope in (Scope.ASSIGNMENT, Scope.CO_ASSIGNMENT):
            for a in ctx.new_assignments:
                if scope is Scope.ASSIGNMENT or not a.is_lead:
                    opened.append(_new(ctx, kind, event_id, assignment_id=a.id,
                                       owner_unit_id=a.unit_id))
        elif scope is Scope.REQUEST:
            opened.append(_new(ctx, kind, event_id, request_id=ctx.request_id))
        elif scope is Scope.PROMISE:
            promises = ctx.new_promises or ([ctx.promise] if ctx.promise else [])
            for p in promises:
                fixed = p.due_on if kind is K.PROMISE else None  # the review counts by rule
                opened.append(_new(ctx, kind, event_id, promise_id=p.id, owner_unit_id=p.unit_id,
                                   fixed=fixed))
        elif scope is Scope.PROGRESS:
            for r in ctx.new_progress:
                opened.append(_new(ctx, kind, event_id, progress_id=r.id, fixed=r.due_on,
                                   owner_unit_id=lead.unit_id if lead else None))
    return opened


def _matches(ctx: Context, d: Deadline) -> bool:
    """Close only the part the action touched, when it touched one."""
    scope = DEADLINE_SPEC[d.kind].scope
    if scope is Scope.COSIGNER and ctx.cosigner is not None:
        return d.cosigner_id == ctx.cosigner.id
    if scope in (Scope.ASSIGNMENT, Scope.CO_ASSIGNMENT) and ctx.assignment is not None:
        return d.assignment_id == ctx.assignment.id
    if scope is Scope.PROMISE and ctx.promise is not None:
        return d.promise_id == ctx.promise.id
    if scope is Scope.PROGRESS and ctx.progress is not None:
        return d.progress_id == ctx.progress.id
    return True


def close_deadlines(ctx: Context, kinds, event_id: int) -> list[Deadline]:
    closed = []
    for kind in kinds:
        for d in ctx.open_deadlines(kind):
            if _matches(ctx, d):
                d.closed_at, d.closed_by_event_id = ctx.at, event_id
                closed.append(d)
    return closed


def close_all_item_deadlines(ctx: Context, event_id: int) -> None:
    """An item that ends leaves nothing owed, except the promises that outlive it."""
    for d in ctx.scalars(select(Deadline).where(Deadline.suggestion_id == ctx.item.id,
                                                Deadline.closed_at.is_(None))):
        if d.kind not in OUTLIVE_ITEM:
            d.closed_at, d.closed_by_event_id = ctx.at, event_id
