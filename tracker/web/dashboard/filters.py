"""The dashboard's filter as every reader of its figures reads it: the dashboard and report pages and
the JSON API's figures (tracker.web.api.figures), so a value the page would not offer is refused by both."""

from __future__ import annotations

from flask import abort, request
from flask_login import current_user

from tracker.domain.reads.queries import sees_all
from tracker.web.dashboard.forms import DashboardFilterForm
from tracker.web.i18n import lang
from tracker.web.labels import today


def read_filter() -> tuple[DashboardFilterForm, bool]:
    """The filter form over this request's query string, its choices filled, and whether every value
    is one offered; 403 for anyone who does not see all suggestions."""
    if not sees_all(current_user):
        abort(403)
    form = DashboardFilterForm(formdata=request.args).fill_choices(lang(), today().year)
    return form, form.validate()
