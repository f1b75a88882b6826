"""The queue's filter form, read from the query string; shape only, the queue applies it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from tracker.domain.review_queue import QueueFilters
from tracker.extensions import db
from tracker.models import Category, CongressSession, DeputyGroup
from tracker.web.i18n import tr
from tracker.web.items.action_forms import SelectChoice
from tracker.web.labels import CHANNELS
from tracker.workflow import Channel, State


def _id(value: str | None) -> int | None:
    return int(value) if value else None


class QueueFilterForm(FlaskForm):
    # A GET form: links to a filtered queue can be shared, and nothing changes, so no CSRF token.
    class Meta:
        csrf = False

    layer = SelectField(_l("Layer"), default="")
    session_id = SelectField(_l("Congress session"), default="")
    channel = SelectField(_l("Channel"), default="")
    category_id = SelectField(_l("Category"), default="")
    group_id = SelectField(_l("Deputy group"), default="")
    min_waiting = IntegerField(_l("Waiting at least (working days)"),
                               validators=[Optional(), NumberRange(min=0, max=999)])

    def fill_choices(self, layers: list[State], lang: str) -> QueueFilterForm:
        every = [SelectChoice("", _l("All"))]
        session = db.session
        self.layer.choices = every + [SelectChoice(s.value, tr(s)) for s in layers]
        self.session_id.choices = every + [SelectChoice(str(s.id), s.name) for s in session.scalars(
            select(CongressSession).order_by(CongressSession.opens_on.desc()))]
        self.channel.choices = every + [SelectChoice(c.value, CHANNELS[c.value]) for c in Channel]
        self.category_id.choices = every + [
            SelectChoice(str(c.id), (c.name_en or c.name) if lang == "en" else c.name)
            for c in session.scalars(select(Category).order_by(Category.id))]
        self.group_id.choices = every + [SelectChoice(str(g.id), g.name) for g in session.scalars(
            select(DeputyGroup).order_by(DeputyGroup.id))]
        return self

    def to_filters(self) -> QueueFilters:
        """The filters; call after validate(), which has refused anything not offered."""
        return QueueFilters(layer=State(self.layer.data) if self.layer.data else None,
                            session_id=_id(self.session_id.data),
                            channel=Channel(self.channel.data) if self.channel.data else None,
                            category_id=_id(self.category_id.data), group_id=_id(self.group_id.data),
                            min_waiting=self.min_waiting.data)
