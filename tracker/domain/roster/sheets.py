"""Reading a roster upload, XLSX or CSV, row by row in bounded memory, into a header and its rows.

XLSX is read in openpyxl's read-only mode (streamed, never loaded whole). Formulas: the value Excel
last calculated and saved is taken, i.e. what the sheet shows (data_only); a formula no program ever
calculated has no saved value and reads as an empty cell. Merged cells: a block merged down a
column (a 代表小组 written once for its members) gives its value to every row it covers, as it
looks on screen. The sheet is the first one whose title row names the kind's required column; the
title row may be any of the first five (a heading above it is common).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.cell_range import CellRange

from tracker.domain.errors import InvalidData, Label
from tracker.domain.roster.columns import DEPUTIES, KIND_LABELS, KINDS, UNITS, match_headers
from tracker.workflow.i18n import N_

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000  # a province has about 800 deputies; the benchmark writes 10,000
HEADER_ROWS = 5  # where the title row is looked for
EMPTY_RUN = 5_000  # this many empty rows in a row end the sheet (formatting dragged to row 1,048,576)


class BadFile(InvalidData):
    """The upload as a whole cannot be used; the message says why, nothing is kept."""

    def __init__(self, msgid: str, **params):
        super().__init__(msgid, field="file", **params)


@dataclass
class Table:
    sheet: str
    header_row: int
    columns: dict[str, int]  # column key -> cell index
    ignored: list[str]  # titles of the columns not imported
    rows: list[tuple[int, list]] = field(default_factory=list)  # (row number in the file, cells)
    merged: int = 0  # cells filled from a merged block

    def cell(self, cells: list, key: str):
        index = self.columns.get(key)
        return cells[index] if index is not None and index < len(cells) else None


def read_table(data: bytes, filename: str, kind: str) -> Table:
    """The roster in an upload; BadFile when the file itself cannot be used."""
    if not data:
        raise BadFile(N_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise BadFile(N_("The file is too large: at most %(mb)s MB."), mb=MAX_BYTES // 2**20)
    name = filename.lower()
    if data[:4] == b"PK\x03\x04":
        return _xlsx(data, kind)
    if name.endswith((".csv", ".txt")):
        return _csv(data, kind)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or name.endswith(".xls"):
        raise BadFile(N_("An old .xls workbook cannot be read: save it as .xlsx (Excel 2007 or later) "
                         "or as CSV first."))
    raise BadFile(N_("Upload an .xlsx workbook or a .csv file."))


def _header(kind: str, first_rows: list[list]) -> tuple[int, dict[str, int], list[str]] | None:
    required = {c.key for c in KINDS[kind] if c.required}
    for number, cells in enumerate(first_rows, 1):
        columns, ignored = match_headers(kind, cells)
        if required <= set(columns):
            return number, columns, ignored
    return None


def _not_found(kind: str, found_other: bool, sheets: list[str]) -> BadFile:
    if found_other:
        other = UNITS if kind == DEPUTIES else DEPUTIES
        return BadFile(N_("This looks like a roster of %(other)s; choose that kind, or upload the "
                          "other file."), other=_kind_word(other))
    required = next(c for c in KINDS[kind] if c.required)
    if sheets:
        return BadFile(N_("No sheet has a column titled %(title)s in its first rows (sheets: %(sheets)s). "
                          "Use the template's column titles."), title=required.header,
                       sheets="、".join(sheets))
    return BadFile(N_("No column titled %(title)s in the first rows. Use the template's column titles."),
                   title=required.header)


def _kind_word(kind: str) -> Label:
    return Label(KIND_LABELS[kind], lower=True)


def _other_kind_matches(kind: str, first_rows: list[list]) -> bool:
    return _header(UNITS if kind == DEPUTIES else DEPUTIES, first_rows) is not None


def _keep(table: Table, number: int, cells: list, blanks: list[int]) -> bool:
    """Adds a non-empty row; False once the sheet has ended (a long run of empty rows)."""
    if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
        blanks[0] += 1
        return blanks[0] < EMPTY_RUN
    blanks[0] = 0
    if len(table.rows) >= MAX_ROWS:
        raise BadFile(N_("Too many rows: at most %(most)s per file. Split the roster into several files "
                         "(each is checked on its own)."), most=f"{MAX_ROWS:,}")
    table.rows.append((number, cells))
    return True


@contextmanager
def _readable(message: str) -> Iterator[None]:
    """openpyxl raises zip, XML, key and value errors alike for a file it cannot read: one refusal."""
    try:
        yield
    except BadFile:
        raise
    except Exception:
        raise BadFile(message) from None


def _xlsx(data: bytes, kind: str) -> Table:
    with _readable(N_("This file cannot be read: upload an .xlsx workbook or a .csv file.")):
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # A damaged sheet inside a readable zip fails only while its rows are read.
    with closing(book), _readable(N_("A worksheet of this file cannot be read; it may be damaged.")):
        names, other = [], False
        for sheet in book.worksheets:
            first = [list(r) for r in sheet.iter_rows(max_row=HEADER_ROWS, max_col=60, values_only=True)]
            names.append(sheet.title)
            found = _header(kind, first)
            if found is None:
                other = other or _other_kind_matches(kind, first)
                continue
            table = Table(sheet.title, found[0], found[1], found[2])
            _stream(book, sheet, table)
            return table
        raise _not_found(kind, other, names)


def _stream(book, sheet, table: Table) -> None:
    """The rows below the title row, streamed. openpyxl's own parser is driven here (as its
    read-only worksheet drives it) because the merged blocks are listed after the rows, and only
    the parser that read them knows them; the read-only worksheet drops them."""
    width = max(table.columns.values()) + 1
    blanks = [0]
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for number, cells in parser.parse():
            if number <= table.header_row:
                continue
            values = [None] * width
            for cell in cells:
                if cell["column"] <= width:
                    values[cell["column"] - 1] = cell["value"]
            if not _keep(table, number, values, blanks):
                break
        merged = parser.merged_cells.mergeCell if parser.merged_cells else []
    _fill_merged(table, [m.ref for m in merged])


def _fill_merged(table: Table, refs: list[str]) -> None:
    rows = dict(table.rows)
    for ref in refs:
        block = CellRange(ref)
        top = rows.get(block.min_row)
        if top is None or block.min_row <= table.header_row or block.min_col - 1 >= len(top):
            continue
        value = top[block.min_col - 1]
        for number in range(block.min_row, block.max_row + 1):
            cells = rows.get(number)
            if cells is None:
                continue
            for col in range(block.min_col - 1, min(block.max_col, len(cells))):
                if cells[col] is None and (number, col) != (block.min_row, block.min_col - 1):
                    cells[col] = value
                    table.merged += 1


def _csv(data: bytes, kind: str) -> Table:
    if b"\x00" in data:
        raise BadFile(N_("This file is not text: upload an .xlsx workbook or a .csv file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # Excel in China saves CSV as GB18030 (GBK), which decodes any text
        text = data.decode("gb18030", errors="replace")
    # csv.Error: a field over the module's size limit, a stray quote at the end of the file.
    with _readable(N_("This file cannot be read: upload an .xlsx workbook or a .csv file.")):
        return _csv_table(csv.reader(io.StringIO(text, newline="")), kind)


def _csv_table(reader, kind: str) -> Table:
    first = []
    for cells in reader:
        first.append(cells)
        if len(first) == HEADER_ROWS:
            break
    found = _header(kind, first)
    if found is None:
        raise _not_found(kind, _other_kind_matches(kind, first), [])
    table = Table("", found[0], found[1], found[2])
    blanks = [0]
    rows = first[found[0]:]
    for number, cells in enumerate(rows, found[0] + 1):
        _keep(table, number, cells, blanks)
    for number, cells in enumerate(reader, len(first) + 1):
        if not _keep(table, number, cells, blanks):
            break
    return table
