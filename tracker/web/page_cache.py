"""Rendered list fragments, reused while the data under them has not changed.

A list's table and filter form depend on the congress, the data, the page's language, today's date (overdue
badges), the query string and a few role flags, and on nothing else; the key holds all of them
and the data's generation token (tracker.domain.generation), so a commit anywhere makes every
fragment of the older data unreachable at once. The signed-in user's own parts of the page are
drawn around the fragment every time: the navigation from its memo per role set
(tracker.web.navigation), the notice bell's count read again whenever the notices token moved.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable

from flask import current_app, request
from markupsafe import Markup

from tracker.domain import generation
from tracker.domain.deadlines.calendar import read_calendar, use_calendar
from tracker.domain.reminders.notices import unread_count as unread_notices
from tracker.extensions import cache, db
from tracker.tenancy import current_congress_id
from tracker.web.i18n import lang, once
from tracker.web.labels import today

try:  # Redis is optional (TRACKER_CACHE_URL); its errors are not OSErrors
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover (the demo install has no redis client)
    RedisError = OSError

# A shared cache that fails (Redis down) is skipped for this long, in this process: pages are drawn
# anew meanwhile, without each request first waiting for the dead connection.
RETRY_SECONDS = 10.0
_skip_until = 0.0
log = logging.getLogger(__name__)
REFERENCE_LIMIT = 512  # entries of `reference` kept per process
UNREAD_LIMIT = 20_000  # people whose unread count is kept per process


def _cache(call: Callable, *args):
    """cache.get / cache.set, or None while the cache is unreachable: the cache only saves work."""
    global _skip_until
    if time.monotonic() < _skip_until:
        return None
    try:
        return call(*args)
    except (RedisError, OSError) as exc:
        _skip_until = time.monotonic() + RETRY_SECONDS
        log.warning("page cache unreachable, drawing pages anew for %ss: %s", RETRY_SECONDS, exc)
        return None


TOKENS = "_tracker_generation"  # the request's memo of the tokens (tracker.web.i18n.once)


def _tokens() -> dict[str, str]:
    """The data's generation tokens, read once per request in one statement (a page asks twice),
    unless they came with the login (know_tokens)."""
    return once(TOKENS, lambda: generation.tokens(db.session))


def know_tokens(values) -> None:
    """The tokens as read with the signed-in person (tracker.web.logins): not read again."""
    once(TOKENS, lambda: generation.tokens_from(values))


def _token() -> str:
    return _tokens().get(generation.LISTS, "")


def notices_token() -> str:
    """The token that moves when anybody's notices change ('' before the first)."""
    return _tokens().get(generation.NOTICES, "")


def reference(name: str, load: Callable, *variant):
    """`load(db.session)`: what a list shows on every page from reference rows (its filters' options,
    or the filter form drawn from them, one `variant` per language and choice), computed once per
    congress and data generation in this process, whether or not pages are cached. `load` must
    return plain values or HTML, never ORM objects, which would outlive their session."""
    token = _token()
    if not token:  # no write yet: nothing says when the data changes
        return load(db.session)
    memo = current_app.extensions.setdefault("tracker_reference", {})
    key = (current_congress_id(), name, variant)
    kept = memo.get(key)
    if kept is None or kept[0] != token:
        if len(memo) >= REFERENCE_LIMIT:  # variants of older generations or rare filters
            memo.clear()
        kept = memo[key] = (token, load(db.session))
    return kept[1]


def calendar() -> None:
    """Give this request's session the working-day calendar of the congress in scope as read
    once per data generation in this process (its days are data: changing them moves the token),
    instead of reading it again (tracker.domain.deadlines.calendar.load_calendar)."""
    use_calendar(db.session, reference("work_calendar", lambda s: read_calendar(s, current_congress_id())))


def fragment(name: str, render: Callable[[], str], *flags) -> Markup:
    """`render()`'s HTML, from the cache when the same list of the same data was drawn before."""
    token = _token() if current_app.config["PAGE_CACHE"] else None
    if not token:
        return Markup(render())
    query = sorted((k, v) for k, v in request.args.items(multi=True) if k != "lang")
    # The congress first: two congresses' lists of the same name and filters never share a key.
    raw = repr((current_congress_id(), name, token, lang(), today().isoformat(), flags, query))
    key = "fragment:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()
    html = _cache(cache.get, key)
    if html is None:
        html = render()
        _cache(cache.set, key, html)
    return Markup(html)


def unread_count(user) -> int:
    """The header's count of `user`'s unread notices, read again only after somebody's notices
    changed (the notices token moved), in this process: every page shows it."""
    token = notices_token()
    if not token:
        return unread_notices(db.session, user)
    kept = current_app.extensions.setdefault("tracker_unread", {})
    key = (current_congress_id(), user.id)
    hit = kept.get(key)
    if hit is None or hit[0] != token:
        if len(kept) >= UNREAD_LIMIT:
            kept.clear()
        hit = kept[key] = (token, unread_notices(db.session, user))
    return hit[1]
