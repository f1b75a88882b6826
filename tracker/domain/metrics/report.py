"""The yearly handling report's figures, written as the report writes them, and the same as an XLSX.

Every number comes from `tracker.domain.metrics.facts` (the dashboard's definitions); nothing is counted
twice in two ways. The sentences follow the district's report ("共收到代表建议 N 件，已全部交办，
答复率 …，满意率 …") for one congress session or one year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tracker.domain.exchange.cells import add_row, save, workbook
from tracker.domain.metrics import carryover
from tracker.domain.metrics.facts import MetricFilter
from tracker.domain.metrics.figures import BREAKDOWN_COLUMNS, FIGURES, UNIT_COLUMNS, Value, value_of
from tracker.domain.metrics.liaison import for_report as liaison_for_report
from tracker.domain.metrics.panels import Breakdown, breakdown, sums
from tracker.domain.metrics.summary import latest_refresh
from tracker.models import CongressSession
from tracker.translations import Message
from tracker.workflow.i18n import N_

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

    @property
    def order(self) -> tuple[str, ...]:
        """The figures the report lists: its own, then the promises carried over when it has them."""
        return REPORT_FIGURES + ((carryover.KEY,) if carryover.KEY in self.values else ())


PARAGRAPHS = (
    N_("%(scope)s: deputies drafted %(total)s suggestions before submission; in layered pre-review "
       "%(returned)s were returned for revision (%(return_rounds)s rounds), %(merged)s merged, "
       "%(converted)s converted to letters and %(withdrawn)s withdrawn."),
    N_("%(submitted)s suggestions were received (%(session)s during the session, %(between)s between "
       "sessions); %(registered)s were registered and %(not_registered)s declined; %(routed)s, led by "
       "%(units)s units."),
    N_("As of %(as_of)s, %(replied)s were replied (reply rate %(reply_rate)s, on time "
       "%(on_time_reply_rate)s) and %(closed)s closed (closing rate %(close_rate)s)."),
    N_("Replies: A solved %(solved)s, B being solved or planned %(b)s, C later %(reply_c)s, D for "
       "reference %(reply_d)s; solved rate %(solved_rate)s, solved or planned %(solved_or_planned_rate)s."),
    N_("Deputies were satisfied or basically satisfied with the result of %(satisfied)s (satisfaction "
       "%(satisfaction)s, first round %(first_satisfaction)s; attitude %(attitude)s); %(no_feedback)s gave "
       "no feedback and are not counted."),
    N_("Units met the deputy in %(met)s (%(meeting_rate)s); %(key)s were under key supervision. Promises "
       "made: %(promises)s; kept %(promises_kept)s, open %(promises_open)s, not kept %(promises_broken)s."),
)
ALL_ROUTED = N_("all of them were assigned")
SOME_ROUTED = N_("%(assigned)s were assigned")
AS_OF = N_("%(year)04d-%(month)02d-%(day)02d")  # the report's date as each language writes it


def _pct(v: Value) -> str:
    return "—" if v.percent is None else f"{v.percent:.1f}%"


def paragraphs(scope: str, v: dict[str, Value], by_channel: dict[str, int], n_units: int,
               as_of: date) -> list[Message]:
    """The report's sentences, in the district report's manner ("共收到代表建议 N 件 …")."""
    n = {k: x.num for k, x in v.items()}
    routed = (Message(ALL_ROUTED) if n["assigned"] == n["registered"] and n["registered"]
              else Message(SOME_ROUTED, assigned=n["assigned"]))
    params = {**n, **{k: _pct(x) for k, x in v.items() if x.figure.is_rate}, "scope": scope,
              "session": by_channel.get("session", 0), "between": by_channel.get("between", 0),
              "routed": routed, "units": n_units, "b": n["solved_or_planned"] - n["solved"],
              "as_of": Message(AS_OF, year=as_of.year, month=as_of.month, day=as_of.day),
              "promises": n["promises_kept"] + n["promises_open"] + n["promises_broken"]}
    return [Message(p, **params) for p in PARAGRAPHS]


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
    sentences = paragraphs(scope, values, by_channel, len(units.rows), today)
    carried = carryover.carried_over(session, flt, today)
    if carried is not None:  # a report of a year carries the earlier years' unsolved promises
        values[carryover.KEY] = carried
        sentences.append(carryover.sentence(carried))
    liaison, sentence = liaison_for_report(session, flt, today)
    if sentence:
        sentences.append(sentence)
    # The report is written in one language: the frozen copy keeps both (publication.reports).
    texts = [s.render(lang) for s in sentences]
    return Report(scope, today, values, by_channel, units, categories, texts, liaison)


def scope_name(session, flt: MetricFilter, lang: str = "zh") -> str:
    """What a report of this filter covers, as its heading names it: the session, the year, or all years."""
    if flt.session_id is not None:
        return session.get(CongressSession, flt.session_id).name
    if flt.year is not None:
        return Message(N_("scope|%(year)s"), year=flt.year).render(lang)
    return Message(N_("All years")).render(lang)


def report_for(session, flt: MetricFilter, today: date, lang: str = "zh", summary_from: int | None = None):
    """The yearly report of the dashboard's filter and the rollup refresh it read (None: counted live,
    as below `summary_from` suggestions); the report page, its XLSX and the JSON API all read this."""
    refresh = latest_refresh(session, summary_from) if summary_from is not None else None
    return yearly_report(session, flt, scope_name(session, flt, lang), today, lang,
                         summary=refresh is not None), refresh


HEAD = Font(bold=True, color="FFFFFF")
HEAD_FILL = PatternFill("solid", fgColor="A4161A")


def _sheet(ws, header: list[str], rows: list[list], widths: list[int]) -> None:
    add_row(ws, header)
    for cell in ws[1]:
        cell.font, cell.fill = HEAD, HEAD_FILL
    for row in rows:
        add_row(ws, row)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"


def _cell(v: Value):
    """A rate as a number the spreadsheet formats as a percentage; a count as an integer."""
    return v.num if not v.figure.is_rate else (None if v.rate is None else round(v.rate, 4))


def report_xlsx(report: Report, lang: str = "zh", order: tuple[str, ...] | None = None) -> bytes:
    """The workbook; `order` is the figures' list, a published copy passing the one it was frozen with."""
    order = order or report.order

    def t(msgid: str) -> str:
        return Message(msgid).render(lang)

    wb = workbook()
    ws = wb.active
    ws.title = t(N_("sheet|Summary"))
    add_row(ws, [report.scope])
    ws["A1"].font = Font(bold=True, size=14)
    for p in report.paragraphs:
        add_row(ws, [p])
        ws.cell(ws.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 110
    figures = wb.create_sheet(t(N_("sheet|Figures")))
    header = [t(N_("sheet|Figure")), t(N_("sheet|Value")), t(N_("sheet|Numerator")),
              t(N_("sheet|Denominator")), t(N_("sheet|Formula"))]
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
    for title, table in ((N_("sheet|Units"), report.units), (N_("sheet|Categories"), report.categories)):
        sheet = wb.create_sheet(t(title))
        cols = list(table.rows[0][2]) if table.rows else []
        head = [t(N_("sheet|Name"))] + [FIGURES[c].label(lang) for c in cols]
        body = [[name] + [_cell(vals[c]) for c in cols] for _, name, vals in table.rows]
        _sheet(sheet, head, body, [28] + [14] * len(cols))
        for j, c in enumerate(cols, start=2):
            if FIGURES[c].is_rate:
                for r in range(2, sheet.max_row + 1):
                    sheet.cell(r, j).number_format = "0.0%"
    return save(wb)
