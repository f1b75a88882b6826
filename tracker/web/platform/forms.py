"""Forms of the platform pages: a congress's names and its administrator; shape only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from tracker.domain.congress.founding import Charter
from tracker.web.items.action_forms import options

REQUIRED = _l("This field is required.")
LEVEL_CHOICES = options([("county", _l("County or district")), ("city", _l("City")),
                         ("province", _l("Province"))])


class CongressForm(FlaskForm):
    code = StringField(_l("Code (in public links)"), validators=[InputRequired(REQUIRED), Length(max=40)])
    name = StringField(_l("Full name"), validators=[InputRequired(REQUIRED), Length(max=100)])
    short_name = StringField(_l("Short name"), validators=[InputRequired(REQUIRED), Length(max=40)])
    place = StringField(_l("Place name"), validators=[InputRequired(REQUIRED), Length(max=40)])
    office_name = StringField(_l("Office on notices"), validators=[Optional(), Length(max=60)])
    name_en = StringField(_l("Full name in English"), validators=[Optional(), Length(max=120)])
    short_name_en = StringField(_l("Short name in English"), validators=[Optional(), Length(max=60)])
    place_en = StringField(_l("Place in English"), validators=[Optional(), Length(max=60)])
    level = SelectField(_l("Level"), choices=LEVEL_CHOICES, default="county")

    def charter(self) -> Charter:
        return Charter(**{name: (self[name].data or "").strip() for name in (
            "code", "name", "short_name", "place", "office_name", "name_en", "short_name_en",
            "place_en", "level")})


class AdministratorForm(FlaskForm):
    username = StringField(_l("Username"), validators=[InputRequired(REQUIRED), Length(max=40)])
    admin_name = StringField(_l("Name (for a new account)"), validators=[Optional(), Length(max=40)])
    password = PasswordField(_l("Password (for a new account, at least 10 characters)"),
                             validators=[Optional(), Length(max=200)])


class FoundingForm(CongressForm, AdministratorForm):
    """A new congress and its first administrator, on one page."""
