"""The draft form a deputy writes a suggestion in; shape only, the domain checks the rest."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from sqlalchemy import select
from wtforms import HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from tracker.domain.authoring.attachments import Limits
from tracker.domain.authoring.channel_choice import ChannelDefault, open_sessions
from tracker.domain.authoring.drafts import ORIGINAL_LANGUAGES, DraftInput
from tracker.extensions import db
from tracker.models import Category, HandlingUnit, Suggestion
from tracker.web.attachments.forms import attachment_validators, limits_note
from tracker.web.i18n import local_name, original_language
from tracker.web.items.action_forms import SelectChoice
from tracker.web.params import to_id
from tracker.workflow import Channel

REQUIRED = _l("This field is required.")


def _id(value: str | None) -> int | None:
    return int(value) if value else None


class DraftForm(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(REQUIRED), Length(max=200)])
    reasons = TextAreaField(_l("Reasons"), validators=[InputRequired(REQUIRED),
                                                             Length(max=20000)])
    proposals = TextAreaField(_l("Proposals"), validators=[InputRequired(REQUIRED),
                                                                   Length(max=20000)])
    category_id = SelectField(_l("Category"))
    channel = RadioField(_l("Channel"), default=Channel.BETWEEN.value,
                         validators=[InputRequired(REQUIRED)],
                         choices=[SelectChoice(Channel.SESSION.value, _l("Session suggestion")),
                                  SelectChoice(Channel.BETWEEN.value,
                                               _l("Between-session suggestion"))])
    session_id = SelectField(_l("Congress session"))
    proposed_unit_id = SelectField(_l("Proposed handling unit"))
    origin = TextAreaField(_l("Origin (constituents' opinions, inspections …)"),
                           validators=[Length(max=5000)])
    original_lang = SelectField(_l("Language of the original text"), validators=[Optional()])
    original_text = TextAreaField(_l("Original text (minority language)"),
                                  validators=[Length(max=20000)],
                                  description=_l("If you wrote the suggestion in Tibetan, Mongolian "
                                                 "or another language, keep your own text here "
                                                 "beside the Chinese."))
    attachments = MultipleFileField(_l("Attachments"))
    # Attachments to take off the draft (checkboxes next to the listed files).
    remove_attachments = SelectMultipleField(_l("Remove"), coerce=int, validators=[Optional()])
    # The item's lock_version when the page was drawn: a save from a stale page is refused.
    lock_version = HiddenField()
    # The new-draft page's own random key: the same page sent twice saves one draft.
    submission_key = HiddenField()

    def fill_choices(self, lang: str, today: date, keep_session: int | None = None) -> DraftForm:
        """The choices of the selects; only the sessions open today (and the draft's own) are offered."""
        blank = [SelectChoice("", "—")]
        session = db.session
        self.category_id.choices = blank + [
            SelectChoice(str(c.id), local_name(c))
            for c in session.scalars(select(Category).where(Category.is_active.is_(True))
                                     .order_by(Category.id))]
        self.session_id.choices = blank + [
            SelectChoice(str(s.id), s.name) for s in open_sessions(session, today, keep_session)]
        self.proposed_unit_id.choices = blank + [
            SelectChoice(str(u.id), u.name) for u in session.scalars(
                select(HandlingUnit).where(HandlingUnit.is_active.is_(True)).order_by(HandlingUnit.id))]
        self.original_lang.choices = blank + [
            SelectChoice(code, original_language(code)["name"]) for code in ORIGINAL_LANGUAGES]
        return self

    def start_from(self, default: ChannelDefault) -> DraftForm:
        """A new draft's first display: the channel and session the calendar suggests."""
        if not self.is_submitted():
            self.channel.data = default.channel.value
            self.session_id.data = str(default.session_id) if default.session_id else ""
        return self

    def with_attachments(self, rules: Limits, attached: list) -> DraftForm:
        """The upload field under the configured limits; the attached files as remove choices."""
        self.attachments.validators = attachment_validators(rules)
        self.attachments.description = limits_note(rules)
        self.remove_attachments.choices = [SelectChoice(a.id, a.filename) for a in attached]
        return self

    def load(self, item: Suggestion) -> DraftForm:
        """Fill from the item on first display (a POST keeps what the user typed)."""
        if not self.is_submitted():
            for name in ("title", "reasons", "proposals", "origin", "original_text"):
                self[name].data = getattr(item, name)
            self.original_lang.data = item.original_lang or ""
            self.lock_version.data = str(item.lock_version)
            self.channel.data = item.channel.value
            for name in ("category_id", "session_id", "proposed_unit_id"):
                value = getattr(item, name)
                self[name].data = str(value) if value else ""
        return self

    def to_input(self) -> DraftInput:
        return DraftInput(title=self.title.data, reasons=self.reasons.data,
                          proposals=self.proposals.data, channel=Channel(self.channel.data),
                          session_id=_id(self.session_id.data),
                          category_id=_id(self.category_id.data),
                          proposed_unit_id=_id(self.proposed_unit_id.data),
                          origin=self.origin.data or "",
                          original_lang=self.original_lang.data or None,
                          original_text=self.original_text.data or "")

    def key(self) -> str | None:
        """The page's own random key: a second send of it saves nothing twice."""
        return (self.submission_key.data or "").strip()[:40] or None

    def seen_version(self) -> int | None:
        """The lock_version the page was drawn with (None when the form did not send it)."""
        return to_id(self.lock_version.data)
