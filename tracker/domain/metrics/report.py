"""The yearly handling report's figures, written as the report writes them, and the same as an XLSX.

Every number comes from `tracker.domain.metrics.facts` (the dashboard's definitions); nothing is counted
twice in two ways. The sentences follow the district's report ("共收到代表建议 N 件，已全部交办，
答复率 …，满意率 …") for one congress session or one year.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tracker.domain.metrics.facts import MetricFilter
from tracker.domain.metrics.figures import BREAKDOWN_COLUMNS, FIGURES, UNIT_COLUMNS, Value, value_of
from tracker.domain.metrics.liaison import for_report as liaison_for_report
from tracker.domain.metrics.panels import Breakdown, breakdown, sums

# The figures the report lists in its table, in the report's order.
REPORT_FIGURES = ("submitted", "registered", "not_registered", "assigned", "replied", "reply_rate",
                  "on_time_reply_rate", "closed", "close_rate", "satisfaction", "first_satisfaction",
                  "attitude", "no_feedback", "solved_rate", "solved_or_planned_rate", "reply_c", "reply_d",
                  "meeting_rate", "key", "promises_kept", "promises_open", "promises_broken", "total",
                  "returned", "return_rounds", "merged", "converted", "withdrawn", "against_advice")


@dataclass
class Report:
    scope: str                  # "城东区第十八届人民代表大会第五次会议" or "2026年"
    as_of: date
    values: dict[str, Value]
    by_channel: dict[str, int]  # submitted per channel
    units: Breakdown
    categories: Breakdown
    paragraphs: list[str]
    # The liaison stations' figures (tracker.domain.metrics.liaison): opinions are not suggestions.
    liaison: dict[str, Value] = field(default_factory=dict)


def _pct(v: Value) -> str:
    return "—" if v.percent is None else f"{v.percent:.1f}%"


def _zh(scope: str, v: dict[str, Value], by_channel: dict[str, int], n_units: int, as_of: date) -> list[str]:
    n = {k: x.num for k, x in v.items()}
    routed = ("已全部交办" if n["assigned"] == n["registered"] and n["registered"]
              else f"已交办{n['assigned']}件")
    b = n["solved_or_planned"] - n["solved"]
    return [
        f"{scope}，代表意见建议预提交阶段共提出建议{n['total']}件，经“提前征集、逐层修改、强化预审”，"
        f"退回修改{n['returned']}件（{n['return_rounds']}件次），并案{n['merged']}件，转代表来信处理"
        f"{n['converted']}件，代表撤回{n['withdrawn']}件。",
        f"共收到代表建议{n['submitted']}件（大会期间{by_channel.get('session', 0)}件、闭会期间"
        f"{by_channel.get('between', 0)}件），立案{n['registered']}件，不予立案{n['not_registered']}件；"
        f"立案建议{routed}，由{n_units}家承办单位主办。",
        f"截至{as_of.year}年{as_of.month}月{as_of.day}日，已答复{n['replied']}件，答复率{_pct(v['reply_rate'])}，"
        f"按时答复率{_pct(v['on_time_reply_rate'])}；办结{n['closed']}件，办结率{_pct(v['close_rate'])}。",
        f"答复中，已解决或基本解决（A类）{n['solved']}件，正在解决或列入计划（B类）{b}件，"
        f"因条件限制需以后解决（C类）{n['reply_c']}件，留作参考（D类）{n['reply_d']}件；"
        f"解决率{_pct(v['solved_rate'])}，解决或计划解决率{_pct(v['solved_or_planned_rate'])}。",
        f"代表对办理结果表示满意和基本满意的{n['satisfied']}件，满意率{_pct(v['satisfaction'])}"
        f"（初次满意率{_pct(v['first_satisfaction'])}），办理态度满意率{_pct(v['attitude'])}；"
        f"另有{n['no_feedback']}件代表未反馈意见，未计入满意率。",
        f"承办单位与代表见面沟通{n['met']}件，见面率{_pct(v['meeting_rate'])}；列为重点督办{n['key']}件。"
        f"答复中作出承诺事项{n['promises_kept'] + n['promises_open'] + n['promises_broken']}项，已落实"
        f"{n['promises_kept']}项，待落实{n['promises_open']}项，未落实{n['promises_broken']}项。",
    ]


def _en(scope: str, v: dict[str, Value], by_channel: dict[str, int], n_units: int, as_of: date) -> list[str]:
    n = {k: x.num for k, x in v.items()}
    routed = ("all of them were assigned" if n["assigned"] == n["registered"] and n["registered"]
              else f"{n['assigned']} were assigned")
    b = n["solved_or_planned"] - n["solved"]
    return [
        f"{scope}: deputies drafted {n['total']} suggestions before submission; in layered pre-review "
        f"{n['returned']} were returned for revision ({n['return_rounds']} rounds), {n['merged']} merged, "
        f"{n['converted']} converted to letters and {n['withdrawn']} withdrawn.",
        f"{n['submitted']} suggestions were received ({by_channel.get('session', 0)} during the session, "
        f"{by_channel.get('between', 0)} between sessions); {n['registered']} were registered and "
        f"{n['not_registered']} declined; {routed}, led by {n_units} units.",
        f"As of {as_of.isoformat()}, {n['replied']} were replied (reply rate {_pct(v['reply_rate'])}, "
        f"on time {_pct(v['on_time_reply_rate'])}) and {n['closed']} closed (closing rate "
        f"{_pct(v['close_rate'])}).",
        f"Replies: A solved {n['solved']}, B being solved or planned {b}, C later {n['reply_c']}, "
        f"D for reference {n['reply_d']}; solved rate {_pct(v['solved_rate'])}, solved or planned "
        f"{_pct(v['solved_or_planned_rate'])}.",
        f"Deputies were satisfied or basically satisfied with the result of {n['satisfied']} "
        f"(satisfaction {_pct(v['satisfaction'])}, first round {_pct(v['first_satisfaction'])}; attitude "
        f"{_pct(v['attitude'])}); {n['no_feedback']} gave no feedback and are not counted.",
        f"Units met the deputy in {n['met']} ({_pct(v['meeting_rate'])}); {n['key']} were under key "
        f"supervision. Promises made: {n['promises_kept'] + n['promises_open'] + n['promises_broken']}; "
        f"kept {n['promises_kept']}, open {n['promises_open']}, not kept {n['promises_broken']}.",
    ]


def yearly_report(session, flt: MetricFilter, scope: str, today: date, lang: str = "zh",
                  summary: bool = False) -> Report:
    """The report's values, sentences and tables; from the rollups when `summary`, else live."""
    total = sums(session, flt, today, summary=summary)
    values = {k: value_of(k, total) for k in FIGURES}
    # Raw facts the sentences name that are not figures of their own.
    for fact in ("satisfied", "met", "solved", "solved_or_planned"):
        values.setdefault(fact, Value(FIGURES["total"], int(total.get(fact, 0))))
    by_channel = {str(k): v["submitted"] for k, v in sums(session, flt, today, "channel", summary).items()}
    units = breakdown(session, sums(session, flt, today, "unit_id", summary), "unit_id", UNIT_COLUMNS, lang)
    categories = breakdown(session, sums(session, flt, today, "category_id", summary), "category_id",
                           BREAKDOWN_COLUMNS, lang)
    write = _zh if lang == "zh" else _en
    paragraphs = write(scope, values, by_channel, len(units.rows), today)
    liaison, sentence = liaison_for_report(session, flt, today, lang)
    if sentence:
        paragraphs.append(sentence)
    return Report(scope, today, values, by_channel, units, categories, paragraphs, liaison)


HEAD = Font(bold=True, color="FFFFFF")
HEAD_FILL = PatternFill("solid", fgColor="A4161A")


def _sheet(ws, header: list[str], rows: list[list], widths: list[int]) -> None:
    ws.append(header)
    for cell in ws[1]:
        cell.font, cell.fill = HEAD, HEAD_FILL
    for row in rows:
        ws.append(row)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"


def _cell(v: Value):
    """A rate as a number the spreadsheet formats as a percentage; a count as an integer."""
    return v.num if not v.figure.is_rate else (None if v.rate is None else round(v.rate, 4))


def report_xlsx(report: Report, lang: str = "zh", order: tuple[str, ...] = REPORT_FIGURES) -> bytes:
    """The workbook; `order` is the figures' list, a published copy passing the one it was frozen with."""
    zh = lang == "zh"
    wb = Workbook()
    ws = wb.active
    ws.title = "概况" if zh else "Summary"
    ws.append([report.scope])
    ws["A1"].font = Font(bold=True, size=14)
    for p in report.paragraphs:
        ws.append([p])
        ws.cell(ws.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 110
    figures = wb.create_sheet("指标" if zh else "Figures")
    header = ["指标", "数值", "分子", "分母", "口径"] if zh else ["Figure", "Value", "Numerator",
                                                            "Denominator", "Formula"]
    rows = []
    for key in order:
        v = report.values[key]
        rows.append([v.figure.label(lang), _cell(v), v.num, v.den, v.figure.formula(lang)])
    for v in report.liaison.values():
        rows.append([v.figure.label(lang), _cell(v), v.num, v.den, v.figure.formula(lang)])
    _sheet(figures, header, rows, [24, 12, 10, 10, 90])
    for r in range(2, figures.max_row + 1):
        if figures.cell(r, 4).value is not None:
            figures.cell(r, 2).number_format = "0.0%"
    for title, table in ((("承办单位", "Units"), report.units), (("类别", "Categories"), report.categories)):
        sheet = wb.create_sheet(title[0] if zh else title[1])
        cols = list(table.rows[0][2]) if table.rows else []
        head = [("名称" if zh else "Name")] + [FIGURES[c].label(lang) for c in cols]
        body = [[name] + [_cell(vals[c]) for c in cols] for _, name, vals in table.rows]
        _sheet(sheet, head, body, [28] + [14] * len(cols))
        for j, c in enumerate(cols, start=2):
            if FIGURES[c].is_rate:
                for r in range(2, sheet.max_row + 1):
                    sheet.cell(r, j).number_format = "0.0%"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
