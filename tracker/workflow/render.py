"""The workflow drawn for people: a Mermaid state diagram and the whole table as Markdown.

Pure Python keeps no catalogue: each function takes `translate`, a member's label in the document's
language (the CLI and the doc test pass one built from the zh catalogue); the default is the English msgid.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from enum import Enum

from tracker.workflow.enums import FINAL, INITIAL, Reason, State
from tracker.workflow.labels import label
from tracker.workflow.liaison import LIAISON_MOVES, OPINION_INITIAL, SETTLED, Outcome
from tracker.workflow.table import TRANSITIONS

Translate = Callable[[Enum], str]

REASON_MARK = {Reason.REQUIRED: "required", Reason.OPTIONAL: "optional", Reason.NONE: "-"}


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


def to_markdown(translate: Translate = label) -> str:
    """The whole table as Markdown, for docs/WORKFLOW.md."""
    head = ("| 动作 action | 从 from | 到 to | 角色 roles | 归属 own | 条件 guards | 理由 reason "
            "| 独立 independent | 开启 opens | 关闭 closes |")
    out = [head, "|" + "---|" * 10]
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


def liaison_markdown(translate: Translate = label) -> str:
    """The liaison opinion's table as Markdown."""
    out = ["| 动作 action | 从 from | 到 to | 角色 roles | 归属 own | 条件 guards | 理由 reason |",
           "|" + "---|" * 7]
    for r in LIAISON_MOVES:
        out.append(f"| {translate(r.action)} `{r.action}` | {r.source} "
                   f"| {'(same)' if r.keeps_state else r.target} | {', '.join(sorted(r.roles))} "
                   f"| {r.own} | {', '.join(r.guards) or '-'} | {REASON_MARK[r.reason]} |")
    return "\n".join(out) + "\n"


def document(translate: Translate = label) -> str:
    """docs/WORKFLOW.md as `flask --app tracker diagram` writes it."""
    return ("# 工作流程 Workflow\n\n由 `flask --app tracker diagram` 从 `tracker/workflow/` 生成，"
            "请勿手改。Generated from the table; do not edit.\n\n"
            f"```mermaid\n{to_mermaid(translate)}```\n\n## Table\n\n{to_markdown(translate)}"
            "\n## 群众意见 Liaison opinions\n\n由登记意见的代表办理（tracker/workflow/liaison.py）。"
            "Acted on by the deputy who logged it.\n\n"
            f"```mermaid\n{liaison_mermaid(translate)}```\n\n{liaison_markdown(translate)}")
