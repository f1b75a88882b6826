"""Forms of the notice centre: marking all read, and the choice of immediate notices or a digest."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField
from wtforms.validators import InputRequired

from tracker.domain.reminders.preferences import Delivery
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

    @classmethod
    def of(cls, saved: Delivery) -> DeliveryForm:
        """The form showing the saved choices (the sent ones, when sent)."""
        return cls(delivery=DIGEST if saved.digest else IMMEDIATE, by_email=saved.by_email,
                   by_sms=saved.by_sms)

    def wanted(self) -> Delivery:
        return Delivery(digest=self.delivery.data == DIGEST, by_email=bool(self.by_email.data),
                        by_sms=bool(self.by_sms.data))
