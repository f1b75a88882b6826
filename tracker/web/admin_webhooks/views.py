"""The administrator's webhook pages: list, add (secret shown once), edit, deliveries, redeliver, enable."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.clock import now
from tracker.domain.webhooks import endpoints as hooks
from tracker.domain.webhooks import reads
from tracker.domain.webhooks.addresses import AddressPolicy
from tracker.extensions import db
from tracker.models import WebhookEndpoint
from tracker.web.access import require_role
from tracker.web.admin_webhooks.forms import ButtonForm, EndpointForm
from tracker.web.errors import page_of, perform, status_of
from tracker.workflow import Role
from tracker.workflow.webhooks import EVENT_LABELS

bp = Blueprint("admin_webhooks", __name__, url_prefix="/admin/webhooks")
LOG_ROWS = 50  # the delivery log shows the newest deliveries of an endpoint


def _policy() -> AddressPolicy:
    return AddressPolicy.from_config(current_app.config)


def _endpoint(hook_id: int) -> WebhookEndpoint:
    require_role(Role.ADMIN)
    return db.session.get(WebhookEndpoint, hook_id) or abort(404)


@bp.route("")
@login_required
def index():
    require_role(Role.ADMIN)
    return render_template("admin/webhooks/index.html", endpoints=reads.all_endpoints(db.session),
                           pending=reads.pending_counts(db.session), labels=EVENT_LABELS)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    require_role(Role.ADMIN)
    form = EndpointForm().fill_choices()
    draw = page_of("admin/webhooks/form.html", form=form, endpoint=None)
    if not form.validate_on_submit():
        return draw(), status_of(form)
    endpoint, secret = perform(lambda: hooks.create_endpoint(
        db.session, form.settings(), actor=current_user, at=now(),
        secret_key=current_app.config["SECRET_KEY"], policy=_policy()), page=draw, form=form)
    # The secret is drawn on this answer alone: never flashed (a cookie), never shown again.
    return render_template("admin/webhooks/created.html", endpoint=endpoint, secret=secret)


@bp.route("/<int:hook_id>", methods=["GET", "POST"])
@login_required
def edit(hook_id: int):
    endpoint = _endpoint(hook_id)
    form = EndpointForm(obj=endpoint).fill_choices()
    draw = page_of("admin/webhooks/form.html", form=form, endpoint=endpoint,
                   log=reads.delivery_log(db.session, endpoint, LOG_ROWS),
                   labels=EVENT_LABELS, button=ButtonForm(formdata=None))
    if not form.validate_on_submit():
        return draw(), status_of(form)
    perform(lambda: hooks.update_endpoint(db.session, endpoint, form.settings(), actor=current_user,
                                          at=now(), policy=_policy()), page=draw, form=form)
    flash(_("The webhook is saved."), "success")
    return redirect(url_for("admin_webhooks.edit", hook_id=endpoint.id))


@bp.route("/<int:hook_id>/enable", methods=["POST"])
@login_required
def enable(hook_id: int):
    endpoint = _endpoint(hook_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    perform(lambda: hooks.enable_endpoint(db.session, endpoint, actor=current_user, at=now()))
    flash(_("The webhook is switched on; what waited is sent now."), "success")
    return redirect(url_for("admin_webhooks.edit", hook_id=endpoint.id))


@bp.route("/deliveries/<int:delivery_id>/redeliver", methods=["POST"])
@login_required
def redeliver(delivery_id: int):
    require_role(Role.ADMIN)
    if not ButtonForm().validate_on_submit():
        abort(400)
    delivery = perform(lambda: hooks.redeliver(db.session, delivery_id, actor=current_user, at=now()))
    if delivery is None:
        abort(404)
    flash(_("The event will be sent again, with the same webhook-id."), "success")
    return redirect(url_for("admin_webhooks.edit", hook_id=delivery.endpoint_id))
