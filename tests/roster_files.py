"""Roster files for the tests: an XLSX or CSV built from rows, with the template's titles."""

from __future__ import annotations

import io

from openpyxl import Workbook

DEPUTY_HEADERS = ["姓名", "代表证号", "手机号", "邮箱", "代表小组", "职务", "小组组长", "性别"]
UNIT_HEADERS = ["单位名称", "简称", "经办人姓名", "经办人手机", "分管负责人姓名", "分管负责人手机"]


def xlsx(rows: list[list], headers=DEPUTY_HEADERS, *, merge: str | None = None, before=None,
         title: str = "Sheet") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    if before is not None:  # a sheet ahead of the roster (instructions)
        sheet.append(before)
        sheet = book.create_sheet("名册")
    if headers:
        sheet.append(headers)
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], headers=DEPUTY_HEADERS, encoding: str = "utf-8-sig") -> bytes:
    lines = [",".join(str(c) for c in r) for r in [headers, *rows]]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def deputies(n: int, start: int = 0, group: str = "韵家口镇代表小组") -> list[list]:
    return [[f"代表{i}", f"CD{i:05d}", f"138{i:08d}", f"d{i}@example.cn", group, "村党支部书记", "否", "男"]
            for i in range(start, start + n)]
