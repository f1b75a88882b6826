"""The named figures of DOMAIN §10: labels, formula text (msgids) and which facts make each one.

A count is the sum of one fact of `tracker.domain.metrics.item_facts`; a rate is the sum of its
numerator fact over the sum of its denominator fact. The formula text shown on hover is written
here, beside the facts it names, so the words and the arithmetic cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.translations import Message
from tracker.workflow.i18n import N_


@dataclass(frozen=True)
class Figure:
    key: str
    name: str                # msgid
    num: str                 # the fact counted (numerator)
    den: str | None = None   # None: a count; else the fact it is divided by
    formula_text: str = ""   # msgid

    @property
    def is_rate(self) -> bool:
        return self.den is not None

    def label(self, lang: str | None = None) -> str:
        """The figure's name in the current locale, or in `lang`."""
        return Message(self.name).render(lang)

    def formula(self, lang: str | None = None) -> str:
        return Message(self.formula_text).render(lang)

    @property
    def zh(self) -> str:
        return self.label("zh")


class FrozenFigure(Figure):
    """A figure of a published report's frozen copy: its words as they were, in one language."""

    def label(self, lang: str | None = None) -> str:
        return self.name

    def formula(self, lang: str | None = None) -> str:
        return self.formula_text


def _count(key, name, formula, num=None) -> Figure:
    return Figure(key, name, num or key, None, formula)


def _rate(key, name, num, den, formula) -> Figure:
    return Figure(key, name, num, den, formula)


FIGURE_LIST: tuple[Figure, ...] = (
    # The pre-review funnel.
    _count("total", N_("Suggestions"), N_("Every suggestion, drafts included, within the filter.")),
    _count("draft_now", N_("Drafts now"), N_("Suggestions still in draft.")),
    _count("returned", N_("figure|Returned"),
           N_("Suggestions returned for revision (or advised to withdraw) at least once, by any layer.")),
    _count("return_rounds", N_("Revision rounds"),
           N_("All returns for revision and advice to withdraw, counted each time.")),
    _count("passed", N_("Passed pre-review"), N_("Suggestions the office pre-approved.")),
    _count("against_advice", N_("Submitted against advice"),
           N_("Suggestions the deputy submitted as is after a return.")),
    _count("merged", N_("Merged"), N_("Suggestions merged into another.")),
    _count("converted", N_("Converted to letters"), N_("Suggestions converted to a deputy's letter.")),
    _count("withdrawn", N_("Withdrawn"), N_("Suggestions the deputies withdrew.")),
    _count("not_registered", N_("Not registered"), N_("Suggestions declined at registration.")),
    _count("submitted", N_("Submitted"),
           N_("Suggestions formally submitted (received), those declined at registration included.")),
    _count("registered", N_("Registered"), N_("Suggestions registered.")),
    _count("assigned", N_("figure|Assigned"), N_("Suggestions routed to units.")),
    # Handling.
    _rate("routing_on_time", N_("Routed on time"), "routing_in_time", "routing_due",
          N_("Routed by the routing deadline ÷ items whose routing is done or due by now.")),
    _rate("sign_on_time", N_("Signed for on time"), "sign_in_time", "sign_due",
          N_("Signed for by the lead unit in time ÷ lead sign-fors done or due by now.")),
    _count("replied", N_("Replied"), N_("Assigned suggestions with at least one issued reply.")),
    _rate("reply_rate", N_("Reply rate"), "replied", "assigned", N_("Items replied ÷ items assigned.")),
    _rate("on_time_reply_rate", N_("On-time reply rate"), "reply_in_time", "reply_due",
          N_("Items whose first reply was issued by its due date (approved extension included) ÷ items "
             "whose reply is due by now or already issued.")),
    _count("closed", N_("Closed"),
           N_("Assigned suggestions closed (satisfied, no feedback, or concluded by the council).")),
    _rate("close_rate", N_("Closing rate"), "closed", "assigned", N_("Items closed ÷ items assigned.")),
    _rate("satisfaction", N_("Satisfaction"), "satisfied", "evaluated",
          N_("Per item, on the result of the latest evaluation: (satisfied + basically satisfied) ÷ items "
             "evaluated; items closed without feedback are left out and shown beside.")),
    _rate("first_satisfaction", N_("First-round satisfaction"), "first_satisfied", "first_evaluated",
          N_("Per item, on the result of the first evaluation: (satisfied + basically satisfied) ÷ items "
             "evaluated in the first round.")),
    _rate("attitude", N_("Attitude satisfaction"), "attitude_good", "evaluated",
          N_("As satisfaction, on the attitude: (satisfied + basically satisfied) ÷ items evaluated.")),
    _rate("first_attitude", N_("First-round attitude"), "first_attitude_good", "first_evaluated",
          N_("As first-round satisfaction, on the attitude.")),
    _count("no_feedback", N_("figure|No feedback"),
           N_("Items closed because the deputy gave no evaluation in time.")),
    _rate("solved_rate", N_("Solved (A)"), "solved", "replied",
          N_("Items whose latest reply is A (solved) ÷ items replied.")),
    _rate("solved_or_planned_rate", N_("Solved or planned (A+B)"), "solved_or_planned", "replied",
          N_("Items whose latest reply is A or B (being solved, planned) ÷ items replied.")),
    _count("reply_c", N_("C replies"), N_("Items whose latest reply is C (to be solved later).")),
    _count("reply_d", N_("D replies"), N_("Items whose latest reply is D (for reference).")),
    _rate("meeting_rate", N_("Met the deputy"), "met", "handled",
          N_("Items with a face-to-face or on-site contact with the deputy ÷ items the lead unit signed "
             "for.")),
    _count("overdue", N_("Overdue now"),
           N_("Items with an open deadline past its last day, whoever owes it.")),
    _count("unit_overdue", N_("Overdue at units"),
           N_("Items with an open deadline owed by a handling unit (or its leader) past its last day.")),
    _count("key", N_("Key supervision"), N_("Items marked for key supervision.")),
    _count("promises_kept", N_("Promises kept"), N_("Promises of B and C replies reported kept.")),
    _count("promises_open", N_("Promises open"), N_("Promises not yet reported on.")),
    _count("promises_broken", N_("Promises broken"), N_("Promises reported not kept.")),
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
