"""Item pages: the desk of pending steps, the list, one item, drafts and the generic action form.

Every view is load (404) -> check access (403) -> form -> one domain call -> commit -> redirect;
a refused action rolls back and re-renders the form with the typed input and the engine's message.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from tracker.clock import now
from tracker.domain.authoring import attachments, drafts
from tracker.domain.core.engine import apply, offers
from tracker.domain.errors import DomainError, NotAllowedNow
from tracker.domain.reads import action_help, listing, queries
from tracker.domain.reads.dossier import load_dossier
from tracker.extensions import db
from tracker.web import page_cache
from tracker.web.access import default_role, find_offer, load_item, parse_action
from tracker.web.attachments.forms import limits, uploads_of
from tracker.web.i18n import lang, tr
from tracker.web.items.action_forms import (
    WITH_ATTACHMENTS,
    build_form,
    collect,
    place_error,
    refresh,
    seen,
    spec_for,
)
from tracker.web.items.forms import DraftForm
from tracker.web.labels import today
from tracker.workflow import Action, Role, State, rows_for
from tracker.workflow.i18n import N_

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
        return render_template("items/_list.html", items=page.items, page=page, filters=filters,
                               state=State(filters.state) if filters.state else None,
                               states=list(State), choices=listing.filter_choices(db.session),
                               holders=queries.holders(db.session, page.items))

    # The same list of the same data is drawn once (the import button depends on the role).
    body = page_cache.fragment("items", draw, current_user.has_role(Role.OFFICE_STAFF))
    return render_template("items/index.html", body=body)


@bp.route("/items/<int:item_id>")
@login_required
def show(item_id: int):
    item = load_item(item_id)
    return render_template("items/show.html", item=item, d=load_dossier(db.session, item),
                           offers=offers(item, current_user),
                           can_edit=drafts.can_edit(item, current_user),
                           files=attachments.live_attachments(db.session, item),
                           reply_files=attachments.reply_attachments(db.session, item))


@bp.route("/items/new", methods=["GET", "POST"])
@login_required
def new_draft():
    if not current_user.has_role(Role.DEPUTY):
        abort(403)
    rules = limits()
    form = DraftForm().fill_choices(lang()).with_attachments(rules, [])
    key = (form.submission_key.data or "").strip()[:40] or None
    if request.method == "POST" and key and (earlier := _sent_before(key)):
        return earlier
    if form.validate_on_submit():
        try:
            at = now()
            item = drafts.create_draft(db.session, current_user, form.to_input(), at=at,
                                       submission_key=key)
            attachments.attach_to_draft(db.session, item, current_user,
                                        uploads_of(form.attachments), limits=rules,
                                        folder=_folder(), at=at)
            db.session.commit()
        except DomainError as err:
            return _draft_refused(form, err, "items/draft.html")
        except IntegrityError:
            # The same page's other send won the race to the unique submission key.
            db.session.rollback()
            if key and (earlier := _sent_before(key)):
                return earlier
            raise
        flash(_("Draft saved."), "success")
        return redirect(url_for("items.show", item_id=item.id))
    if not form.submission_key.data:
        form.submission_key.data = uuid.uuid4().hex
    return render_template("items/draft.html", form=form, item=None, attached=[],
                           limits=rules), _status(form)


def _sent_before(key: str):
    """The answer to a second send of a new-draft page: the draft its first send saved."""
    earlier = drafts.draft_of_submission(db.session, current_user, key)
    if earlier is None:
        return None
    flash(_("This page had already been sent: the draft was saved once."), "info")
    return redirect(url_for("items.show", item_id=earlier.id))


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_draft(item_id: int):
    item = load_item(item_id)
    # The author's send from a page gone stale is answered with the form, not a bare 403.
    author = item.author_id == current_user.id and request.method == "POST"
    if not (drafts.can_edit(item, current_user) or author):
        abort(403)
    rules = limits()
    attached = attachments.live_attachments(db.session, item)
    form = DraftForm().fill_choices(lang()).load(item).with_attachments(rules, attached)
    if form.validate_on_submit():
        try:
            at = now()
            drafts.ensure_fresh(item, form.seen_version())
            changed = drafts.edit_draft(db.session, item, current_user, form.to_input(), at=at)
            changed += attachments.remove_from_draft(db.session, item, current_user,
                                                     form.remove_attachments.data or [], at=at)
            changed += attachments.attach_to_draft(db.session, item, current_user,
                                                   uploads_of(form.attachments), limits=rules,
                                                   folder=_folder(), at=at)
            db.session.commit()
        except DomainError as err:
            return _draft_refused(form, err, "items/draft.html", item=item, attached=attached,
                                  limits=rules)
        flash(_("Draft saved.") if changed else _("Nothing changed."), "success")
        return redirect(url_for("items.show", item_id=item.id))
    return render_template("items/draft.html", form=form, item=item, attached=attached,
                           limits=rules), _status(form)


@bp.route("/items/<int:item_id>/actions/<action>", methods=["GET", "POST"])
@login_required
def act(item_id: int, action: str):
    item = load_item(item_id)
    action = parse_action(action)
    offer = find_offer(item, action)
    if offer is None and request.method == "GET":
        raise NotAllowedNow(N_("You cannot %(action)s now."), action=action)
    role = offer.role if offer else _posted_role()
    rules = limits()
    spec = spec_for(_form_state(item, action, offer), action, role)
    form = build_form(spec, item, role, lang(), today(), rules,
                      preset={"promise": request.args.get("promise")})
    error = None
    if form.is_submitted():
        try:
            drafts.ensure_fresh(item, seen(form)[0])
        except DomainError as err:
            # Judge nothing on a stale page: say so, keep the text, let the next send count.
            error = err.message(lang())
            refresh(form, item)
            return _render_action(item, spec, form, offer, error), err.http_status
    if form.validate_on_submit():
        try:
            as_role = form.as_role.data or default_role(offer)
            event = apply(item, action, actor=current_user, as_role=as_role,
                          reason=form.reason.data, data=collect(form, spec))
            if action in WITH_ATTACHMENTS:
                attachments.attach_to_reply(
                    db.session, attachments.drafted_reply(db.session, item), current_user,
                    uploads_of(form.attachments), limits=rules, folder=_folder(), at=event.at)
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            error = place_error(form, err, lang())
            return _render_action(item, spec, form, offer, error), err.http_status
        flash(_("Done: %(action)s", action=tr(action)), "success")
        if not queries.can_see(db.session, current_user, item):
            return redirect(url_for("items.home"))
        return redirect(url_for("items.show", item_id=item.id))
    return _render_action(item, spec, form, offer, error), _status(form)


def _render_action(item, spec, form, offer, error):
    role = offer.role if offer else None
    # The help above the form (templates/supervision/help/) is loaded here, never by a template.
    return render_template("items/action.html", item=item, spec=spec, form=form, role=role,
                           error=error, limits=limits(),
                           help=action_help.help_for(db.session, item, spec.action))


def _form_state(item, action: Action, offer) -> State:
    """The state whose rows shape the form: on a send from a stale page, the one the user saw,
    so every field they typed into is drawn again with its text."""
    if offer is None and request.method == "POST":
        wanted = request.form.get("seen_state")
        if wanted in set(State) and rows_for(State(wanted), action):
            return State(wanted)
    return item.state


def _posted_role() -> Role | None:
    wanted = request.form.get("as_role") if request.method == "POST" else None
    return Role(wanted) if wanted in set(Role) else None


def _folder() -> str:
    return current_app.config["ATTACHMENT_DIR"]


def _draft_refused(form, err: DomainError, template: str, item=None, **context):
    db.session.rollback()
    message = err.message(lang())
    target = form._fields.get(err.field) if err.field else None
    if target is not None:
        target.errors = [*target.errors, message]
    if item is not None:  # the next send is judged on the item as it is now
        form.lock_version.data = str(item.lock_version)
    context.setdefault("limits", limits())
    context.setdefault("attached", [])
    return render_template(template, form=form, item=item, error=message,
                           **context), err.http_status


def _status(form) -> int:
    """A form sent with errors is a 400, so tests and scripts see the refusal."""
    return 400 if form.is_submitted() else 200
