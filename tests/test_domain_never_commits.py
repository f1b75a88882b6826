"""The domain flushes and never ends a transaction: loops that commit live in tracker/jobs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.db_independent  # no database here: make test runs it in the SQLite pass only

DOMAIN = Path(__file__).resolve().parent.parent / "tracker" / "domain"


def _calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.name}:{node.lineno} .{node.func.attr}()" for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("commit", "rollback")]


@pytest.mark.parametrize("path", sorted(DOMAIN.rglob("*.py")), ids=lambda p: p.relative_to(DOMAIN).as_posix())
def test_no_commit_or_rollback_in_the_domain(path: Path):
    assert _calls(path) == []


def test_the_check_sees_a_commit(tmp_path):
    sample = tmp_path / "loop.py"
    sample.write_text("def run(session):\n    session.commit()\n", encoding="utf-8")
    assert _calls(sample) == ["loop.py:2 .commit()"]
