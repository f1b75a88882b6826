"""Forms of publishing and withdrawing the yearly report (POST, CSRF); shape only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from tracker.domain.publication.reports import MAX_REASON


class PublishForm(FlaskForm):
    # The scope and the fingerprint of the numbers the office saw travel with the confirmation.
    session_id = IntegerField(widget=HiddenField.widget, validators=[Optional()])
    year = IntegerField(widget=HiddenField.widget, validators=[Optional()])
    digest = HiddenField(validators=[InputRequired()])
    confirm = BooleanField(_l("I have checked the text and figures above; publish them."),
                           validators=[DataRequired(_l("Tick the box to confirm what will be published."))])


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_l("Reason for withdrawing (kept in the record, not shown to the public)"),
                           validators=[InputRequired(_l("Give the reason for withdrawing.")),
                                       Length(max=MAX_REASON)])
