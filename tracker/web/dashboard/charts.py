"""The data the dashboard's charts draw, in the page's language, from the same values as its tables.

The page embeds this as JSON and tracker/static/dashboard.js hands it to ECharts, so a chart can
show no number the tables do not.
"""

from __future__ import annotations

from flask_babel import gettext as _

from tracker.domain.metrics.figures import FIGURES, FUNNEL
from tracker.domain.metrics.panels import Dashboard
from tracker.domain.reads.inbox import Urgency

UNIT_RATES = ("reply_rate", "close_rate", "satisfaction", "solved_or_planned_rate")


def chart_data(d: Dashboard, lang: str) -> dict:
    units = d.breakdowns["unit_id"].rows
    months = list(d.trends)
    return {
        "funnel": {"labels": [FIGURES[k].label(lang) for k in FUNNEL],
                   "values": [d.totals[k].num for k in FUNNEL]},
        "units": {"names": [name for _, name, _ in units],
                  "series": [{"name": FIGURES[k].label(lang),
                              "values": [vals[k].percent if k in vals else None for _, _, vals in units]}
                             for k in UNIT_RATES]},
        "trends": {"months": months,
                   "series": [{"name": name, "values": [d.trends[m].get(kind, 0) for m in months]}
                              for kind, name in (("submitted", _("Suggestions submitted")),
                                                 ("assigned", _("Suggestions assigned")),
                                                 ("replied", _("First replies")),
                                                 ("closed", _("Suggestions closed")))]},
        "urgency": [{"name": name, "value": d.urgency.counts[u], "key": u.value}
                    for u, name in ((Urgency.OVERDUE, _("Overdue")), (Urgency.DUE_SOON, _("Due soon")),
                                    (Urgency.ON_TIME, _("On time")))],
    }
