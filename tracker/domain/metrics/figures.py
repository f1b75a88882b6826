"""The named figures of DOMAIN §10: labels, formula text (zh/en) and which facts make each one.

A count is the sum of one fact of `tracker.domain.metrics.item_facts`; a rate is the sum of its
numerator fact over the sum of its denominator fact. The formula text shown on hover is written
here, beside the facts it names, so the words and the arithmetic cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    key: str
    zh: str
    en: str
    num: str                 # the fact counted (numerator)
    den: str | None = None   # None: a count; else the fact it is divided by
    formula_zh: str = ""
    formula_en: str = ""

    @property
    def is_rate(self) -> bool:
        return self.den is not None

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def formula(self, lang: str) -> str:
        return self.formula_zh if lang == "zh" else self.formula_en


def _count(key, zh, en, fzh, fen, num=None) -> Figure:
    return Figure(key, zh, en, num or key, None, fzh, fen)


def _rate(key, zh, en, num, den, fzh, fen) -> Figure:
    return Figure(key, zh, en, num, den, fzh, fen)


FIGURE_LIST: tuple[Figure, ...] = (
    # The pre-review funnel.
    _count("total", "建议总数", "Suggestions", "所有建议（含草稿），按筛选条件计。",
           "Every suggestion, drafts included, within the filter."),
    _count("draft_now", "草稿", "Drafts now", "当前仍为草稿的建议数。", "Suggestions still in draft."),
    _count("returned", "曾被退回", "Returned", "至少被某一审核层退回修改或建议撤回过一次的建议数。",
           "Suggestions returned for revision (or advised to withdraw) at least once, by any layer."),
    _count("return_rounds", "退回修改轮次", "Revision rounds", "各审核层退回修改、建议撤回的次数之和。",
           "All returns for revision and advice to withdraw, counted each time."),
    _count("passed", "预审通过", "Passed pre-review", "经代表工委预审通过的建议数。",
           "Suggestions the office pre-approved."),
    _count("against_advice", "未采纳预审意见提交", "Submitted against advice",
           "退回后代表坚持原稿提交的建议数。", "Suggestions the deputy submitted as is after a return."),
    _count("merged", "并案", "Merged", "并入其他建议办理的建议数。", "Suggestions merged into another."),
    _count("converted", "转来信处理", "Converted to letters", "转为代表来信处理的建议数。",
           "Suggestions converted to a deputy's letter."),
    _count("withdrawn", "撤回", "Withdrawn", "代表撤回的建议数。", "Suggestions the deputies withdrew."),
    _count("not_registered", "不予立案", "Not registered", "不予立案的建议数。",
           "Suggestions declined at registration."),
    _count("submitted", "正式提交", "Submitted", "正式提交（收到）的建议数，含不予立案的。",
           "Suggestions formally submitted (received), those declined at registration included."),
    _count("registered", "立案", "Registered", "已立案的建议数。", "Suggestions registered."),
    _count("assigned", "交办", "Assigned", "已交办承办单位的建议数。", "Suggestions routed to units."),
    # Handling.
    _rate("routing_on_time", "按时交办率", "Routed on time", "routing_in_time", "routing_due",
          "在交办期限内交办的件数 ÷ 交办期限已到或已交办的件数。",
          "Routed by the routing deadline ÷ items whose routing is done or due by now."),
    _rate("sign_on_time", "按时签收率", "Signed for on time", "sign_in_time", "sign_due",
          "主办单位在签收期限内签收的件数 ÷ 签收期限已到或已签收的件数。",
          "Signed for by the lead unit in time ÷ lead sign-fors done or due by now."),
    _count("replied", "已答复", "Replied", "已签发至少一次答复的建议数。",
           "Assigned suggestions with at least one issued reply."),
    _rate("reply_rate", "答复率", "Reply rate", "replied", "assigned",
          "已答复件数 ÷ 已交办件数。", "Items replied ÷ items assigned."),
    _rate("on_time_reply_rate", "按时答复率", "On-time reply rate", "reply_in_time", "reply_due",
          "首次答复在答复期限（含经批准的延期）内签发的件数 ÷ 答复期限已到或已答复的件数。",
          "Items whose first reply was issued by its due date (approved extension included) ÷ "
          "items whose reply is due by now or already issued."),
    _count("closed", "办结", "Closed", "已办结的建议数（满意、未反馈或主任会议作出结论）。",
           "Assigned suggestions closed (satisfied, no feedback, or concluded by the council)."),
    _rate("close_rate", "办结率", "Closing rate", "closed", "assigned",
          "已办结件数 ÷ 已交办件数。", "Items closed ÷ items assigned."),
    _rate("satisfaction", "满意率", "Satisfaction", "satisfied", "evaluated",
          "按件计、看最后一轮测评的办理结果：（满意 + 基本满意）÷ 已测评件数；未反馈办结的不计入，另列。",
          "Per item, on the result of the latest evaluation: (satisfied + basically satisfied) ÷ "
          "items evaluated; items closed without feedback are left out and shown beside."),
    _rate("first_satisfaction", "初次满意率", "First-round satisfaction", "first_satisfied",
          "first_evaluated", "按件计、看第一轮测评的办理结果：（满意 + 基本满意）÷ 第一轮已测评件数。",
          "Per item, on the result of the first evaluation: (satisfied + basically satisfied) ÷ "
          "items evaluated in the first round."),
    _rate("attitude", "办理态度满意率", "Attitude satisfaction", "attitude_good", "evaluated",
          "同满意率，但看办理态度：（满意 + 基本满意）÷ 已测评件数。",
          "As satisfaction, on the attitude: (satisfied + basically satisfied) ÷ items evaluated."),
    _rate("first_attitude", "初次态度满意率", "First-round attitude", "first_attitude_good",
          "first_evaluated", "同初次满意率，但看办理态度。",
          "As first-round satisfaction, on the attitude."),
    _count("no_feedback", "未反馈", "No feedback", "代表逾期未测评、由代表工委按未反馈办结的件数。",
           "Items closed because the deputy gave no evaluation in time."),
    _rate("solved_rate", "解决率", "Solved (A)", "solved", "replied",
          "最新一次答复为 A 类（已解决或基本解决）的件数 ÷ 已答复件数。",
          "Items whose latest reply is A (solved) ÷ items replied."),
    _rate("solved_or_planned_rate", "解决或计划解决率", "Solved or planned (A+B)",
          "solved_or_planned", "replied",
          "最新一次答复为 A 类或 B 类（正在解决或列入计划）的件数 ÷ 已答复件数。",
          "Items whose latest reply is A or B (being solved, planned) ÷ items replied."),
    _count("reply_c", "C类答复", "C replies", "最新一次答复为 C 类（因条件限制需以后解决）的件数。",
           "Items whose latest reply is C (to be solved later)."),
    _count("reply_d", "D类答复", "D replies", "最新一次答复为 D 类（留作参考）的件数。",
           "Items whose latest reply is D (for reference)."),
    _rate("meeting_rate", "见面率", "Met the deputy", "met", "handled",
          "承办单位与代表当面或现场联系过的件数 ÷ 主办单位已签收办理的件数。",
          "Items with a face-to-face or on-site contact with the deputy ÷ items the lead unit "
          "signed for."),
    _count("overdue", "当前逾期", "Overdue now", "有任一未完成期限已过期的建议数（不论由谁负责）。",
           "Items with an open deadline past its last day, whoever owes it."),
    _count("unit_overdue", "承办单位逾期", "Overdue at units",
           "有承办单位（含负责人）负责的未完成期限已过期的建议数。",
           "Items with an open deadline owed by a handling unit (or its leader) past its last day."),
    _count("key", "重点督办", "Key supervision", "列为重点督办的建议数。",
           "Items marked for key supervision."),
    _count("promises_kept", "承诺已落实", "Promises kept", "B、C 类答复的承诺事项中已报告落实的项数。",
           "Promises of B and C replies reported kept."),
    _count("promises_open", "承诺未到期/待落实", "Promises open", "尚未报告落实情况的承诺事项数。",
           "Promises not yet reported on."),
    _count("promises_broken", "承诺未落实", "Promises broken", "报告未落实的承诺事项数。",
           "Promises reported not kept."),
)
FIGURES: dict[str, Figure] = {f.key: f for f in FIGURE_LIST}
FUNNEL = ("total", "draft_now", "returned", "return_rounds", "passed", "against_advice", "merged",
          "converted", "withdrawn", "submitted", "not_registered", "registered", "assigned")
HEADLINE = ("assigned", "reply_rate", "on_time_reply_rate", "close_rate", "satisfaction",
            "first_satisfaction", "no_feedback", "solved_rate", "solved_or_planned_rate",
            "meeting_rate", "overdue", "routing_on_time", "sign_on_time", "attitude",
            "first_attitude", "key")
# The columns of the per-unit ranking and of the other breakdown tables.
UNIT_COLUMNS = ("assigned", "reply_rate", "on_time_reply_rate", "close_rate", "satisfaction",
                "first_satisfaction", "no_feedback", "solved_rate", "solved_or_planned_rate",
                "meeting_rate", "unit_overdue", "promises_kept", "promises_open", "promises_broken")
BREAKDOWN_COLUMNS = ("total", "assigned", "reply_rate", "on_time_reply_rate", "close_rate",
                     "satisfaction", "first_satisfaction", "no_feedback", "solved_rate",
                     "solved_or_planned_rate", "meeting_rate", "overdue")


@dataclass(frozen=True)
class Value:
    """One figure's value over some set of items: the count, or the rate with its two terms."""

    figure: Figure
    num: int
    den: int | None = None

    @property
    def rate(self) -> float | None:
        if self.den is None or self.den == 0:
            return None
        return self.num / self.den

    @property
    def percent(self) -> float | None:
        r = self.rate
        return None if r is None else round(100 * r, 1)

    def text(self) -> str:
        if not self.figure.is_rate:
            return str(self.num)
        p = self.percent
        return "—" if p is None else f"{p:.1f}%"

    def sort_value(self) -> float:
        if not self.figure.is_rate:
            return float(self.num)
        return -1.0 if self.rate is None else self.rate


def value_of(key: str, sums: dict[str, int]) -> Value:
    f = FIGURES[key]
    return Value(f, int(sums.get(f.num, 0)), None if f.den is None else int(sums.get(f.den, 0)))
