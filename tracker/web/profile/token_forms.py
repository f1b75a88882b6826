"""The API token forms, shared by the profile page and the administrator's service accounts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from tracker.domain.accounts import tokens
from tracker.web.items.action_forms import SelectChoice

DAYS = (30, tokens.DEFAULT_DAYS, 180, tokens.MAX_DAYS)


class ApiTokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[InputRequired(_l("This field is required.")),
                                                     Length(max=tokens.NAME_MAX)],
                       description=_l("What uses it, e.g. the unit's OA system."))
    read = BooleanField(_l("Read (look items up)"), default=True)
    act = BooleanField(_l("Act (take actions as me)"))
    days = SelectField(_l("Expires after"), default=str(tokens.DEFAULT_DAYS),
                       choices=[SelectChoice(str(d), _l("%(num)d days", num=d)) for d in DAYS])

    def scopes(self) -> list[str]:
        return [s for s in tokens.SCOPES if getattr(self, s).data]


class RevokeTokenForm(FlaskForm):
    """Carries only the CSRF token."""
