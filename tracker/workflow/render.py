"""The workflow drawn for people: a Mermaid state diagram and the whole table as Markdown.

Pure Python keeps no catalogue and no Chinese: each function takes `translate`, a member's label in the
document's language (default: the English msgid), and the tables take their column headings; the zh
docs/WORKFLOW.md is put together in tracker/translations/workflow_doc.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from enum import Enum

from tracker.workflow.enums import FINAL, INITIAL, Reason, State
from tracker.workflow.labels import label
from tracker.workflow.liaison import LIAISON_MOVES, OPINION_INITIAL, SETTLED, Outcome
from tracker.workflow.table import TRANSITIONS

Translate = Callable[[Enum], str]

REASON_MARK = {Reason.REQUIRED: "required", Reason.OPTIONAL: "optional", Reason.NONE: "-"}
# The table's columns; the liaison table has the first seven.
COLUMNS = ("action", "from", "to", "roles", "own", "guards", "reason", "independent", "opens", "closes")
LIAISON_COLUMNS = COLUMNS[:7]


def _head(columns: Sequence[str]) -> list[str]:
    return ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]


def to_mermaid(translate: Translate = label) -> str:
    """The lifecycle as a Mermaid state diagram (state-changing rows only)."""
    lines = ["stateDiagram-v2", f"    [*] --> {INITIAL.value}"]
    for state in State:
        lines.append(f"    {state.value}: {translate(state)}")
    edges: dict[tuple[State, State], list[str]] = defaultdict(list)
    for row in TRANSITIONS:
        if not row.keeps_state:
            name = translate(row.action)
            if name not in edges[(row.source, row.target)]:
                edges[(row.source, row.target)].append(name)
    for (src, dst), names in edges.items():
        lines.append(f"    {src.value} --> {dst.value}: {' / '.join(names)}")
    for state in sorted(FINAL):
        lines.append(f"    {state.value} --> [*]")
    return "\n".join(lines) + "\n"


def to_markdown(translate: Translate = label, columns: Sequence[str] = COLUMNS) -> str:
    """The whole table as Markdown, for docs/WORKFLOW.md."""
    out = _head(columns)
    for r in TRANSITIONS:
        out.append(
            f"| {translate(r.action)} `{r.action}` | {r.source} "
            f"| {'(same)' if r.keeps_state else r.target} "
            f"| {', '.join(sorted(r.roles))} | {r.own} | {', '.join(r.guards) or '-'} "
            f"| {REASON_MARK[r.reason]} | {'yes' if r.independent else '-'} "
            f"| {', '.join(r.opens) or '-'} | {', '.join(r.closes) or '-'} |"
        )
    return "\n".join(out) + "\n"


def liaison_mermaid(translate: Translate = label) -> str:
    """The liaison opinion's outcomes as a Mermaid state diagram (outcome-changing rows only)."""
    lines = ["stateDiagram-v2", f"    [*] --> {OPINION_INITIAL.value}"]
    lines += [f"    {o.value}: {translate(o)}" for o in Outcome]
    edges: dict[tuple[Outcome, Outcome], list[str]] = defaultdict(list)
    for row in LIAISON_MOVES:
        if not row.keeps_state and translate(row.action) not in edges[(row.source, row.target)]:
            edges[(row.source, row.target)].append(translate(row.action))
    lines += [f"    {a.value} --> {b.value}: {' / '.join(n)}" for (a, b), n in edges.items()]
    lines += [f"    {o.value} --> [*]" for o in sorted(SETTLED)]
    return "\n".join(lines) + "\n"


def liaison_markdown(translate: Translate = label, columns: Sequence[str] = LIAISON_COLUMNS) -> str:
    """The liaison opinion's table as Markdown."""
    out = _head(columns)
    for r in LIAISON_MOVES:
        out.append(f"| {translate(r.action)} `{r.action}` | {r.source} "
                   f"| {'(same)' if r.keeps_state else r.target} | {', '.join(sorted(r.roles))} "
                   f"| {r.own} | {', '.join(r.guards) or '-'} | {REASON_MARK[r.reason]} |")
    return "\n".join(out) + "\n"

