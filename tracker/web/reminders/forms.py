"""Forms of the reminder admin pages: shape only; the rules (order, bounds) are the domain's."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, FieldList, FormField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional, Regexp

from tracker.domain.reminders.ladder import Step
from tracker.models.reminder import Audience
from tracker.web.items.action_forms import SelectChoice

HHMM = Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message=_l("Use the form HH:MM, e.g. 08:30."))
AUDIENCES = [SelectChoice("", _l("(no step)")),
             SelectChoice(Audience.OWNER.value, _l("Whoever owes the step")),
             SelectChoice(Audience.UNIT_LEADER.value, _l("The unit's leader")),
             SelectChoice(Audience.OFFICE.value, _l("The deputies' affairs office")),
             SelectChoice(Audience.SUPERVISORS.value, _l("The supervisors (council)"))]
MAX_STEPS = 8
ADDRESS = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter an email address."))


class HoursForm(FlaskForm):
    quiet_hours = BooleanField(_l("Send only on working days, within working hours"))
    day_starts = StringField(_l("Working day starts"), validators=[InputRequired(), HHMM])
    day_ends = StringField(_l("Working day ends"), validators=[InputRequired(), HHMM])


class StepForm(FlaskForm):
    class Meta:
        csrf = False  # a sub-form: the page's form carries the token

    audience = SelectField(_l("Remind whom"), choices=AUDIENCES, validators=[Optional()])
    offset = IntegerField(_l("Working days from the due day"),
                          validators=[Optional(), NumberRange(-10, 60)])
    key_offset = IntegerField(_l("For key-supervised items"), validators=[Optional(), NumberRange(-10, 60)])


class LadderForm(FlaskForm):
    steps = FieldList(FormField(StepForm), min_entries=MAX_STEPS, max_entries=MAX_STEPS)

    def load(self, steps: list[Step]) -> LadderForm:
        """The page's first look: the stored steps in the rows."""
        if not self.is_submitted():
            for entry, step in zip(self.steps.entries, steps, strict=False):
                entry.form.audience.data = str(step.audience)
                entry.form.offset.data, entry.form.key_offset.data = step.offset, step.key_offset
        return self

    def sent_steps(self) -> list[Step] | None:
        """The ticked rows as steps, or None with the rows' errors marked (shape only)."""
        if not self.validate_on_submit():
            return None
        steps, bad = [], False
        for entry in self.steps.entries:
            f = entry.form
            if not f.audience.data:
                continue
            if f.offset.data is None:
                f.offset.errors.append(_("Give the number of working days."))
                bad = True
                continue
            key = f.key_offset.data if f.key_offset.data is not None else f.offset.data
            steps.append(Step(len(steps) + 1, f.offset.data, key, Audience(f.audience.data)))
        if not steps and not bad:
            self.form_errors.append(_("Keep at least one step, or reset to the default ladder."))
            bad = True
        return None if bad else steps

    def place_error(self, err, message: str) -> str:
        """The domain judges the steps together: its message stands above them."""
        self.form_errors.append(message)
        return message


class TestEmailForm(FlaskForm):
    to = EmailField(_l("Send a test email to"), validators=[InputRequired(), ADDRESS])


class ResetForm(FlaskForm):
    """Carries only the CSRF token."""
