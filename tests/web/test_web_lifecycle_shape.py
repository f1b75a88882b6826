"""The request lifecycle's shape, read from the source of tracker/web with `ast`: no view commits or
catches a domain error itself (tracker/web/errors.py, the one handler, does both), and every routed
view is at most 15 lines.

A view's length is its body's lines, from the first statement after the docstring to the last
line of the last statement: the decorators, the `def` line and the docstring are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import tracker.web

pytestmark = pytest.mark.db_independent  # no database here: make test runs it in the SQLite pass only

WEB = Path(tracker.web.__file__).parent
HANDLER = WEB / "errors.py"  # perform() commits once; the DomainError handler rolls back
MAX_VIEW_LINES = 15


def _modules():
    for path in sorted(WEB.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _body_lines(fn: ast.FunctionDef) -> int:
    body = fn.body
    if len(body) > 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    return body[-1].end_lineno - body[0].lineno + 1


def _routed(fn: ast.FunctionDef) -> bool:
    return any(isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr == "route"
               for d in fn.decorator_list)


def test_no_view_commits_or_catches_a_domain_error_itself():
    commits, catches = [], []
    for path, tree in _modules():
        if path == HANDLER:
            continue
        where = path.relative_to(WEB)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "commit":
                commits.append(f"{where}:{node.lineno}")
            if isinstance(node, ast.ExceptHandler) and node.type is not None \
                    and "DomainError" in ast.unparse(node.type):
                catches.append(f"{where}:{node.lineno}")
    assert commits == [], "commit in perform() (tracker/web/errors.py) only"
    assert catches == [], "a DomainError is answered by tracker/web/errors.py only"


def test_every_routed_view_is_at_most_15_lines():
    views, long = 0, []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and _routed(node):
                views += 1
                if _body_lines(node) > MAX_VIEW_LINES:
                    long.append(f"{path.relative_to(WEB)}:{node.name} ({_body_lines(node)} lines)")
    assert views > 50  # the walk found the views
    assert long == []
