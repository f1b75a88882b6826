"""Forms of the rules and calendar pages: shape only; bounds and the file's rows are the domain's."""

from __future__ import annotations

from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from tracker.web.items.action_forms import SelectChoice
from tracker.workflow import Unit

UNITS = [SelectChoice(Unit.WORKING_DAYS.value, _l("working days")),
         SelectChoice(Unit.MONTHS.value, _l("months")),
         SelectChoice(Unit.CALENDAR_DAYS.value, _l("calendar days"))]
WHOLE = _l("Give a whole number from %(min)s to %(max)s.")


class RuleForm(FlaskForm):
    amount = IntegerField(_l("Period"), validators=[InputRequired(_l("Give the period.")),
                                                    NumberRange(1, 366, message=WHOLE)])
    unit = SelectField(_l("Counted in"), choices=UNITS, validators=[InputRequired()])
    basis = StringField(_l("Local rule it follows (optional)"), validators=[Optional(), Length(max=200)],
                        description=_l("For example: article 10 of the local measures for handling "
                                       "deputies' suggestions"))


class ResetForm(FlaskForm):
    """Carries only the CSRF token."""


class YearForm(FlaskForm):
    """The year the calendar page shows (a GET query: no token)."""

    class Meta:
        csrf = False

    year = IntegerField(_l("Year"), validators=[Optional()])

    def chosen(self, years: range, default: int) -> int:
        """The asked year when it is one the page offers; else `default`, the reason on the field."""
        if not self.validate() or self.year.data is None:
            return default
        if self.year.data not in years:
            self.year.errors.append(_("Choose a year from %(least)s to %(most)s.", least=years.start,
                                      most=years.stop - 1))
            return default
        return self.year.data


class UploadForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[InputRequired(_l("Give the year.")),
                                                NumberRange(2004, 2100, message=WHOLE)])
    file = FileField(_l("Official schedule (.csv or .xlsx)"),
                     validators=[FileRequired(_l("Choose a file to upload."))])

    def content(self, limit: int) -> tuple[str, bytes]:
        """The sent file's name and up to `limit` + 1 bytes (more means too large); the upload's
        spooled temporary file is closed at once."""
        sent = self.file.data
        try:
            return Path(sent.filename or "").name[:150], sent.read(limit + 1)
        finally:
            sent.close()


class ConfirmForm(FlaskForm):
    """The checked days, carried back as CSV text and read again by the same parser."""

    year = HiddenField(validators=[InputRequired()])
    days = HiddenField(validators=[InputRequired()])
    filename = HiddenField()


KINDS = [SelectChoice("rest", _l("Rest day (local holiday)")),
         SelectChoice("workday", _l("Working day"))]


class LocalDayForm(FlaskForm):
    """A congress's own day; whether it changes anything is the domain's to say."""

    day = DateField(_l("Date"), format="%Y-%m-%d",
                    validators=[DataRequired(_l("Give the date as 2027-07-22."))])
    kind = SelectField(_l("The day is"), choices=KINDS, validators=[InputRequired()])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=40)],
                       description=_l("For example: 那达慕大会"))

    @property
    def is_workday(self) -> bool:
        return self.kind.data == "workday"

    def year_in(self, years: range, default: int) -> int:
        """The year of the sent day, to draw the page on; `default` when there is none to draw."""
        day = self.day.data
        return day.year if day is not None and day.year in years else default


class RemoveLocalDayForm(FlaskForm):
    day = DateField(format="%Y-%m-%d", validators=[DataRequired()])
