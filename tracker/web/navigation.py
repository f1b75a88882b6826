"""The site's navigation bar, drawn once per language, page and role set in this process."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_login import current_user
from markupsafe import Markup

from tracker.web.i18n import lang

LIMIT = 2048  # keys kept per process: languages × pages × role sets met; past this, start again


def site_nav() -> Markup:
    """templates/_nav.html for the signed-in user. Every page drew it anew (some 40 links, tests
    and url_for calls); what it shows depends only on what makes the key."""
    user = current_user
    key = (lang(), request.endpoint or "", frozenset(user.roles), bool(user.is_platform_admin),
           bool(user.unit_id))
    drawn = current_app.extensions.setdefault("tracker_nav", {})
    html = drawn.get(key)
    if html is None:
        if len(drawn) >= LIMIT:
            drawn.clear()
        html = drawn[key] = Markup(render_template("_nav.html"))
    return html
