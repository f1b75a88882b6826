"""The office's merge (并案) and convert (转来信处理) pages: their forms, what they show, their one call."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from tracker.domain.core.engine import apply
from tracker.domain.steps import merging
from tracker.extensions import db
from tracker.models import Suggestion
from tracker.web.access import default_role
from tracker.web.i18n import gettext, lang
from tracker.web.labels import today
from tracker.web.params import int_arg
from tracker.web.review.forms import ConvertForm, MergeForm
from tracker.workflow import Action


class MergePage:
    """Merging `item` into a main suggestion the office picks from the candidates."""

    def __init__(self, item, offer):
        self.item, self.offer, self.form = item, offer, MergeForm()
        self.query = request.args.get("q", "").strip()[:100]
        form = self.form
        chosen_id = form.main_item.data if form.is_submitted() else int_arg("main")
        self.main = db.session.get(Suggestion, chosen_id) if chosen_id else None
        self.error, self.status = None, 200
        if chosen_id and (self.main is None or not merging.is_possible_main(item, self.main)):
            self.error, self.status, self.main = _("That suggestion cannot be the main one: choose "
                                                   "another open suggestion that has been sent for "
                                                   "review."), 409, None
        if not form.is_submitted() and self.main is not None:
            form.main_item.data = self.main.id

    def sent(self) -> bool:
        return self.form.validate_on_submit() and self.main is not None

    def apply(self):
        return apply(self.item, Action.MERGE, actor=current_user, as_role=default_role(self.offer),
                     reason=self.form.reason.data, data={"main_item": self.main.id})

    def draw(self, error: str | None = None) -> str:
        item, main = self.item, self.main
        return render_template("review/merge.html", item=item, form=self.form, query=self.query,
                               candidates=merging.merge_candidates(db.session, item, self.query),
                               main=main, error=error or self.error,
                               joining=merging.joining(item, main) if main else [])

    def answer(self):
        """The page as drawn for a look or a send with errors, with its status."""
        status = 400 if self.form.errors and self.status == 200 else self.status
        return self.draw(), status


class ConvertPage:
    """Converting `item` into a deputy's letter, with the written notice to the deputy."""

    def __init__(self, item, offer):
        self.item, self.offer = item, offer
        self.form = form = ConvertForm().fill_choices(lang())
        if not form.is_submitted():
            form.contact_date.data = today()
            form.notice.data = _("Dear %(name)s: after our talk, your suggestion “%(title)s” will "
                                 "be handled as a deputy's letter, not as a suggestion. The office "
                                 "will forward it and tell you the result.",
                                 name=salutation(item.author.name), title=item.title)

    def apply(self):
        return apply(self.item, Action.CONVERT, actor=current_user, as_role=default_role(self.offer),
                     reason=self.form.notice.data, data=self.form.data_for_engine())

    def draw(self, error: str | None = None) -> str:
        return render_template("review/convert.html", item=self.item, form=self.form, error=error)


def salutation(name: str) -> str:
    """In Chinese a deputy is addressed as “<name>代表”; a name that already ends so is kept."""
    return name if name.endswith("代表") else gettext("salutation|%(name)s", name=name)
