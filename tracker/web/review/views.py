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
from markupsafe import Markup
from sqlalchemy import select

from tracker.clock import now
from tracker.domain.authoring.diff import diff_fields
from tracker.domain.core.engine import offers
from tracker.domain.reads.dossier import load_dossier
from tracker.domain.reads.review_queue import QueueFilters, layers_for, review_queue
from tracker.domain.steps import merging
from tracker.extensions import db
from tracker.models import Category, SuggestionVersion
from tracker.web import page_cache
from tracker.web.access import load_item, offer_or_refuse
from tracker.web.errors import perform, status_of
from tracker.web.i18n import lang, local_name
from tracker.web.review.forms import QueueFilterForm
from tracker.web.review.pages import ConvertPage, MergePage
from tracker.web.review.rows import queue_rows
from tracker.workflow import Action

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
        page_cache.calendar()
        result = review_queue(db.session, current_user, now(), filters, after=request.args.get("after"))
        return render_template("review/_queue.html", queue=result, filters=filters, rows=queue_rows(result),
                               filter_form=filter_form(form, valid))

    # Drawn once per reviewer (whom they review for), data generation and day (working days).
    body = page_cache.fragment("review", draw, current_user.id)
    return render_template("review/queue.html", body=body), 200 if valid else 400


def filter_form(form: QueueFilterForm, valid: bool) -> Markup:
    """The filter form: the same for every reviewer with the same layers, filters and language,
    so drawn once per data generation while valid; with errors, drawn for this request."""
    def draw(_session=None) -> Markup:
        return Markup(render_template("review/_filters.html", form=form))
    if not valid:
        return draw()
    shown = tuple(sorted((k, v) for k, v in request.args.items(multi=True) if k not in ("after", "lang")))
    layers = tuple(choice.value for choice in form.layer.choices)
    return page_cache.reference("review_filters", draw, lang(), layers, shown)


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
    return render_template("review/review.html", item=item, d=load_dossier(db.session, item, current_user),
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


@bp.route("/review/<int:item_id>/merge", methods=["GET", "POST"])
@login_required
def merge(item_id: int):
    item = load_item(item_id)
    page = MergePage(item, offer_or_refuse(item, Action.MERGE))
    if page.sent():
        perform(page.apply, page=page.draw, form=page.form)
        flash(_("Merged into “%(title)s”.", title=page.main.title), "success")
        return redirect(url_for("items.show", item_id=item.id))
    return page.answer()


@bp.route("/review/<int:item_id>/convert", methods=["GET", "POST"])
@login_required
def convert(item_id: int):
    item = load_item(item_id)
    page = ConvertPage(item, offer_or_refuse(item, Action.CONVERT))
    if page.form.validate_on_submit():
        perform(page.apply, page=page.draw, form=page.form, names={"reason": "notice"})
        flash(_("Converted; the deputy has been given the written notice."), "success")
        return redirect(url_for("items.show", item_id=item.id))
    return page.draw(), status_of(page.form)
