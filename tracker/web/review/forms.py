"""Forms of the reviewer pages: the queue's filters, merge and convert; shape only, the engine decides."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from tracker.domain.reads.listing import Choice, filter_choices
from tracker.domain.reads.review_queue import QueueFilters
from tracker.models import DeputyGroup
from tracker.web import page_cache
from tracker.web.i18n import choice_label, local_name, tr
from tracker.web.items.action_forms import SelectChoice
from tracker.web.labels import CHANNELS
from tracker.workflow import FIELDS, Channel, Field, State


def _groups(session) -> list[Choice]:
    return [Choice(*r) for r in session.execute(select(DeputyGroup.id, DeputyGroup.name)
                                                .order_by(DeputyGroup.id))]


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
        # The reference rows as read once per data generation (tracker.web.page_cache.reference).
        ref = page_cache.reference("filter_choices", filter_choices)
        self.layer.choices = every + [SelectChoice(s.value, tr(s)) for s in layers]
        self.session_id.choices = every + [SelectChoice(str(s.id), s.name) for s in ref.sessions]
        self.channel.choices = every + [SelectChoice(c.value, CHANNELS[c.value]) for c in Channel]
        self.category_id.choices = every + [SelectChoice(str(c.id), local_name(c)) for c in ref.categories]
        self.group_id.choices = every + [SelectChoice(str(g.id), g.name)
                                         for g in page_cache.reference("deputy_groups", _groups)]
        return self

    def to_filters(self) -> QueueFilters:
        """The filters; call after validate(), which has refused anything not offered."""
        return QueueFilters(layer=State(self.layer.data) if self.layer.data else None,
                            session_id=_id(self.session_id.data),
                            channel=Channel(self.channel.data) if self.channel.data else None,
                            category_id=_id(self.category_id.data), group_id=_id(self.group_id.data),
                            min_waiting=self.min_waiting.data)


class MergeForm(FlaskForm):
    """并案: the main suggestion and why; the engine checks the main one is still open."""

    main_item = IntegerField(_l("Main suggestion"), validators=[InputRequired(
        _l("Choose the main suggestion."))], widget=HiddenInput())
    reason = TextAreaField(_l("Why the two are merged"),
                           validators=[InputRequired(_l("This field is required.")),
                                       Length(max=5000)])


def _choices(field: Field, lang: str) -> list:
    return [SelectChoice(choice[0], choice_label(field, choice[0])) for choice in FIELDS[field].options]


class ConvertForm(FlaskForm):
    """转来信处理: the talk with the deputy on record, and the written notice they receive."""

    convert_to = RadioField(_l("Convert to"), default="letter",
                            validators=[InputRequired(_l("This field is required."))])
    contact_date = DateField(_l("Date of the talk"),
                             validators=[InputRequired(_l("Enter a date as YYYY-MM-DD."))])
    contact_way = RadioField(_l("How the office talked with the deputy"),
                             validators=[InputRequired(_l("This field is required."))])
    talk_record = TextAreaField(_l("What was said (summary)"),
                                validators=[InputRequired(_l("This field is required.")),
                                            Length(max=5000)])
    notice = TextAreaField(_l("Written notice to the deputy"),
                           validators=[InputRequired(_l("This field is required.")),
                                       Length(max=5000)],
                           description=_l("The deputy reads this on the item page and is notified."))

    def fill_choices(self, lang: str) -> ConvertForm:
        self.convert_to.choices = _choices(Field.CONVERT_TO, lang)
        self.contact_way.choices = _choices(Field.CONTACT_WAY, lang)
        return self

    def data_for_engine(self) -> dict:
        return {"convert_to": self.convert_to.data, "contact_way": self.contact_way.data,
                "contact_date": self.contact_date.data.isoformat(),
                "talk_record": self.talk_record.data.strip()}
