"""The webhook endpoint form: shape only; the address's rules and the types' check are the domain's."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length

from tracker.domain.webhooks.endpoints import EndpointSettings
from tracker.web.i18n import tr
from tracker.web.items.action_forms import SelectChoice
from tracker.workflow.webhooks import EVENT_LABELS, EVENT_TYPES


class EndpointForm(FlaskForm):
    url = StringField(
        _l("Address (URL)"),
        validators=[InputRequired(_l("This field is required.")), Length(max=500)],
        description=_l("https://… — it receives a signed POST for each event chosen below"),
    )
    description = StringField(_l("What it is for"), validators=[Length(max=200)])
    event_types = SelectMultipleField(_l("Events"), choices=[])
    is_enabled = BooleanField(_l("Switched on"), default=True)

    def fill_choices(self) -> EndpointForm:
        self.event_types.choices = [SelectChoice(t, f"{tr(t, EVENT_LABELS)} ({t})") for t in EVENT_TYPES]
        return self

    def settings(self) -> EndpointSettings:
        return EndpointSettings(
            url=self.url.data or "",
            description=self.description.data or "",
            event_types=tuple(self.event_types.data or ()),
            is_enabled=self.is_enabled.data,
        )


class ButtonForm(FlaskForm):
    """Carries only the CSRF token (switch on again, redeliver)."""
