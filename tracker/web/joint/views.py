"""Co-signers page: the lead deputy invites deputies and everyone sees who answered what.

Confirming, declining, proposing and agreeing to a withdrawal use the generic action form
(tracker.web.items); this page only batches invitations. Load (404) -> check (403) -> form ->
one domain call (`perform`, which commits) -> redirect.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.clock import now
from tracker.domain.core.guards import MESSAGES
from tracker.domain.steps import joint, merging
from tracker.extensions import db
from tracker.web.access import find_offer, load_item
from tracker.web.errors import page_of, perform, status_of
from tracker.web.i18n import gettext
from tracker.web.joint.forms import InviteForm
from tracker.workflow import Action

bp = Blueprint("joint", __name__)


@bp.app_context_processor
def _panels():
    # The item page and the home page include the joint panels; they ask for them lazily.
    return {"joint_panel": _panel, "joint_invitations": lambda: joint.invitations_for(
        db.session, current_user)}


def _panel(item) -> dict:
    session = db.session
    held = [(action, guard, gettext(MESSAGES[guard]))
            for action, guard in joint.held_back(session, item, current_user, now())]
    return {"state": joint.joint_state(session, item), "waits": joint.waits_for_cosigners(item),
            "merged_from": merging.merged_from(session, item),
            "conversion": merging.conversion_of(session, item), "held_back": held}


@bp.route("/items/<int:item_id>/cosigners", methods=["GET", "POST"])
@login_required
def cosigners(item_id: int):
    item = load_item(item_id)
    can_invite = find_offer(item, Action.INVITE_COSIGNER) is not None
    candidates = joint.invitable(db.session, item) if can_invite else []
    form = InviteForm().fill_choices(candidates)
    draw = page_of("joint/cosigners.html", item=item, form=form, can_invite=can_invite,
                   candidates=candidates, panel=_panel(item))
    if form.is_submitted() and not can_invite:
        return draw(_not_now()), 409
    if form.validate_on_submit():  # the engine's reason is shown above the form, not on a field
        perform(lambda: joint.invite_cosigners(db.session, item, current_user, form.ids(), at=now()),
                page=draw)
        flash(_("Invitations sent: %(num)s.", num=len(form.ids())), "success")
        return redirect(url_for("joint.cosigners", item_id=item.id))
    return draw(), status_of(form)


def _not_now() -> str:
    return _("Co-signers can be invited only while the draft is with its lead deputy.")
