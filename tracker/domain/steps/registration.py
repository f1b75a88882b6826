"""Effects of registration (立案, numbering) and routing (交办) to one lead and any co-units."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from tracker.domain.core.context import Context
from tracker.domain.core.effects import as_id, as_ids, effect
from tracker.domain.errors import ActedFirst, InvalidData
from tracker.models import Assignment, Category, HandlingUnit, RegistrationCounter
from tracker.models.handling import AssignmentState
from tracker.workflow import Action, Channel
from tracker.workflow.i18n import N_

A = Action


def sequence_of(ctx: Context) -> str:
    """Session items are numbered per session, between-session items per calendar year."""
    if ctx.item.channel is Channel.SESSION and ctx.item.session_id is not None:
        return f"session:{ctx.item.session_id}"
    return f"year:{ctx.today.year}"


def next_number(session, sequence: str) -> int:
    """Take the next number; the row lock is held until commit, and a rollback leaves no gap."""
    stmt = (update(RegistrationCounter).where(RegistrationCounter.sequence == sequence)
            .values(last_number=RegistrationCounter.last_number + 1)
            .returning(RegistrationCounter.last_number))
    number = session.execute(stmt).scalar()
    if number is not None:
        return number
    try:
        with session.begin_nested():
            session.add(RegistrationCounter(sequence=sequence, last_number=1))
        return 1
    except IntegrityError:
        number = session.execute(stmt).scalar()
        if number is None:
            raise ActedFirst() from None
        return number


@effect(A.REGISTER)
def register(ctx: Context) -> None:
    category = ctx.session.get(Category, as_id(ctx, "category"))
    if category is None or not category.is_active:
        raise InvalidData(N_("Choose a valid category."), field="category")
    ctx.item.category_id = category.id
    sequence = sequence_of(ctx)
    ctx.item.reg_sequence, ctx.item.reg_number = sequence, next_number(ctx.session, sequence)
    ctx.audit_data["registration"] = f"{sequence}#{ctx.item.reg_number}"


def check_units(ctx: Context, lead_id: int | None, co_ids: list[int], taken: set[int]) -> None:
    wanted = ([lead_id] if lead_id else []) + co_ids
    found = set(ctx.session.scalars(select(HandlingUnit.id).where(HandlingUnit.id.in_(wanted),
                                                                  HandlingUnit.is_active.is_(True))))
    if set(wanted) - found:
        raise InvalidData(N_("Unknown handling unit."), field="co_units")
    if lead_id in co_ids:
        raise InvalidData(N_("The lead unit cannot also be a co-handling unit."), field="co_units")
    if taken & set(wanted):
        raise InvalidData(N_("That unit already handles this item."),
                          field="co_units")


def add_assignments(ctx: Context, lead_id: int | None, co_ids: list[int]) -> None:
    for unit_id, is_lead in ([(lead_id, True)] if lead_id else []) + [(u, False) for u in co_ids]:
        a = Assignment(suggestion_id=ctx.item.id, unit_id=unit_id, is_lead=is_lead,
                       state=AssignmentState.AWAITING_RECEIPT, assigned_at=ctx.at)
        ctx.session.add(a)
        ctx.new_assignments.append(a)
    ctx.audit_data.update(lead_unit=lead_id, co_units=co_ids)


@effect(A.ROUTE)
def route(ctx: Context) -> None:
    lead_id, co_ids = as_id(ctx, "lead_unit"), as_ids(ctx, "co_units")
    check_units(ctx, lead_id, co_ids, set())
    add_assignments(ctx, lead_id, co_ids)
