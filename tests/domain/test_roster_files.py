"""Roster files: XLSX and CSV, formulas, merged cells, the wrong sheet or kind, empty, damaged and
oversized files; each either read or refused with a reason, in bounded memory."""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile

import pytest

from tests.roster_files import UNIT_HEADERS, csv_bytes, deputies, xlsx
from tracker.domain.roster import sheets
from tracker.domain.roster.columns import DEPUTIES, UNITS, match_headers, template
from tracker.domain.roster.sheets import BadFile, read_table


def refusal(data: bytes, name: str = "名册.xlsx", kind: str = DEPUTIES) -> str:
    with pytest.raises(BadFile) as caught:
        read_table(data, name, kind)
    return caught.value.message("zh") + " | " + caught.value.message("en")


def with_formula(data: bytes, cell: str, formula: str, cached: str | None) -> bytes:
    """The workbook with `cell`'s value turned into a formula, with or without Excel's saved value."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = body.decode()
                value = f"<v>{cached}</v>" if cached is not None else ""
                text = re.sub(rf'<c r="{cell}"[^>]*>.*?</c>',
                              f'<c r="{cell}" t="str"><f>{formula}</f>{value}</c>', text)
                body = text.encode()
            target.writestr(item, body)
    return out.getvalue()


def test_the_template_is_read_back_with_its_example_row():
    for kind in (DEPUTIES, UNITS):
        table = read_table(template(kind), "模板.xlsx", kind)
        assert table.header_row == 1 and len(table.rows) == 1 and table.ignored == []


def test_headers_are_matched_in_chinese_english_and_with_marks():
    found, ignored = match_headers(DEPUTIES, ["姓名*", "Mobile number", "代表证号（必填）", "民族", None])
    assert found == {"name": 0, "phone": 1, "card_number": 2} and ignored == ["民族"]


def test_a_formula_counts_as_the_value_excel_saved_and_one_never_calculated_as_empty():
    data = xlsx(deputies(2))
    table = read_table(with_formula(data, "C2", 'TEXT(13800000000,"0")', "13800000000"), "a.xlsx", DEPUTIES)
    assert table.cell(table.rows[0][1], "phone") == "13800000000"
    table = read_table(with_formula(data, "C2", 'TEXT(13800000000,"0")', None), "a.xlsx", DEPUTIES)
    assert table.cell(table.rows[0][1], "phone") is None


def test_a_merged_block_gives_its_value_to_every_row_it_covers():
    rows = deputies(3, group="甲组")
    rows[1][4] = rows[2][4] = None
    table = read_table(xlsx(rows, merge="E2:E4"), "a.xlsx", DEPUTIES)
    assert [table.cell(r, "group") for _, r in table.rows] == ["甲组"] * 3 and table.merged == 2


def test_the_roster_sheet_is_found_behind_an_instructions_sheet_and_below_a_heading():
    table = read_table(xlsx(deputies(2), before=["填写说明：每人一行"], title="说明"), "a.xlsx", DEPUTIES)
    assert table.sheet == "名册" and len(table.rows) == 2
    book = xlsx([["城东区第十八届人民代表大会代表名册"], ["姓名", "手机号"], ["王五", "13800000000"]],
                headers=None)
    table = read_table(book, "a.xlsx", DEPUTIES)
    assert table.header_row == 2 and [n for n, _ in table.rows] == [3]


@pytest.mark.parametrize(("data", "name", "kind", "says"), [
    (b"", "a.xlsx", DEPUTIES, "文件是空的"),
    (b"PK\x03\x04 not really a zip", "a.xlsx", DEPUTIES, "cannot be read"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls", DEPUTIES, ".xls"),
    (b"%PDF-1.4", "a.pdf", DEPUTIES, ".csv"),
    (xlsx([["x"]], headers=["备注"]), "a.xlsx", DEPUTIES, "姓名"),
    (xlsx([["某局", "", "李", "13900000000", "", ""]], UNIT_HEADERS), "a.xlsx", DEPUTIES, "handling units"),
    (xlsx(deputies(1)), "a.xlsx", UNITS, "deputies"),
    (b"\x00\x01binary", "a.csv", DEPUTIES, "not text"),
    ("姓名\n\"".encode() + b"a" * 200_000 + b"\"\n", "a.csv", DEPUTIES, "cannot be read"),
])
def test_unusable_files_are_refused_with_a_reason(data, name, kind, says):
    assert says in refusal(data, name, kind)


def test_csv_in_utf8_and_in_gb18030_is_read():
    for encoding in ("utf-8-sig", "gb18030"):
        table = read_table(csv_bytes(deputies(3), encoding=encoding), "名册.csv", DEPUTIES)
        assert [table.cell(r, "name") for _, r in table.rows] == ["代表0", "代表1", "代表2"]


def test_too_many_rows_are_refused_in_bounded_memory(monkeypatch):
    data = csv_bytes(deputies(100_000))  # about 7 MB of CSV
    tracemalloc.start()
    message = refusal(data, "big.csv")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "20,000" in message and peak < 120 * 2**20
    monkeypatch.setattr(sheets, "MAX_ROWS", 50)
    assert "50" in refusal(xlsx(deputies(51)), "big.xlsx")
    assert len(read_table(xlsx(deputies(50)), "ok.xlsx", DEPUTIES).rows) == 50


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_BYTES", 100)
    assert "MB" in refusal(xlsx(deputies(5)))
