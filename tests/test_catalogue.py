"""The zh catalogue is complete: extraction with babel.cfg's own methods and keywords finds no msgid
(workflow labels as \"kind|English\" included) without a zh translation, and none is fuzzy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

pytestmark = pytest.mark.db_independent  # no database here: make test runs it in the SQLite pass only

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "tracker" / "translations"


def _read(path: Path):
    with path.open("rb") as f:
        return read_po(f, locale="zh")


def test_extraction_finds_nothing_the_catalogue_does_not_translate(tmp_path):
    pot = tmp_path / "messages.pot"
    pybabel = str(Path(sys.executable).with_name("pybabel"))
    subprocess.run([pybabel, "extract", "-F", str(TRANSLATIONS / "babel.cfg"), "-k", "_l",
                    "--no-location", "-o", str(pot), "."], cwd=ROOT, check=True, capture_output=True,
                   env={"PYTHONPATH": str(ROOT), "PATH": ""})
    extracted = {(m.context, m.id) for m in _read(pot) if m.id}
    catalogue = {(m.context, m.id): m for m in _read(TRANSLATIONS / "zh" / "LC_MESSAGES" / "messages.po")
                 if m.id}
    assert len(extracted) > 500  # the extraction really read the code, templates and workflow tables
    assert (None, "owner|Deputy") in extracted  # the workflow labels were extracted
    missing = sorted(str(k) for k in extracted if k not in catalogue or not catalogue[k].string)
    fuzzy = sorted(str(k) for k in extracted if k in catalogue and catalogue[k].fuzzy)
    assert missing == [], "run tracker/translations/catalog.py with the new translations"
    assert fuzzy == []
