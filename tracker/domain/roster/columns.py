"""The columns of each roster kind: their titles in a sheet, which are required, and the template."""

from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl.styles import Font

from tracker.domain.exchange.cells import add_row, save, workbook
from tracker.translations import QUALIFIED
from tracker.workflow.i18n import N_


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # msgid; its English text is also a header the sheet may use
    header: str  # the template's (Chinese) title
    aliases: tuple[str, ...] = ()
    required: bool = False
    example: str = ""


DEPUTIES = "deputies"
UNITS = "units"

DEPUTY_COLUMNS = (
    Column("name", N_("roster|Name"), "姓名", ("代表姓名", "名字"), True, "王建华"),
    Column("card_number", N_("Deputy card number"), "代表证号", ("代表证编号", "代表证", "证号",
                                                                 "card number"), example="CD18001"),
    Column("phone", N_("Mobile number"), "手机号", ("手机", "手机号码", "移动电话", "联系电话", "mobile",
                                                    "phone"), example="13800138000"),
    Column("email", N_("Email address"), "邮箱", ("电子邮箱", "电子邮件", "email", "e-mail"),
           example="wangjianhua@example.cn"),
    Column("group", N_("Deputy group"), "代表小组", ("小组", "所在代表小组", "所属代表小组", "group"),
           example="韵家口镇代表小组"),
    Column("title", N_("roster|Title"), "职务", ("职位", "工作单位及职务", "position"),
           example="韵家口镇中庄村党支部书记"),
    Column("leader", N_("Group leader"), "小组组长", ("组长", "是否组长", "是否小组组长", "leader"),
           example="否"),
)
UNIT_COLUMNS = (
    Column("unit", N_("Unit name"), "单位名称", ("承办单位", "单位", "unit"), True, "区住房和城乡建设局"),
    Column("short_name", N_("Short name"), "简称", ("单位简称", "short"), example="区住建局"),
    Column("handler_name", N_("Handler's name"), "经办人姓名", ("经办人", "handler"), example="李明"),
    Column("handler_phone", N_("Handler's mobile"), "经办人手机", ("经办人手机号", "经办人电话",
                                                                   "handler mobile"), example="13900139000"),
    Column("leader_name", N_("Leader in charge"), "分管负责人姓名", ("分管负责人", "分管领导", "分管领导姓名",
                                                                    "leader"), example="张伟"),
    Column("leader_phone", N_("Leader's mobile"), "分管负责人手机", ("分管负责人手机号", "分管领导手机",
                                                                    "分管负责人电话", "leader mobile"),
           example="13700137000"),
)
KINDS = {DEPUTIES: DEPUTY_COLUMNS, UNITS: UNIT_COLUMNS}
KIND_LABELS = {DEPUTIES: N_("Deputies"), UNITS: N_("Handling units and their staff")}
# What people put around a title: a required mark, spaces, notes in brackets.
NOISE = re.compile(r"[\s*＊:：]|[(（][^)）]*[)）]")


def normalized(title) -> str:
    return NOISE.sub("", str(title or "")).lower()


def titles(column: Column) -> set[str]:
    return {normalized(t) for t in (column.header, QUALIFIED.sub("", column.label), *column.aliases)}


def match_headers(kind: str, header: list) -> tuple[dict[str, int], list[str]]:
    """Which cell of the header row holds each column, and the titles of the cells we do not import
    (性别, 民族 …: not part of the model, listed in the preview rather than silently lost)."""
    found: dict[str, int] = {}
    ignored = []
    for index, cell in enumerate(header):
        name = normalized(cell)
        if not name:
            continue
        column = next((c for c in KINDS[kind] if c.key not in found and name in titles(c)), None)
        if column is None:
            ignored.append(str(cell).strip())
        else:
            found[column.key] = index
    return found, ignored


def template(kind: str) -> bytes:
    """The kind's XLSX template: the titles, bold, and one example row."""
    book = workbook()
    sheet = book.active
    sheet.title = "代表名册" if kind == DEPUTIES else "承办单位"
    columns = KINDS[kind]
    add_row(sheet, [c.header for c in columns])
    add_row(sheet, [c.example for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, column in zip("ABCDEFGH", columns, strict=False):
        sheet.column_dimensions[letter].width = max(12, 2.2 * len(column.example or column.header))
        # Numbers stay text, so a card number keeps its leading zeros and a phone its digits.
        for cell in sheet[letter]:
            cell.number_format = "@"
    return save(book)
