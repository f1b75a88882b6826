"""No module in tracker/ or workers/ grows past 400 lines (STYLE: about 300, none over 400)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.db_independent  # no database here: make test runs it in the SQLite pass only

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 400


def _modules() -> list[Path]:
    return [p for folder in ("tracker", "workers") for p in sorted((ROOT / folder).rglob("*.py"))]


def test_the_walk_finds_the_modules():
    names = {p.relative_to(ROOT).as_posix() for p in _modules()}
    assert {"tracker/__init__.py", "tracker/domain/core/engine.py", "workers/celery_app.py"} <= names


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_module_is_at_most_400_lines(path: Path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines; split it by what it owns"
