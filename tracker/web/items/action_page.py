"""One action on one item as a page: the form the table's rows shape, drawn, and read into `apply`."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from tracker.domain.congress import return_reasons
from tracker.domain.core.engine import apply
from tracker.domain.reads import action_help
from tracker.extensions import db
from tracker.web.access import default_role
from tracker.web.attachments.forms import files_of, limits
from tracker.web.i18n import lang
from tracker.web.items.action_forms import WITH_ATTACHMENTS, build_form, collect, seen, spec_for
from tracker.web.labels import today
from tracker.workflow import Role, State, rows_for


class ActionPage:
    """The generic action form of `action` on `item`, for the user's offer (None: not offered now)."""

    def __init__(self, item, action, offer):
        self.item, self.action, self.offer = item, action, offer
        self.role = offer.role if offer else _posted_role()
        self.spec = spec_for(self._form_state(), action, self.role)
        self.rules = limits()
        # A layer's return: its standard reasons to pick, beside the reviewer's own words.
        self.layer = self._form_state()
        standard = (return_reasons.reasons_for(db.session, self.layer)
                    if return_reasons.offers_reasons(self.layer, action) else [])
        self.form = build_form(self.spec, item, self.role, lang(), today(), self.rules,
                               preset={"promise": request.args.get("promise")}, standard=standard)

    def _form_state(self) -> State:
        """The state whose rows shape the form: on a send from a stale page, the one the user saw,
        so every field they typed into is drawn again with its text."""
        if self.offer is None and request.method == "POST":
            wanted = request.form.get("seen_state")
            if wanted in set(State) and rows_for(State(wanted), self.action):
                return State(wanted)
        return self.item.state

    def sent(self) -> bool:
        """Sent, and valid or from a stale page: the engine refuses a stale page first, judging
        nothing of the input (the CSRF token is always checked)."""
        form = self.form
        if not form.is_submitted():
            return False
        valid = form.validate()
        stale = seen(form)[0] not in (None, self.item.lock_version)
        return valid or (stale and "csrf_token" not in form.errors)

    def apply(self):
        form = self.form
        files = files_of(form.attachments, self.rules) if self.action in WITH_ATTACHMENTS else None
        reason = form.reason.data
        if "standard_reasons" in form:
            reason = return_reasons.compose(db.session, self.layer, form.standard_reasons.data, reason)
        return apply(self.item, self.action, actor=current_user,
                     as_role=form.as_role.data or default_role(self.offer), reason=reason,
                     data=collect(form, self.spec), seen_version=seen(form)[0], files=files)

    def draw(self, error: str | None = None) -> str:
        # The help above the form (templates/supervision/help/) is loaded here, never by a template.
        return render_template("items/action.html", item=self.item, spec=self.spec, form=self.form,
                               role=self.offer.role if self.offer else None, error=error,
                               limits=self.rules,
                               help=action_help.help_for(db.session, self.item, self.action))


def _posted_role() -> Role | None:
    wanted = request.form.get("as_role") if request.method == "POST" else None
    return Role(wanted) if wanted in set(Role) else None
