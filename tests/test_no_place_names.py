"""No congress is written into the product: names come from the congress's row, not from code,
templates or the catalogue (examples in docstrings and comments aside)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.db_independent  # no database here: make test runs it in the SQLite pass only

ROOT = Path(__file__).resolve().parent.parent
PLACES = ("城东", "Chengdong", "chengdong", "城西")


def _strings(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_no_code_string_names_a_congress():
    found = [f"{path.relative_to(ROOT)}:{line}: {text[:60]!r}"
             for folder in ("tracker/domain", "tracker/web", "tracker/models", "tracker/jobs", "workers")
             for path in sorted((ROOT / folder).rglob("*.py"))
             for line, text in _strings(path) if any(p in text for p in PLACES)]
    assert found == []


def test_no_template_or_catalogue_names_a_congress():
    files = [*(ROOT / "templates").rglob("*.html"), *(ROOT / "tracker/translations").rglob("*.po"),
             ROOT / "tracker/translations/messages.pot"]
    found = [str(f.relative_to(ROOT)) for f in files
             if any(p in f.read_text(encoding="utf-8") for p in PLACES)]
    assert found == []
