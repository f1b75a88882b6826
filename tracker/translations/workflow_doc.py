"""docs/WORKFLOW.md and docs/workflow.mmd: the workflow's renderer fed the zh catalogue's labels."""

from __future__ import annotations

from functools import partial

from tracker.translations import label_text
from tracker.workflow.render import (
    COLUMNS,
    liaison_markdown,
    liaison_mermaid,
    to_markdown,
    to_mermaid,
)

zh_label = partial(label_text, lang="zh")  # the docs show the labels as the zh catalogue has them
# The columns' headings in both languages, as the docs have always shown them.
HEADINGS = tuple(f"{zh} {en}" for zh, en in zip(
    ("动作", "从", "到", "角色", "归属", "条件", "理由", "独立", "开启", "关闭"), COLUMNS, strict=True))


def mermaid() -> str:
    """docs/workflow.mmd: the lifecycle's diagram with zh labels."""
    return to_mermaid(zh_label)


def markdown() -> str:
    """The whole table with zh labels and two-language headings (`flask --app tracker workflow`)."""
    return to_markdown(zh_label, HEADINGS)


def document() -> str:
    """docs/WORKFLOW.md as `flask --app tracker diagram` writes it."""
    return ("# 工作流程 Workflow\n\n由 `flask --app tracker diagram` 从 `tracker/workflow/` 生成，"
            "请勿手改。Generated from the table; do not edit.\n\n"
            f"```mermaid\n{mermaid()}```\n\n## Table\n\n{markdown()}"
            "\n## 群众意见 Liaison opinions\n\n由登记意见的代表办理（tracker/workflow/liaison.py）。"
            "Acted on by the deputy who logged it.\n\n"
            f"```mermaid\n{liaison_mermaid(zh_label)}```\n\n{liaison_markdown(zh_label, HEADINGS[:7])}")
