"""Shared guards of the web layer: the item loader (404 when missing, 403 when not yours), role pages."""

from __future__ import annotations

from flask import abort, request
from flask_login import current_user

from tracker.domain.core.engine import Offer, offers
from tracker.domain.errors import NotAllowedNow, UnknownAction
from tracker.domain.reads.queries import can_see
from tracker.extensions import db
from tracker.models import Suggestion
from tracker.workflow import Action, Role
from tracker.workflow.i18n import N_


def load_item(item_id: int) -> Suggestion:
    item = db.session.get(Suggestion, item_id)
    if item is None:
        abort(404)
    if not can_see(db.session, current_user, item):
        abort(403)
    return item


def parse_action(code: str) -> Action:
    try:
        return Action(code)
    except ValueError:
        raise UnknownAction(N_("Unknown action: %(code)s"), code=code) from None


def find_offer(item: Suggestion, action: Action) -> Offer | None:
    """The button the page showed for this action, if the user has one."""
    return next((o for o in offers(item, current_user) if o.action is action), None)


def offer_or_refuse(item: Suggestion, action: Action) -> Offer | None:
    """The user's offer for this action; a GET without one is refused with the table's reason
    (a send without one goes on to the engine, which says why: a stale page, a lost race)."""
    offer = find_offer(item, action)
    if offer is None and request.method == "GET":
        raise NotAllowedNow(N_("You cannot %(action)s now."), action=action)
    return offer


def default_role(offer: Offer | None):
    """The role to act as when the request names none: the offered one, else any held."""
    if offer is not None:
        return offer.role
    roles = sorted(current_user.roles)
    return roles[0] if roles else None


def require_role(role: Role) -> None:
    """A page for one role only: anyone else gets 403."""
    if not current_user.has_role(role):
        abort(403)
