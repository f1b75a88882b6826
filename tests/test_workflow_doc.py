"""docs/WORKFLOW.md is what the renderer writes: regenerate it with `flask --app tracker diagram`."""

from functools import partial
from pathlib import Path

from tracker.translations import label_text
from tracker.workflow import document, to_mermaid

DOCS = Path(__file__).resolve().parent.parent / "docs"
ZH = partial(label_text, lang="zh")  # the labels as the zh catalogue has them, as the CLI writes them


def test_the_workflow_doc_is_what_the_renderer_writes():
    assert (DOCS / "WORKFLOW.md").read_text(encoding="utf-8") == document(ZH)


def test_the_mermaid_file_is_what_the_renderer_writes():
    assert (DOCS / "workflow.mmd").read_text(encoding="utf-8") == to_mermaid(ZH)
