"""Service accounts, by the congress's administrator: make one bound to a unit or a station, issue
and revoke its tokens (each secret shown once), disable it. Views thin; rules in
tracker.domain.accounts.service."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.clock import now
from tracker.domain.accounts import service, tokens
from tracker.extensions import db
from tracker.web.access import require_role
from tracker.web.admin_service.forms import ConfirmForm, ServiceAccountForm
from tracker.web.errors import perform, status_of
from tracker.web.profile.api_tokens import shown_once
from tracker.web.profile.token_forms import ApiTokenForm, RevokeTokenForm
from tracker.workflow import Role

bp = Blueprint("admin_service", __name__, url_prefix="/admin/service-accounts")


def _index(form, error=None):
    return render_template("admin/service/index.html", form=form, error=error,
                           accounts=service.service_accounts(db.session))


def _account(account_id: int):
    require_role(Role.ADMIN)
    account = service.service_account(db.session, account_id)
    if account is None:
        abort(404)
    return account


def _detail(account, token_form=None, error=None, new_token=None):
    return render_template("admin/service/account.html", account=account, error=error,
                           api_tokens=tokens.tokens_of(db.session, account.user),
                           token_form=token_form or ApiTokenForm(formdata=None),
                           revoke_form=RevokeTokenForm(formdata=None),
                           disable_form=ConfirmForm(formdata=None),
                           new_token=new_token, at=now())


@bp.route("", methods=["GET", "POST"])
@login_required
def index():
    require_role(Role.ADMIN)
    form = ServiceAccountForm().fill_choices(*service.bindings(db.session))
    if not form.validate_on_submit():
        return _index(form), status_of(form)
    account = perform(lambda: service.create_service_account(db.session, current_user, name=form.name.data,
                                                             binding=form.chosen(), at=now()),
                      page=lambda error=None: _index(form, error), form=form,
                      names={"unit_id": "binding", "station_id": "binding"})
    flash(_("Service account created; issue it a token below."), "success")
    return redirect(url_for("admin_service.show", account_id=account.id))


@bp.route("/<int:account_id>")
@login_required
def show(account_id: int):
    return _detail(_account(account_id))


@bp.route("/<int:account_id>/tokens", methods=["POST"])
@login_required
def issue(account_id: int):
    account = _account(account_id)
    form = ApiTokenForm()
    if not form.validate_on_submit():
        return _detail(account, token_form=form), status_of(form)
    _row, secret = perform(lambda: service.issue_token(
        db.session, current_user, account, name=form.name.data, scopes=form.scopes(),
        days=int(form.days.data), at=now()), page=lambda error=None: _detail(account, form, error), form=form)
    return shown_once(_detail(account, new_token=secret))


@bp.route("/<int:account_id>/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(account_id: int, token_id: int):
    account = _account(account_id)
    if not RevokeTokenForm().validate_on_submit():
        abort(400)
    perform(lambda: service.revoke_token(db.session, current_user, account, token_id, at=now()))
    flash(_("The token is revoked: it opens nothing from now on."), "success")
    return redirect(url_for("admin_service.show", account_id=account.id))


@bp.route("/<int:account_id>/disable", methods=["POST"])
@login_required
def disable(account_id: int):
    account = _account(account_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    ended = perform(lambda: service.disable_service_account(db.session, current_user, account, at=now()))
    flash(_("Service account disabled; tokens revoked: %(num)d.", num=ended), "success")
    return redirect(url_for("admin_service.index"))
