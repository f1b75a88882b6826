"""The invitation form: which deputies to invite; shape only, the engine decides."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.validators import InputRequired

from tracker.domain.steps.joint import Candidate
from tracker.web.items.action_forms import SelectChoice
from tracker.web.params import to_ids


class InviteForm(FlaskForm):
    # The engine says why a deputy cannot be invited; WTForms' "not a valid choice" would not.
    cosigners = SelectMultipleField(_l("Deputies to invite"), validate_choice=False,
                                    validators=[InputRequired(_l("Choose at least one deputy."))])

    def fill_choices(self, candidates: list[Candidate]) -> InviteForm:
        self.cosigners.choices = [SelectChoice(str(c.id), c.name) for c in candidates]
        return self

    def ids(self) -> list[int]:
        return to_ids(self.cosigners.data)
