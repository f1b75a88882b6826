"""One writer of audit rows: `AuditEvent(...)` is constructed only in tracker/domain/audit.py."""

import ast
from pathlib import Path

import pytest

from tracker.domain.audit import record

pytestmark = pytest.mark.db_independent  # no database here: make test runs it in the SQLite pass only

TRACKER = Path(__file__).resolve().parent.parent / "tracker"
WRITER = TRACKER / "domain" / "audit.py"


def _constructions(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
            and (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) == "AuditEvent"]


def test_audit_events_are_built_only_by_the_one_writer():
    found = {str(p.relative_to(TRACKER.parent)): lines for p in sorted(TRACKER.rglob("*.py"))
             if p != WRITER and (lines := _constructions(p))}
    assert found == {}
    assert _constructions(WRITER)  # and the writer does build them


def test_an_audit_action_is_never_a_bare_string():
    with pytest.raises(TypeError):
        record(None, action="create_draft", actor=None, role=None, at=None)
