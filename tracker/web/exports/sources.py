"""Which lists can be exported: each reads the query string exactly as its page does, and checks access.

A source returns either a query of suggestions (big lists, streamed and possibly run in the
background) or a Sheet whose rows are generated lazily (the inbox, review queue and routing lists
walk their keyset pages in chunks of 500, so every matching row is written, in constant memory).
"""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from tracker.clock import now
from tracker.domain.core.engine import offers
from tracker.domain.exchange.exports import ITEM_COLUMNS, Sheet
from tracker.domain.publication.disclosure import periods, public_replies
from tracker.domain.reads import listing
from tracker.domain.reads.inbox import Urgency
from tracker.domain.reads.inbox import all_entries as inbox_entries
from tracker.domain.reads.queries import UNIT_ROLES, sees_all, visible_to
from tracker.domain.reads.review_queue import all_entries as queue_entries
from tracker.domain.reads.review_queue import layers_for
from tracker.domain.reads.search import search, tokens
from tracker.domain.steps.routing import routing_candidates
from tracker.extensions import db
from tracker.web.i18n import lang, local_name, tr
from tracker.web.labels import CHANNELS, today
from tracker.web.office.forms import RoutingFilterForm
from tracker.web.review.forms import QueueFilterForm
from tracker.workflow import Action, Role

SEARCH_LIMIT = 1000  # the page shows the best 50; the export gives the reader more of the same
# Anyone may export the public list, without signing in: the newest replies, page by page as the
# public page reads them, never the whole archive in one anonymous request.
PUBLIC_LIMIT = 2000


def _item_columns(extra=(), of=lambda row: row):
    """(header, getter) pairs of an item row as ITEM_COLUMNS names them, plus a list's own columns.

    `of` finds the suggestion in a list's row (an inbox entry holds it as `.item`).
    """
    head = {c.key: c.header(lang()) for c in ITEM_COLUMNS}

    def category(i):
        if i.category is None:
            return ""
        return local_name(i.category)
    return [(head["number"], lambda r: of(r).registration_label or f"#{of(r).id}"),
            (head["title"], lambda r: of(r).title),
            (head["channel"], lambda r: tr(of(r).channel.value, CHANNELS)),
            (head["category"], lambda r: category(of(r))),
            (head["deputy"], lambda r: of(r).author.name),
            (head["state"], lambda r: tr(of(r).state)),
            *extra,
            (head["updated"], lambda r: of(r).updated_at)]


def items(args):
    if not sees_all(current_user):
        abort(403)
    filters = listing.ItemFilters.from_args(args)
    return listing.ordered(listing.filtered(filters), filters.sort), filters.to_args()


def _preload(entries) -> None:
    listing.preload_list_columns(db.session, [e.item for e in entries])


def inbox(args):
    if not (current_user.roles & UNIT_ROLES) or current_user.unit_id is None:
        abort(403)
    urgency = args.get("urgency", "")
    # Every row the filters match, page by page from the database, not just the page on screen.
    rows = inbox_entries(db.session, current_user.unit_id, today(), prepare=_preload,
                         urgency=urgency if urgency in set(Urgency) else None,
                         role=args.get("role") or None, state=args.get("state") or None,
                         key_only=args.get("key") == "1")
    cols = _item_columns(((_("Part"), lambda e: _("Lead") if e.is_lead else _("Co-handling")),
                          (_("Due"), lambda e: e.due_on)), of=lambda e: e.item)
    return Sheet.from_objects(_("Inbox"), cols, rows)


def review(args):
    layers = layers_for(current_user)
    if not layers:
        abort(403)
    form = QueueFilterForm(formdata=args).fill_choices(layers, lang())
    if not form.validate():
        abort(400)
    rows = queue_entries(db.session, current_user, now(), form.to_filters(), prepare=_preload)
    own = ((_("Layer"), lambda e: tr(e.layer)), (_("Waiting (working days)"), lambda e: e.waiting_days),
           (_("Due"), lambda e: e.due_on))
    return Sheet.from_objects(_("Review queue"), _item_columns(own, of=lambda e: e.item), rows)


def routing(args):

    if not current_user.has_role(Role.OFFICE_STAFF):
        abort(403)
    form = RoutingFilterForm(formdata=args).fill_choices(lang())
    if not form.validate():
        abort(400)
    rows = (i for i in routing_candidates(db.session, **form.filters())
            if any(o.action is Action.ROUTE for o in offers(i, current_user)))
    return Sheet.from_objects(_("Routing"), _item_columns(), rows)


def search_results(args):
    query = (args.get("q") or "").strip()
    if len(query) < 2 or len(query) > 200 or not tokens(query):
        abort(400)
    rows = search(db.session, query, limit=SEARCH_LIMIT, where=visible_to(current_user))
    listing.preload_list_columns(db.session, rows)
    return Sheet.from_objects(_("Search"), _item_columns(), rows)


def public(args):
    query = (args.get("q") or "").strip()[:200]
    chosen = next((p for p in periods(db.session) if p.key == args.get("period")), None)
    if query and (len(query) < 2 or not tokens(query)):
        abort(400)
    kw = {"session_id": chosen.session_id if chosen else None,
          "year": chosen.between_year if chosen else None, "query": query or None}

    def rows():
        page = public_replies(db.session, page=1, lang=lang(), **kw)
        while True:
            yield from page.rows
            if page.page >= page.pages or page.page * len(page.rows) >= PUBLIC_LIMIT:
                return
            page = public_replies(db.session, page=page.page + 1, lang=lang(), **kw)
    cols = [(_("Number"), lambda r: r.label), (_("Title"), lambda r: r.title),
            (_("Deputies"), lambda r: "、".join(r.deputies)), (_("Handling unit"), lambda r: r.unit),
            (_("Category"), lambda r: r.topic), (_("Reply category"), lambda r: r.category),
            (_("Replied on"), lambda r: r.issued_on), (_("Session"), lambda r: r.session_name)]
    return Sheet.from_objects(_("Public replies"), cols, rows())


SOURCES = {"items": items, "inbox": inbox, "review": review, "routing": routing,
           "search": search_results, "public": public}
PUBLIC_SOURCES = frozenset({"public"})
