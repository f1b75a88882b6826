"""docs/WORKFLOW.md is what the renderer writes: regenerate it with `flask --app tracker diagram`."""

from pathlib import Path

import pytest

from tracker.translations.workflow_doc import document, mermaid

pytestmark = pytest.mark.db_independent  # no database here: make test runs it in the SQLite pass only

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_the_workflow_doc_is_what_the_renderer_writes():
    assert (DOCS / "WORKFLOW.md").read_text(encoding="utf-8") == document()


def test_the_mermaid_file_is_what_the_renderer_writes():
    assert (DOCS / "workflow.mmd").read_text(encoding="utf-8") == mermaid()
