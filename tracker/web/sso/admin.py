"""The congress administrator's single sign-on page (/admin/sso): its providers and who linked one."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from tracker.clock import now
from tracker.domain.accounts import sso
from tracker.extensions import db
from tracker.models import SsoLink, SsoProvider
from tracker.web.access import require_role
from tracker.web.errors import page_of, perform, status_of
from tracker.web.sso.client import callback_url
from tracker.web.sso.forms import ProviderForm
from tracker.workflow import Role

bp = Blueprint("admin_sso", __name__, url_prefix="/admin")


@bp.route("/sso")
@login_required
def index():
    require_role(Role.ADMIN)
    counts = dict(db.session.execute(select(SsoLink.provider_id, func.count(SsoLink.id))
                                     .group_by(SsoLink.provider_id)).all())
    return render_template("admin/sso/index.html", providers=sso.providers(db.session, enabled_only=False),
                           counts=counts, redirect_uri=callback_url())


@bp.route("/sso/new", methods=["GET", "POST"], defaults={"provider_id": None})
@bp.route("/sso/<int:provider_id>", methods=["GET", "POST"])
@login_required
def edit(provider_id: int | None):
    require_role(Role.ADMIN)
    provider = None
    if provider_id is not None and (provider := db.session.get(SsoProvider, provider_id)) is None:
        abort(404)
    form = ProviderForm(obj=provider)
    draw = page_of("admin/sso/form.html", form=form, provider=provider,
                   redirect_uri=callback_url())
    if not form.validate_on_submit():
        return draw(), status_of(form)
    perform(lambda: sso.save_provider(db.session, provider, form.settings(), actor=current_user,
                                      at=now(), secret_key=current_app.config["SECRET_KEY"]),
            page=draw, form=form)
    flash(_("The sign-in provider is saved."), "success")
    return redirect(url_for("admin_sso.index"))
