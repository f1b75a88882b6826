"""A list as XLSX, as the export page (/export/<list>) and the public page's export send it: a short
list at once, written in the domain's `send_export` (audited for a signed-in person), a long one as a
background job (tracker.web.exports.jobs) whose page the user lands on."""

from __future__ import annotations

import io
from datetime import datetime

from flask import abort, current_app, redirect, request, send_file, url_for
from flask_login import current_user

from tracker.clock import now
from tracker.domain.exchange.exports import ITEM_COLUMNS, Sheet, count_items, item_rows, send_export
from tracker.extensions import db
from tracker.web.errors import perform
from tracker.web.exports.jobs import XLSX, start_export_job
from tracker.web.exports.sources import PUBLIC_SOURCES, SOURCES
from tracker.web.i18n import lang

DEFAULT_INLINE_LIMIT = 5000


def export_list(source: str):
    """The list `source` with the request's filters: its file, the job's page, or the sign-in page."""
    build = SOURCES.get(source) or abort(404)
    if source not in PUBLIC_SOURCES and not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    built = build(request.args)
    if isinstance(built, Sheet):
        return _send(built, source, request.args.to_dict())
    base, filters = built
    total = count_items(db.session, base)
    if total > current_app.config.get("EXPORT_INLINE_LIMIT", DEFAULT_INLINE_LIMIT):
        job = start_export_job(source, filters, total)
        return redirect(url_for("exports.job_page", job_id=job.id))
    return _send(Sheet(source, [c.header(lang()) for c in ITEM_COLUMNS],
                       item_rows(db.session, base, lang())), source, filters)


def _send(sheet: Sheet, source: str, filters: dict):
    # In memory: an inline export is at most EXPORT_INLINE_LIMIT rows (a few hundred KB zipped);
    # the rows themselves still stream from the cursor into the write-only workbook. An anonymous
    # visitor's export of the public list is not audited (an audit row names a person): no user.
    out = io.BytesIO()
    user = current_user if current_user.is_authenticated else None
    perform(lambda: send_export(db.session, user, sheet, out, source=source, filters=filters, at=now()))
    out.seek(0)
    name = f"{source}-{datetime.now().strftime('%Y%m%d-%H%M')}.xlsx"
    return send_file(out, mimetype=XLSX, as_attachment=True, download_name=name)
