"""Rendered list fragments, reused while the data under them has not changed.

A list's table and filter form depend on the congress, the data, the page's language, today's date (overdue
badges), the query string and a few role flags, and on nothing else; the key holds all of them
and the data's generation token (tracker.domain.generation), so a commit anywhere makes every
fragment of the older data unreachable at once. The signed-in user's own parts of the page (the
bar, the notice bell) are rendered fresh around the fragment every time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import current_app, request
from markupsafe import Markup

from tracker.domain import generation
from tracker.extensions import cache, db
from tracker.tenancy import current_congress_id
from tracker.web.i18n import lang
from tracker.web.labels import today


def fragment(name: str, render: Callable[[], str], *flags) -> Markup:
    """`render()`'s HTML, from the cache when the same list of the same data was drawn before."""
    token = generation.current(db.session) if current_app.config["PAGE_CACHE"] else None
    if token is None:
        return Markup(render())
    query = sorted((k, v) for k, v in request.args.items(multi=True) if k != "lang")
    # The congress first: two congresses' lists of the same name and filters never share a key.
    raw = repr((current_congress_id(), name, token, lang(), today().isoformat(), flags, query))
    key = "fragment:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html)
    return Markup(html)
