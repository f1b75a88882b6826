"""Forms of the notice centre: marking all read, and the choice of immediate notices or a digest."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField
from wtforms.validators import InputRequired

from tracker.web.items.action_forms import SelectChoice

IMMEDIATE, DIGEST = "immediate", "digest"


class MarkAllReadForm(FlaskForm):
    """Carries only the CSRF token."""


class DeliveryForm(FlaskForm):
    delivery = RadioField(_l("How would you like to be notified?"),
                          validators=[InputRequired(_l("This field is required."))],
                          choices=[SelectChoice(IMMEDIATE, _l("Immediate notices")),
                                   SelectChoice(DIGEST, _l("One digest per working day"))])

    by_email = BooleanField(_l("By email"))
    by_sms = BooleanField(_l("By SMS"))

    @property
    def wants_digest(self) -> bool:
        return self.delivery.data == DIGEST
