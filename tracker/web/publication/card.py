"""The report page's publishing card (dashboard.report draws it, publication.views takes its forms):
what would be published, the confirmation form, and the versions already published or withdrawn."""

from __future__ import annotations

from flask_login import current_user

from tracker.domain.metrics.facts import MetricFilter
from tracker.domain.metrics.report import Report
from tracker.domain.publication.reports import ReportScope, figures_digest, scope_for, versions
from tracker.extensions import db
from tracker.web.publication.forms import PublishForm
from tracker.workflow import Role


def scope_of_filter(flt: MetricFilter) -> ReportScope | None:
    """A report filtered by one session or one year alone can be published; any other filter not."""
    others = [v for k, v in vars(flt).items() if k not in ("session_id", "year") and v is not None]
    if others or (flt.session_id is None) == (flt.year is None):
        return None
    return scope_for(db.session, session_id=flt.session_id, year=flt.year)


def panel(flt: MetricFilter, report: Report) -> dict:
    """What the report page's publishing card shows: the scope, its versions, the forms."""
    scope = scope_of_filter(flt)
    if scope is None:
        return {"scope": None}
    rows = versions(db.session, scope.key)
    form = PublishForm(formdata=None, session_id=scope.session_id, year=scope.year,
                       digest=figures_digest(report))
    return {"scope": scope, "versions": rows, "next_version": (rows[0].version if rows else 0) + 1,
            "live": [r for r in rows if r.is_public], "form": form,
            "may_publish": current_user.has_role(Role.OFFICE_STAFF)}
