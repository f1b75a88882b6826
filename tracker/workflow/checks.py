"""What makes a workflow table sound; `validate()` runs at import, so a broken table fails the first test."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from tracker.workflow.deadlines import CARRIED_THROUGH, STATE_DEADLINE
from tracker.workflow.enums import FINAL, INITIAL, Action, Reason, State, Subject
from tracker.workflow.labels import ACTION_LABELS
from tracker.workflow.liaison import (
    LIAISON_MOVES,
    OPINION_ACTION_LABELS,
    OPINION_INITIAL,
    SETTLED,
    OpinionMove,
    Outcome,
)
from tracker.workflow.table import PERSON_ONLY, TRANSITIONS, reachable, rows_from
from tracker.workflow.transition import Transition


@dataclass
class TableProblems:
    problems: list[str] = field(default_factory=list)

    def check(self, ok: bool, message: str) -> None:
        if not ok:
            self.problems.append(message)


def problems(rows: tuple[Transition, ...] | None = None) -> list[str]:
    """Everything wrong with a table (this one by default); empty when it is sound."""
    rows = TRANSITIONS if rows is None else rows
    p = TableProblems()
    starts = set(State) - {r.target for r in rows if not r.keeps_state}
    p.check(starts == {INITIAL}, f"exactly one initial state expected, got {sorted(s.value for s in starts)}")
    unreachable = set(State) - reachable(INITIAL, rows)
    p.check(not unreachable, f"unreachable states: {sorted(s.value for s in unreachable)}")
    for state in State:
        exits = [r for r in rows_from(state, rows) if not r.keeps_state]
        if state in FINAL:
            p.check(not exits, f"final state {state} has exits")
            stray = [r for r in rows_from(state, rows) if r.subject is Subject.ITEM]
            p.check(not stray, f"final state {state} has item actions")
        else:
            p.check(bool(exits), f"non-final state {state} has no exit")
            if state is not INITIAL:
                p.check(state in STATE_DEADLINE, f"state {state} names nobody who owes a step")
    for row in rows:
        _check_row(p, row)
    acted = {r.action for r in rows}
    p.check(PERSON_ONLY <= acted, f"person-only actions not in the table: {sorted(PERSON_ONLY - acted)}")
    groups: dict[tuple[State, Action], list[Transition]] = defaultdict(list)
    for row in rows:
        groups[(row.source, row.action)].append(row)
    for (state, action), same in groups.items():
        told_apart = {(frozenset(r.guards), r.own) for r in same}
        p.check(len(told_apart) == len(same),
                f"rows for {action} in {state} are not told apart by guards or ownership")
    return p.problems


def _check_row(p: TableProblems, row: Transition) -> None:
    p.check(row.action in ACTION_LABELS, f"{row.action} has no label")
    p.check(bool(row.roles), f"{row.action} from {row.source} allows no role")
    p.check(isinstance(row.reason, Reason), f"{row.action} from {row.source} has no reason column")
    # An independent row appends a record beside the item; it never moves the item.
    p.check(not row.independent or row.keeps_state,
            f"{row.action} from {row.source} is independent but changes the state")
    if not row.keeps_state and row.target in STATE_DEADLINE:
        kind = STATE_DEADLINE[row.target]
        carried = row.source in CARRIED_THROUGH.get(kind, ())
        p.check(kind in row.opens or carried,
                f"{row.action} into {row.target} does not open its deadline")
    if not row.keeps_state and row.source in STATE_DEADLINE and row.target not in FINAL:
        # Leaving a state hands the next step to someone else, so its deadline closes,
        # unless it is carried on into the next state.
        kind = STATE_DEADLINE[row.source]
        carried = row.target in CARRIED_THROUGH.get(kind, ())
        p.check(kind in row.closes or carried,
                f"{row.action} out of {row.source} leaves {kind} open")


def liaison_problems(rows: tuple[OpinionMove, ...] | None = None) -> list[str]:
    """Everything wrong with the opinion's table (tracker.workflow.liaison); empty when sound."""
    rows = LIAISON_MOVES if rows is None else rows
    p = TableProblems()
    starts = set(Outcome) - {r.target for r in rows if not r.keeps_state}
    p.check(starts == {OPINION_INITIAL}, f"exactly one initial outcome expected, got {sorted(starts)}")
    seen, todo = {OPINION_INITIAL}, [OPINION_INITIAL]
    while todo:
        here = todo.pop()
        for r in rows:
            if r.source == here and r.target not in seen:
                seen.add(r.target)
                todo.append(r.target)
    p.check(seen == set(Outcome), f"unreachable outcomes: {sorted(set(Outcome) - seen)}")
    keys = [(r.source, r.action, frozenset(r.guards)) for r in rows]
    p.check(len(keys) == len(set(keys)), "opinion rows sharing source and action are not told apart")
    for r in rows:
        p.check(r.action in OPINION_ACTION_LABELS, f"{r.action} has no label")
        p.check(bool(r.roles), f"{r.action} from {r.source} allows no role")
        p.check(r.source not in SETTLED or r.keeps_state, f"settled outcome {r.source} has an exit")
    return p.problems


def validate() -> None:
    found = problems() + liaison_problems()
    if found:
        raise ValueError("workflow table is unsound:\n" + "\n".join(found))
