"""Item pages: the desk of pending steps, the list, one item, drafts and the generic action form.

Every view is load (404) -> check access (403) -> form -> one domain call (`perform`, which
commits) -> redirect; a refusal is answered by tracker.web.errors: the form drawn again with the
typed input and the domain's message.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from tracker.clock import now
from tracker.domain.authoring import attachments, channel_choice, drafts, saving
from tracker.domain.core.engine import offers
from tracker.domain.deadlines.calendar import china_date
from tracker.domain.publication.preview import public_preview
from tracker.domain.reads import listing, queries
from tracker.domain.reads.dossier import load_dossier
from tracker.domain.reads.review_queue import next_after_decision
from tracker.extensions import db
from tracker.web import page_cache
from tracker.web.access import load_item, offer_or_refuse, parse_action, require_role
from tracker.web.attachments.forms import files_of, limits
from tracker.web.errors import page_of, perform, status_of
from tracker.web.i18n import lang, tr
from tracker.web.items.action_page import ActionPage
from tracker.web.items.forms import DraftForm
from tracker.web.list_rows import item_rows
from tracker.workflow import Channel, Role, State

bp = Blueprint("items", __name__)


@bp.route("/")
@login_required
def home():
    session, me = db.session, current_user
    tasks = queries.pending_for(session, me)
    mine = queries.items_of_deputy(session, me) if me.has_role(Role.DEPUTY) else []
    return render_template("items/home.html", tasks=tasks, mine=mine,
                           holders=queries.holders(session, mine),
                           can_list_all=queries.sees_all(me))


@bp.route("/items")
@login_required
def index():
    if not queries.sees_all(current_user):
        abort(403)
    filters = listing.ItemFilters.from_args(request.args)

    def draw() -> str:
        # 50 rows after a keyset cursor (tracker.domain.reads.listing): page 1,000 costs what page 1 does.
        page = listing.list_page(db.session, filters, request.args.get("after"))
        form = page_cache.reference("items_filters", filter_form, lang(), filters)
        rows = item_rows(page.items, queries.holders(db.session, page.items))
        return render_template("items/_list.html", items=page.items, page=page, filters=filters,
                               filter_form=form, rows=rows)

    # The same list of the same data is drawn once (the import button depends on the role).
    body = page_cache.fragment("items", draw, current_user.has_role(Role.OFFICE_STAFF))
    return render_template("items/index.html", body=body)


def filter_form(session) -> str:
    """The list's filter form: the same for every page with the same filters and language."""
    filters = listing.ItemFilters.from_args(request.args)
    return Markup(render_template("items/_filters.html", filters=filters, states=list(State),
                                  state=State(filters.state) if filters.state else None,
                                  choices=listing.filter_choices(session)))


@bp.route("/items/<int:item_id>")
@login_required
def show(item_id: int):
    item = load_item(item_id)
    d = load_dossier(db.session, item, current_user)
    return render_template("items/show.html", item=item, d=d,
                           preview=public_preview(item, d.replies, current_user),
                           offers=offers(item, current_user),
                           can_edit=drafts.can_edit(item, current_user),
                           files=attachments.live_attachments(db.session, item))


def _draft_page(item):
    """The edit form filled from the stored draft, and how to draw its page."""
    attached = attachments.live_attachments(db.session, item)
    form = DraftForm().fill_choices(lang(), china_date(now()), item.session_id).load(item) \
        .with_attachments(limits(), attached)
    return form, page_of("items/draft.html", form=form, item=item, attached=attached, limits=limits(),
                         **_route_help())


def _route_help() -> dict:
    """Each channel's review layers, from the table, for the form's note on where the draft goes."""
    return {"routes": {c.value: channel_choice.review_route(c) for c in Channel}}


@bp.route("/items/new", methods=["GET", "POST"])
@login_required
def new_draft():
    require_role(Role.DEPUTY)
    today = china_date(now())
    form = DraftForm().fill_choices(lang(), today).start_from(channel_choice.default_for(db.session, today))
    form.with_attachments(limits(), [])
    draw = page_of("items/draft.html", form=form, item=None, attached=[], limits=limits(), **_route_help())
    if form.validate_on_submit():
        item, saved = perform(lambda: saving.save_new_draft(
            db.session, current_user, form.to_input(), files_of(form.attachments), at=now(),
            submission_key=form.key()), page=draw, form=form,
            lost_race=lambda: saving.sent_before(db.session, current_user, form.key()))
        flash(_("Draft saved.") if saved else _("This page had already been sent: the draft was "
                                                  "saved once."), "success" if saved else "info")
        return redirect(url_for("items.show", item_id=item.id))
    form.submission_key.data = form.submission_key.data or uuid.uuid4().hex
    return draw(), status_of(form)


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_draft(item_id: int):
    """The author's send from a page gone stale is answered with the form, not a bare 403."""
    item = load_item(item_id)
    if not (drafts.can_edit(item, current_user) or item.author_id == current_user.id
            and request.method == "POST"):
        abort(403)
    form, draw = _draft_page(item)
    if form.validate_on_submit():
        changed = perform(lambda: saving.save_draft(
            db.session, item, current_user, form.to_input(), files_of(form.attachments),
            remove=form.remove_attachments.data or [], at=now(), seen_version=form.seen_version()),
            page=draw, form=form, item=item)
        flash(_("Draft saved.") if changed else _("Nothing changed."), "success")
        return redirect(url_for("items.show", item_id=item.id))
    return draw(), status_of(form)


@bp.route("/items/<int:item_id>/actions/<action>", methods=["GET", "POST"])
@login_required
def act(item_id: int, action: str):
    item, action = load_item(item_id), parse_action(action)
    page = ActionPage(item, action, offer_or_refuse(item, action))
    if page.sent():
        layer = item.state
        perform(page.apply, page=page.draw, form=page.form, item=item)
        flash(_("Done: %(action)s", action=tr(action)), "success")
        return redirect(after_decision(item, layer))
    return page.draw(), status_of(page.form)


def after_decision(item, layer: State) -> str:
    """Where a step leads: a reviewer's decision to the next item waiting in the same layer (or
    the queue, when none waits), anything else back to the item, if still theirs to see."""
    decided, following = next_after_decision(db.session, current_user, now(), layer, item)
    if decided:
        if following is None:
            flash(_("Nothing else waits in this queue."), "info")
            return url_for("review.queue")
        flash(_("Next in the queue: %(title)s", title=following.title), "info")
        return url_for("review.review", item_id=following.id)
    seen = queries.can_see(db.session, current_user, item)
    return url_for("items.show", item_id=item.id) if seen else url_for("items.home")
