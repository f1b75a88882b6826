"""Item pages: the desk of pending steps, the list, one item, drafts and the generic action form.

Every view is load (404) -> check access (403) -> form -> one domain call -> commit -> redirect;
a refused action rolls back and re-renders the form with the typed input and the engine's message.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.clock import now
from tracker.domain import drafts, queries
from tracker.domain.dossier import load_dossier
from tracker.domain.engine import apply, offers
from tracker.domain.errors import DomainError, NotAllowedNow
from tracker.extensions import db
from tracker.web.access import default_role, find_offer, load_item, parse_action
from tracker.web.i18n import lang, tr
from tracker.web.items.action_forms import build_form, collect, place_error, spec_for
from tracker.web.items.forms import DraftForm
from tracker.web.labels import today
from tracker.workflow import Role, State

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
    wanted = request.args.get("state") or None
    state = State(wanted) if wanted in set(State) else None
    items = queries.all_items(db.session, state)
    return render_template("items/index.html", items=items, state=state, states=list(State),
                           holders=queries.holders(db.session, items))


@bp.route("/items/<int:item_id>")
@login_required
def show(item_id: int):
    item = load_item(item_id)
    return render_template("items/show.html", item=item, d=load_dossier(db.session, item),
                           offers=offers(item, current_user),
                           can_edit=drafts.can_edit(item, current_user))


@bp.route("/items/new", methods=["GET", "POST"])
@login_required
def new_draft():
    if not current_user.has_role(Role.DEPUTY):
        abort(403)
    form = DraftForm().fill_choices(lang())
    if form.validate_on_submit():
        try:
            item = drafts.create_draft(db.session, current_user, form.to_input(), at=now())
            db.session.commit()
        except DomainError as err:
            return _draft_refused(form, err, "items/draft.html")
        flash(_("Draft saved."), "success")
        return redirect(url_for("items.show", item_id=item.id))
    return render_template("items/draft.html", form=form, item=None), _status(form)


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_draft(item_id: int):
    item = load_item(item_id)
    if not drafts.can_edit(item, current_user):
        abort(403)
    form = DraftForm().fill_choices(lang()).load(item)
    if form.validate_on_submit():
        try:
            changed = drafts.edit_draft(db.session, item, current_user, form.to_input(),
                                        at=now())
            db.session.commit()
        except DomainError as err:
            return _draft_refused(form, err, "items/draft.html", item=item)
        flash(_("Draft saved.") if changed else _("Nothing changed."), "success")
        return redirect(url_for("items.show", item_id=item.id))
    return render_template("items/draft.html", form=form, item=item), _status(form)


@bp.route("/items/<int:item_id>/actions/<action>", methods=["GET", "POST"])
@login_required
def act(item_id: int, action: str):
    item = load_item(item_id)
    action = parse_action(action)
    offer = find_offer(item, action)
    if offer is None and request.method == "GET":
        raise NotAllowedNow(f"您当前不能执行“{tr(action)}”。",
                            f"You cannot {tr(action).lower()} now.")
    role = offer.role if offer else None
    spec = spec_for(item.state, action, role)
    form = build_form(spec, item, role, lang(), today())
    error = None
    if form.validate_on_submit():
        try:
            as_role = form.as_role.data or default_role(offer)
            apply(item, action, actor=current_user, as_role=as_role, reason=form.reason.data,
                  data=collect(form, spec))
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
    return render_template("items/action.html", item=item, spec=spec, form=form, role=role,
                           error=error)


def _draft_refused(form, err: DomainError, template: str, item=None):
    db.session.rollback()
    message = err.message(lang())
    target = form._fields.get(err.field) if err.field else None
    if target is not None:
        target.errors = [*target.errors, message]
    return render_template(template, form=form, item=item, error=message), err.http_status


def _status(form) -> int:
    """A form sent with errors is a 400, so tests and scripts see the refusal."""
    return 400 if form.is_submitted() else 200
