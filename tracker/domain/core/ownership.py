"""Ownership rules: on top of holding a role, whose item the actor may act on."""

from __future__ import annotations

from collections.abc import Callable

from tracker.domain.core.context import Context
from tracker.workflow import Own


def _own_category(ctx: Context) -> bool:
    category = ctx.item.category
    if ctx.actor.committee_id is None:
        return False
    # An uncategorised draft may be taken up by any committee.
    return category is None or category.committee_id == ctx.actor.committee_id


def _own_group(ctx: Context) -> bool:
    group = ctx.item.author.group
    return group is not None and group.leader_id == ctx.actor.id


RULES: dict[Own, Callable[[Context], bool]] = {
    Own.ANY: lambda c: True,
    Own.OWN_ITEM: lambda c: c.item.author_id == c.actor.id,
    Own.COSIGNER: lambda c: c.actor_cosigner is not None and c.actor_cosigner.status != "declined",
    Own.OWN_GROUP: _own_group,
    Own.OWN_CATEGORY: _own_category,
    Own.OWN_UNIT: lambda c: c.actor_assignment is not None,
    Own.LEAD_UNIT: lambda c: c.actor_assignment is not None and c.actor_assignment.is_lead,
    Own.CO_UNIT: lambda c: c.actor_assignment is not None and not c.actor_assignment.is_lead,
}
