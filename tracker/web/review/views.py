"""Reviewer pages: the queue of each layer, the review page of one draft, comparing versions, and
the office's merge (并案) and convert (转来信处理) pages.

Views follow the items pattern: load (404) -> check access (403) -> form -> one engine call ->
commit -> redirect. Pass and return use the generic action form; merge and convert have their own
pages because they need candidates, a side-by-side view and a record of the talk.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.clock import now
from tracker.domain.authoring.diff import diff_fields
from tracker.domain.core.engine import apply, offers
from tracker.domain.errors import DomainError, NotAllowedNow
from tracker.domain.reads.dossier import load_dossier
from tracker.domain.reads.review_queue import QueueFilters, layers_for, review_queue
from tracker.domain.steps import merging
from tracker.extensions import db
from tracker.models import Category, Suggestion, SuggestionVersion
from tracker.web import page_cache
from tracker.web.access import default_role, find_offer, load_item
from tracker.web.i18n import gettext, lang, local_name
from tracker.web.labels import today
from tracker.web.review.forms import ConvertForm, MergeForm, QueueFilterForm
from tracker.workflow import DEADLINE_SPEC, LAYER_DEADLINE, Action
from tracker.workflow.i18n import N_

bp = Blueprint("review", __name__)


@bp.app_context_processor
def _nav():
    # base.html shows the queue link to whoever reviews a layer.
    return {"review_layers": layers_for}


def _require_reviewer() -> None:
    if not layers_for(current_user):
        abort(403)


@bp.route("/review")
@login_required
def queue():
    _require_reviewer()
    form = QueueFilterForm(formdata=request.args).fill_choices(layers_for(current_user), lang())
    valid = form.validate()
    filters = form.to_filters() if valid else QueueFilters()

    def draw() -> str:
        result = review_queue(db.session, current_user, now(), filters, after=request.args.get("after"))
        limits = {layer: DEADLINE_SPEC[LAYER_DEADLINE[layer]].amount for layer in result.layers}
        return render_template("review/_queue.html", form=form, queue=result, filters=filters,
                               limits=limits)

    # A reviewer's queue depends on whom they review for (layers, group, committee): drawn once
    # per reviewer, data generation and day (waiting is counted in working days).
    body = page_cache.fragment("review", draw, current_user.id)
    return render_template("review/queue.html", body=body), 200 if valid else 400


@bp.route("/review/<int:item_id>")
@login_required
def review(item_id: int):
    item = load_item(item_id)
    _require_reviewer()
    versions = item.versions
    current, previous = (versions[-1] if versions else None), (
        versions[-2] if len(versions) > 1 else None)
    diff = _diff(previous, current) if previous else None
    offered = offers(item, current_user)
    # The office checks for duplicates before it passes a draft (DOMAIN §3), and may merge.
    similar = merging.merge_candidates(db.session, item, limit=5) if any(
        o.action is Action.MERGE for o in offered) else []
    return render_template("review/review.html", item=item, d=load_dossier(db.session, item),
                           offers=offered, current=current, previous=previous, diff=diff,
                           similar=similar)


@bp.route("/items/<int:item_id>/compare")
@login_required
def compare(item_id: int):
    item = load_item(item_id)
    by_number = {v.number: v for v in item.versions}
    numbers = sorted(by_number)
    a, b = _number("a"), _number("b")
    if b is None:
        b = numbers[-1] if numbers else None
    if a is None:
        a = max((n for n in numbers if b is not None and n < b), default=None)
    if (a is not None and a not in by_number) or (b is not None and b not in by_number):
        abort(404)
    old, new = by_number.get(a), by_number.get(b)
    diff = _diff(old, new) if old and new else None
    return render_template("review/compare.html", item=item, old=old, new=new, diff=diff,
                           numbers=numbers)


def _number(name: str) -> int | None:
    """A version number from the query string: absent is None, anything but digits is a 400."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit():
        abort(400)
    return int(raw)


def _diff(old: SuggestionVersion, new: SuggestionVersion):
    ids = {old.category_id, new.category_id} - {None}
    names = {c.id: local_name(c) for c in db.session.scalars(
        select(Category).where(Category.id.in_(ids)))} if ids else {}

    def fields(v: SuggestionVersion) -> dict[str, str]:
        return {"title": v.title, "category": names.get(v.category_id, ""), "reasons": v.reasons,
                "proposals": v.proposals}
    return diff_fields(fields(old), fields(new))


def _offer_or_refuse(item, action: Action):
    """The office's offer for this action; a GET without one is refused with the table's reason."""
    offer = find_offer(item, action)
    if offer is None and request.method == "GET":
        raise NotAllowedNow(N_("You cannot %(action)s now."), action=action)
    return offer


@bp.route("/review/<int:item_id>/merge", methods=["GET", "POST"])
@login_required
def merge(item_id: int):
    item = load_item(item_id)
    offer = _offer_or_refuse(item, Action.MERGE)
    form = MergeForm()
    query = request.args.get("q", "").strip()[:100]
    chosen_id = form.main_item.data if form.is_submitted() else request.args.get("main", type=int)
    main = db.session.get(Suggestion, chosen_id) if chosen_id else None
    error, status = None, 200
    if chosen_id and (main is None or not merging.is_possible_main(item, main)):
        error, status, main = _("That suggestion cannot be the main one: choose another open "
                                "suggestion that has been sent for review."), 409, None
    if form.validate_on_submit() and main is not None:
        try:
            apply(item, Action.MERGE, actor=current_user, as_role=default_role(offer),
                  reason=form.reason.data, data={"main_item": main.id})
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            error, status = err.message(lang()), err.http_status
        else:
            flash(_("Merged into “%(title)s”.", title=main.title), "success")
            return redirect(url_for("items.show", item_id=item.id))
    if not form.is_submitted() and main is not None:
        form.main_item.data = main.id
    candidates = merging.merge_candidates(db.session, item, query)
    if form.errors and status == 200:
        status = 400
    return render_template("review/merge.html", item=item, form=form, query=query,
                           candidates=candidates, main=main, error=error,
                           joining=merging.joining(item, main) if main else []), status


@bp.route("/review/<int:item_id>/convert", methods=["GET", "POST"])
@login_required
def convert(item_id: int):
    item = load_item(item_id)
    offer = _offer_or_refuse(item, Action.CONVERT)
    form = ConvertForm().fill_choices(lang())
    if not form.is_submitted():
        form.contact_date.data = today()
        form.notice.data = _("Dear %(name)s: after our talk, your suggestion “%(title)s” will be "
                             "handled as a deputy's letter, not as a suggestion. The office will "
                             "forward it and tell you the result.",
                             name=_salutation(item.author.name), title=item.title)
    error, status = None, 200
    if form.validate_on_submit():
        try:
            apply(item, Action.CONVERT, actor=current_user, as_role=default_role(offer),
                  reason=form.notice.data, data=form.data_for_engine())
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            error, status = _place(form, err), err.http_status
        else:
            flash(_("Converted; the deputy has been given the written notice."), "success")
            return redirect(url_for("items.show", item_id=item.id))
    if form.errors and status == 200:
        status = 400
    return render_template("review/convert.html", item=item, form=form, error=error), status


def _place(form, err: DomainError) -> str:
    message = err.message(lang())
    name = "notice" if err.field == "reason" else err.field
    target = form._fields.get(name) if name else None
    if target is not None:
        target.errors = [*target.errors, message]
    return message


def _salutation(name: str) -> str:
    """In Chinese a deputy is addressed as “<name>代表”; a name that already ends so is kept."""
    return name if name.endswith("代表") else gettext("salutation|%(name)s", name=name)
