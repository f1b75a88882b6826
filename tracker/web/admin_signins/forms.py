"""The sign-in log's filters and the second-step setting: shape only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from tracker.domain.people.sign_ins import AttemptFilter
from tracker.models import SignInOutcome
from tracker.web.items.action_forms import SelectChoice

OUTCOME_LABELS = {SignInOutcome.SUCCESS: _l("Signed in"), SignInOutcome.FAILURE: _l("Wrong password or code"),
                  SignInOutcome.DELAYED: _l("Delayed (too many failures)"),
                  SignInOutcome.LOCKED: _l("Locked (too many failures from the address)"),
                  SignInOutcome.SECOND_STEP: _l("Password right, second step asked")}


class AttemptFilterForm(FlaskForm):
    """A GET query: no token."""

    class Meta:
        csrf = False

    who = StringField(_l("Username or name"), validators=[Length(max=60)])
    outcome = SelectField(_l("Outcome"), default="",
                          choices=[SelectChoice("", _l("All"))]
                          + [SelectChoice(o.value, label) for o, label in OUTCOME_LABELS.items()])
    page = IntegerField(validators=[Optional(), NumberRange(1, 10_000)])

    def chosen(self) -> AttemptFilter:
        return AttemptFilter(outcome=SignInOutcome(self.outcome.data) if self.outcome.data else None,
                             who=self.who.data or "", page=self.page.data or 1)


class SecondStepSettingForm(FlaskForm):
    required = BooleanField(_l("Require an authenticator app's code after the password for office staff, "
                               "supervisors and administrators"))
