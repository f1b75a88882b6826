"""Forms of the liaison-station log: logging an opinion and one small form per outcome action.

Shape only (required, lengths, dates); tracker.domain.liaison.operations judges the sense and names the field
it refuses, which the view puts back under that field with everything the deputy typed.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from tracker.domain.liaison import operations as liaison
from tracker.domain.liaison.queries import stations
from tracker.extensions import db
from tracker.models import CongressSession
from tracker.models.liaison import StationKind
from tracker.web.i18n import tr
from tracker.web.items.action_forms import SelectChoice
from tracker.web.labels import CHANNELS
from tracker.web.params import to_id
from tracker.workflow import Channel
from tracker.workflow.liaison import ToldHow

REQUIRED = _l("This field is required.")
BAD_DATE = _l("Enter a date as YYYY-MM-DD.")
STATION_KINDS = {StationKind.DEPUTIES_HOME: _l("Deputies' home"),
                 StationKind.LIAISON_STATION: _l("Deputies' liaison station"),
                 StationKind.LEGISLATIVE_POINT: _l("Grassroots legislative contact point")}


def station_choices(blank: str | None = None) -> list:
    out = [SelectChoice("", blank)] if blank is not None else []
    return out + [SelectChoice(str(s.id), s.name) for s in stations(db.session)]


class OpinionForm(FlaskForm):
    station_id = SelectField(_l("Station"), validators=[InputRequired(REQUIRED)])
    received_on = DateField(_l("Date received"), validators=[InputRequired(BAD_DATE)])
    constituent = StringField(_l("Constituent's name"), validators=[InputRequired(REQUIRED), Length(max=40)],
                              description=_l("As the constituent gave it; “anonymous” is fine."))
    address = StringField(_l("Where (community, street, village)"), validators=[Length(max=200)])
    content = TextAreaField(_l("Opinion or request"), validators=[InputRequired(REQUIRED), Length(max=5000)])
    contact = StringField(_l("Contact (private)"), validators=[Length(max=100)],
                          description=_l("Only you and the deputies' affairs office see it; it never "
                                         "appears in lists, exports, the dashboard or public pages."))

    def fill_choices(self) -> OpinionForm:
        self.station_id.choices = station_choices("—")
        return self

    def to_input(self) -> liaison.OpinionInput:
        return liaison.OpinionInput(
            station_id=to_id(self.station_id.data),
            received_on=self.received_on.data, constituent=self.constituent.data or "",
            content=self.content.data or "", address=self.address.data or "", contact=self.contact.data or "")


class MoveForm(FlaskForm):
    """The fields every outcome action shares: the page's lock_version, an optional note."""

    lock_version = HiddenField()
    note = TextAreaField(_l("Note"), validators=[Length(max=5000)])

    def seen_version(self) -> int | None:
        return to_id(self.lock_version.data)


class NoteForm(MoveForm):
    note = TextAreaField(_l("What was done"), validators=[InputRequired(REQUIRED), Length(max=5000)])


class ExplainForm(MoveForm):
    note = TextAreaField(_l("What was explained to the constituent"),
                         validators=[InputRequired(REQUIRED), Length(max=5000)])


class ReferForm(MoveForm):
    referred_to = StringField(_l("Referred to (community or street)"),
                              validators=[InputRequired(REQUIRED), Length(max=100)])
    follow_up_on = DateField(_l("Follow-up date"), validators=[InputRequired(BAD_DATE)],
                             description=_l("You get a notice on this day if the referral is still open."))


class ToldForm(MoveForm):
    told_on = DateField(_l("Date told"), validators=[InputRequired(BAD_DATE)])
    told_how = RadioField(_l("How"), validators=[InputRequired(REQUIRED)])

    def fill_choices(self, lang: str) -> ToldForm:
        self.told_how.choices = [SelectChoice(how.value, tr(how)) for how in ToldHow]
        return self


class DraftFromOpinionForm(MoveForm):
    title = StringField(_l("Title of the suggestion"), validators=[InputRequired(REQUIRED), Length(max=200)])
    channel = RadioField(_l("Channel"), default=Channel.BETWEEN.value, validators=[InputRequired(REQUIRED)],
                         choices=[SelectChoice(c.value, CHANNELS[c.value]) for c in Channel])
    session_id = SelectField(_l("Congress session"), validators=[Optional()])

    def fill_choices(self) -> DraftFromOpinionForm:
        self.session_id.choices = [SelectChoice("", "—")] + [
            SelectChoice(str(s.id), s.name) for s in db.session.scalars(
                select(CongressSession).order_by(CongressSession.opens_on.desc()))]
        return self


class LinkForm(MoveForm):
    suggestion_id = SelectField(_l("Suggestion"), validators=[InputRequired(REQUIRED)])


FORMS = {"solve_on_spot": NoteForm, "close_referral": NoteForm, "explain_and_close": ExplainForm,
         "refer": ReferForm, "record_told": ToldForm, "turn_into_draft": DraftFromOpinionForm,
         "link_suggestion": LinkForm}
# Which fields each action's page draws, in order (the note last).
FIELDS = {"solve_on_spot": ("note",), "close_referral": ("note",), "explain_and_close": ("note",),
          "refer": ("referred_to", "follow_up_on", "note"), "record_told": ("told_on", "told_how", "note"),
          "turn_into_draft": ("title", "channel", "session_id"), "link_suggestion": ("suggestion_id",)}


class ListFilterForm(FlaskForm):
    """The office list's GET filters: every choice offered from the database (shape only)."""

    class Meta:
        csrf = False

    station_id = SelectField(_l("Station"), default="")
    deputy_id = SelectField(_l("Deputy"), default="")
    group_id = SelectField(_l("Deputy group"), default="")
    outcome = SelectField(_l("Outcome"), default="")
    year = SelectField(_l("Year"), default="")
