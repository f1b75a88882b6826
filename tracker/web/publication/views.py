"""POST /reports/yearly/publish and GET|POST /reports/published/<scope>/withdraw, for the office.

The office's report page (dashboard.report) shows the publishing card (tracker.web.publication.card):
what would be published, the confirmation form, and the versions already published or withdrawn.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.clock import now
from tracker.domain.metrics.summary import latest_refresh
from tracker.domain.publication.reports import (
    ReportScope,
    publish_report,
    scope_for,
    scope_from_key,
    versions,
    withdraw_report,
)
from tracker.extensions import db
from tracker.web.access import require_role
from tracker.web.errors import back_to, on_refusal, page_of, perform, status_of
from tracker.web.labels import today
from tracker.web.publication.forms import PublishForm, WithdrawForm
from tracker.web.rollups import summary_from
from tracker.workflow import Role

bp = Blueprint("publication", __name__)


def _report_url(scope: ReportScope) -> str:
    args = {"session_id": scope.session_id} if scope.session_id else {"year": scope.year}
    return url_for("dashboard.report", **args)


@bp.route("/reports/yearly/publish", methods=["POST"])
@login_required
def publish():
    require_role(Role.OFFICE_STAFF)
    form = PublishForm()
    on_refusal(back_to(url_for("dashboard.report")))
    scope = scope_for(db.session, session_id=form.session_id.data, year=form.year.data)
    if not form.validate():
        return back_to(_report_url(scope))(*(" ".join(map(str, errs)) for errs in form.errors.values()))
    refresh = latest_refresh(db.session, summary_from())
    row = perform(lambda: publish_report(db.session, current_user, scope, today=today(), at=now(),
                                         refreshed_at=refresh.refreshed_at if refresh else None,
                                         confirmed_digest=form.digest.data),
                  page=back_to(_report_url(scope)))
    flash(_("Published as version %(n)d; anyone can now read it on the public pages.", n=row.version),
          "success")
    return redirect(_report_url(scope))


@bp.route("/reports/published/<scope_key>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(scope_key: str):
    require_role(Role.OFFICE_STAFF)
    scope = scope_from_key(db.session, scope_key)
    if scope is None:
        abort(404)
    form = WithdrawForm()
    draw = page_of("publication/withdraw.html", scope=scope, form=form, report_url=_report_url(scope),
                   live=versions(db.session, scope.key, public_only=True))
    if form.validate_on_submit():  # every refusal is said under the reason
        perform(lambda: withdraw_report(db.session, current_user, scope, form.reason.data, at=now()),
                page=draw, form=form, names={None: "reason"})
        flash(_("The report was withdrawn from the public pages."), "success")
        return redirect(_report_url(scope))
    return draw(), status_of(form)
