"""Forms of the office pages: a congress session's fields and the routing page's filters; shape only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange

from tracker.domain.congress.sessions import FIELDS
from tracker.domain.reads.listing import filter_choices
from tracker.web import page_cache
from tracker.web.i18n import local_name
from tracker.web.items.action_forms import SelectChoice
from tracker.web.labels import CHANNELS
from tracker.workflow import Channel

REQUIRED = _l("This field is required.")
BAD_DATE = _l("Enter a date as YYYY-MM-DD.")


def _date(label):
    return DateField(label, validators=[InputRequired(BAD_DATE)])


class SessionForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(REQUIRED), Length(max=100)])
    ordinal = IntegerField(_l("Meeting number (第N次会议)"),
                           validators=[InputRequired(REQUIRED), NumberRange(min=1, max=99)])
    year = IntegerField(_l("Year"), validators=[InputRequired(REQUIRED),
                                                NumberRange(min=2000, max=2100)])
    collection_opens_on = _date(_l("Advance collection opens"))
    presubmission_deadline_on = _date(_l("Pre-submission deadline"))
    opens_on = _date(_l("Session opens"))
    closes_on = _date(_l("Session closes"))

    def values(self) -> dict:
        return {name: self[name].data for name in FIELDS}


def _id(value: str | None) -> int | None:
    return int(value) if value else None


class RoutingFilterForm(FlaskForm):
    # A GET form: a filtered list can be linked to and changes nothing, so no CSRF token.
    class Meta:
        csrf = False

    session_id = SelectField(_l("Congress session"), default="")
    channel = SelectField(_l("Channel"), default="")
    category_id = SelectField(_l("Category"), default="")

    def fill_choices(self, lang: str) -> RoutingFilterForm:
        every = [SelectChoice("", _l("All"))]
        # The reference rows as read once per data generation (tracker.web.page_cache.reference).
        ref = page_cache.reference("filter_choices", filter_choices)
        self.session_id.choices = every + [SelectChoice(str(s.id), s.name) for s in ref.sessions]
        self.channel.choices = every + [SelectChoice(c.value, CHANNELS[c.value]) for c in Channel]
        self.category_id.choices = every + [SelectChoice(str(c.id), local_name(c)) for c in ref.categories]
        return self

    def filters(self) -> dict:
        """Column conditions for the list; call after validate(), which refused anything not offered."""
        return {"session_id": _id(self.session_id.data),
                "channel": Channel(self.channel.data) if self.channel.data else None,
                "category_id": _id(self.category_id.data)}
