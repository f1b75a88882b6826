"""The draft form a deputy writes a suggestion in; shape only, the domain checks the rest."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from tracker.domain.drafts import DraftInput
from tracker.extensions import db
from tracker.models import Category, CongressSession, HandlingUnit, Suggestion
from tracker.web.items.action_forms import SelectChoice
from tracker.workflow import Channel

REQUIRED = _l("This field is required.")


def _id(value: str | None) -> int | None:
    return int(value) if value else None


class DraftForm(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(REQUIRED), Length(max=200)])
    reasons = TextAreaField(_l("Reasons"), validators=[InputRequired(REQUIRED),
                                                             Length(max=20000)])
    proposals = TextAreaField(_l("Proposals"), validators=[InputRequired(REQUIRED),
                                                                   Length(max=20000)])
    category_id = SelectField(_l("Category"))
    channel = RadioField(_l("Channel"), default=Channel.BETWEEN.value,
                         validators=[InputRequired(REQUIRED)],
                         choices=[SelectChoice(Channel.SESSION.value, _l("Session suggestion")),
                                  SelectChoice(Channel.BETWEEN.value,
                                               _l("Between-session suggestion"))])
    session_id = SelectField(_l("Congress session"))
    proposed_unit_id = SelectField(_l("Proposed handling unit"))
    origin = TextAreaField(_l("Origin (constituents' opinions, inspections …)"),
                           validators=[Length(max=5000)])

    def fill_choices(self, lang: str) -> DraftForm:
        blank = [SelectChoice("", "—")]
        session = db.session
        self.category_id.choices = blank + [
            SelectChoice(str(c.id), (c.name_en or c.name) if lang == "en" else c.name)
            for c in session.scalars(select(Category).order_by(Category.id))]
        self.session_id.choices = blank + [
            SelectChoice(str(s.id), s.name) for s in session.scalars(
                select(CongressSession).order_by(CongressSession.opens_on.desc()))]
        self.proposed_unit_id.choices = blank + [
            SelectChoice(str(u.id), u.name) for u in session.scalars(
                select(HandlingUnit).order_by(HandlingUnit.id))]
        return self

    def load(self, item: Suggestion) -> DraftForm:
        """Fill from the item on first display (a POST keeps what the user typed)."""
        if not self.is_submitted():
            for name in ("title", "reasons", "proposals", "origin"):
                self[name].data = getattr(item, name)
            self.channel.data = item.channel.value
            for name in ("category_id", "session_id", "proposed_unit_id"):
                value = getattr(item, name)
                self[name].data = str(value) if value else ""
        return self

    def to_input(self) -> DraftInput:
        return DraftInput(title=self.title.data, reasons=self.reasons.data,
                          proposals=self.proposals.data, channel=Channel(self.channel.data),
                          session_id=_id(self.session_id.data),
                          category_id=_id(self.category_id.data),
                          proposed_unit_id=_id(self.proposed_unit_id.data),
                          origin=self.origin.data or "")
