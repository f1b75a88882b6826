"""The service accounts' forms: shape only; the domain judges the binding."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length

from tracker.domain.accounts.service import NAME_MAX, Binding
from tracker.web.items.action_forms import SelectChoice


class ServiceAccountForm(FlaskForm):
    name = StringField(_l("System's name"), validators=[InputRequired(_l("This field is required.")),
                                                        Length(max=NAME_MAX)],
                       description=_l("e.g. the unit's OA system, or the 12345 hotline's intake."))
    binding = SelectField(_l("Acts for"), validators=[InputRequired(_l("This field is required."))],
                          description=_l("A unit's system drafts replies and logs contacts as the unit's "
                                         "handler; a station's intake logs opinions there. Neither signs "
                                         "off a reply nor evaluates one."))

    def fill_choices(self, units, stations) -> ServiceAccountForm:
        self.binding.choices = (
            [SelectChoice("", _("Choose…"))]
            + [SelectChoice(f"unit-{u.id}", _("Handling unit: %(name)s (as its handler)", name=u.name))
               for u in units]
            + [SelectChoice(f"station-{s.id}", _("Liaison station: %(name)s (logs opinions)", name=s.name))
               for s in stations])
        return self

    def chosen(self) -> Binding:
        kind, _sep, number = (self.binding.data or "").partition("-")
        return Binding(unit_id=int(number)) if kind == "unit" else Binding(station_id=int(number))


class ConfirmForm(FlaskForm):
    """Carries only the CSRF token (disable)."""
