"""The webhook event types, derived from the suggestion table's rows: entering an announced state, evaluating.

Pure Python like the rest of the workflow package: the domain emits what `events_of(row)` names for
the row an action took, so a row added to the table announces itself without a second list.
"""

from __future__ import annotations

from tracker.workflow.enums import Action, State
from tracker.workflow.i18n import N_
from tracker.workflow.table import TRANSITIONS
from tracker.workflow.transition import Transition

# Entering these states is announced (issue 16): submitted, registered, assigned, replied, closed.
ANNOUNCED = (State.SUBMITTED, State.REGISTERED, State.ASSIGNED, State.REPLIED, State.CLOSED)
EVALUATED = "suggestion.evaluated"  # every row of the deputy's evaluation, whatever state it leads to
DEADLINE_OVERDUE = "deadline.overdue"  # the reminder ladder's first step after a due day
OPINION_LOGGED = "opinion.logged"  # a constituent's opinion logged at a liaison station


def entered(state: State) -> str:
    return f"suggestion.{state.value}"


def events_of(row: Transition) -> tuple[str, ...]:
    """The event types a table row announces when an action takes it."""
    out = [EVALUATED] if row.action is Action.EVALUATE else []
    if not row.keeps_state and row.target in ANNOUNCED:
        out.append(entered(row.target))
    return tuple(out)


# In the table's order, which follows an item's life.
SUGGESTION_EVENTS = tuple(dict.fromkeys(e for row in TRANSITIONS for e in events_of(row)))
EVENT_TYPES = (*SUGGESTION_EVENTS, DEADLINE_OVERDUE, OPINION_LOGGED)
# Each announced state must be some row's target, or its type would be offered and never sent.
assert all(entered(s) in SUGGESTION_EVENTS for s in ANNOUNCED), "an announced state no row enters"
assert EVALUATED in SUGGESTION_EVENTS, "no row evaluates"

EVENT_LABELS = {  # msgids, shown on the administrator's page beside each type
    entered(State.SUBMITTED): N_("Suggestion submitted"),
    entered(State.REGISTERED): N_("Suggestion registered"),
    entered(State.ASSIGNED): N_("Suggestion assigned"),
    entered(State.REPLIED): N_("Suggestion replied"),
    EVALUATED: N_("Suggestion evaluated"),
    entered(State.CLOSED): N_("Suggestion closed"),
    DEADLINE_OVERDUE: N_("Deadline overdue"),
    OPINION_LOGGED: N_("Opinion logged"),
}
assert set(EVENT_LABELS) == set(EVENT_TYPES), "every event type needs its label"
