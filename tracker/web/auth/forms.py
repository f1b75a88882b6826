"""The authenticator's code: shape only (whether it is right is the domain's)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Regexp


class AuthenticatorCodeForm(FlaskForm):
    code = StringField(_l("Code from the authenticator app"), validators=[
        InputRequired(_l("Enter the 6-digit code your authenticator app shows.")),
        Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message=_l("The code has 6 digits."))])
