"""The import report as a workbook: what was (or would be) written, and every row's problems,
each in Chinese and in English, for the office to correct its roster."""

from __future__ import annotations

from openpyxl.styles import Font

from tracker.domain.exchange.cells import add_row, save, workbook
from tracker.domain.roster.columns import KINDS
from tracker.models import Job
from tracker.translations import Label, catalogue, render

COUNT_LABELS = (  # key, 中文, English
    ("rows", "文件中的行", "Rows in the file"), ("rows_valid", "无问题的行", "Rows without problems"),
    ("rows_bad", "有问题的行", "Rows with problems"), ("people_new", "新建账号", "New accounts"),
    ("people_joined", "已有账号，加入本届", "Existing accounts joining this congress"),
    ("people_updated", "更新", "Updated"), ("people_unchanged", "无变化", "Unchanged"),
    ("groups_new", "新建代表小组", "New deputy groups"), ("units_new", "新建承办单位", "New units"),
    ("units_updated", "更新的承办单位", "Units updated"),
    ("units_unchanged", "无变化的承办单位", "Units unchanged"),
)


def problem_in(problem: dict, lang: str) -> str:
    params = {k: Label(v) if k == "label" else v for k, v in problem.get("params", {}).items()}
    return render(problem["msgid"], params, catalogue(lang))


def report_xlsx(job: Job) -> bytes:
    result = job.result
    columns = {c.key: c for c in KINDS[job.filters["kind"]]}
    counts = result.get("written") or result.get("counts", {})
    book = workbook()
    sheet = book.active
    sheet.title = "汇总 Summary"
    add_row(sheet, ["文件 File", job.source])
    add_row(sheet, ["状态 Stage", "已导入 imported" if result.get("stage") == "imported" else "预览 preview"])
    for key, zh, en in COUNT_LABELS:
        if key in counts:
            add_row(sheet, [f"{zh} {en}", counts[key]])
    problems = book.create_sheet("问题 Problems")
    add_row(problems, ["行 Row", "列 Column", "问题", "Problem"])
    for p in result.get("problems", []):
        column = columns.get(p["field"])
        title = f"{column.header} {render(column.label, {}, catalogue('en'))}" if column else p["field"]
        add_row(problems, [p["row"], title, problem_in(p, "zh"), problem_in(p, "en")])
    for ws in (sheet, problems):
        for cell in ws[1]:
            cell.font = Font(bold=True)
    problems.column_dimensions["B"].width = 24
    problems.column_dimensions["C"].width = problems.column_dimensions["D"].width = 60
    sheet.column_dimensions["A"].width = 40
    return save(book)
