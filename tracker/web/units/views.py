"""GET /inbox: the unit's assigned items with due dates, urgency marks, filters and counts."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required
from markupsafe import Markup

from tracker.domain.reads.inbox import Urgency, filters_from, unit_inbox, unit_label
from tracker.domain.reads.queries import UNIT_ROLES
from tracker.extensions import db
from tracker.web import page_cache
from tracker.web.i18n import lang
from tracker.web.labels import today
from tracker.web.list_rows import inbox_rows

bp = Blueprint("units", __name__)

FILTERS = ("urgency", "role", "state", "key")


@bp.route("/inbox")
@login_required
def inbox():
    if not (current_user.roles & UNIT_ROLES) or current_user.unit_id is None:
        abort(403)
    args = {k: request.args.get(k, "") for k in FILTERS}
    unit = page_cache.reference("inbox_unit", lambda session: unit_label(session, current_user.unit_id),
                                current_user.unit_id)

    def draw() -> str:
        page_cache.calendar()
        box = unit_inbox(db.session, unit.id, today(), after=request.args.get("after"),
                         **filters_from(args))
        return render_template("units/_inbox.html", box=box, head=head(box, args, unit),
                               rows=inbox_rows(box.entries))

    # Every handler of the unit sees the same inbox: drawn once per unit and data generation.
    return render_template("units/inbox.html", body=page_cache.fragment("inbox", draw, unit.id))


def head(box, args: dict, unit) -> Markup:
    """The heading, the count chips and the filters: they show only the unit, the query string and
    the counts, so each such combination is drawn once (per data generation) in this process; the
    counts themselves are read at every request."""
    def draw(_session=None) -> Markup:
        return Markup(render_template("units/_inbox_head.html", box=box, args=args, unit=unit,
                                      urgencies=list(Urgency)))
    shown = tuple(sorted(request.args.items(multi=True)))
    counts = (tuple(box.by_urgency.items()), box.lead, box.co, box.total, tuple(box.states))
    return page_cache.reference("inbox_head", draw, lang(), unit, shown, counts)
