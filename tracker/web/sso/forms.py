"""The single sign-on provider form: shape only; the issuer's scheme and the scopes are the domain's."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional

from tracker.domain.accounts.sso import ProviderSettings


class ProviderForm(FlaskForm):
    name = StringField(_l("Name on the sign-in button"), validators=[DataRequired(), Length(max=60)],
                       description=_l("For example: the government's unified identity service"))
    issuer = StringField(_l("Issuer or discovery URL"), validators=[DataRequired(), Length(max=300)],
                         description=_l("https://… — its /.well-known/openid-configuration is read"))
    client_id = StringField(_l("Client ID"), validators=[DataRequired(), Length(max=200)])
    # Never drawn with its value: a saved secret is not shown again, an empty field keeps it.
    client_secret = PasswordField(_l("Client secret"), validators=[Optional(), Length(max=500)])
    scopes = StringField(_l("Scopes"), default="openid profile",
                         validators=[DataRequired(), Length(max=200)])
    is_enabled = BooleanField(_l("Offered on the sign-in page"), default=True)

    def settings(self) -> ProviderSettings:
        return ProviderSettings(name=self.name.data, issuer=self.issuer.data,
                                client_id=self.client_id.data, client_secret=self.client_secret.data or "",
                                scopes=self.scopes.data, is_enabled=self.is_enabled.data)
