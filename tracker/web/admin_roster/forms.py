"""Forms of the roster pages: the upload (kind and file) and the confirmation; shape only."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, RadioField

from tracker.domain.roster.columns import DEPUTIES, UNITS
from tracker.web.items.action_forms import SelectChoice

KINDS = [SelectChoice(DEPUTIES, _l("Deputies")), SelectChoice(UNITS, _l("Handling units and their staff"))]


class UploadForm(FlaskForm):
    kind = RadioField(_l("What the file lists"), choices=KINDS, default=DEPUTIES)
    file = FileField(_l("Roster (.xlsx or .csv)"), validators=[FileRequired(_l("Choose a file to upload."))])

    def content(self, limit: int) -> tuple[str, bytes]:
        """The sent file's name and up to `limit` + 1 bytes (more is refused by the reader as too
        large); the upload's spooled temporary file is closed at once."""
        with closing(self.file.data) as sent:
            return Path(sent.filename or "").name[:150], sent.read(limit + 1)


class ConfirmForm(FlaskForm):
    only_valid = BooleanField(_l("Import the valid rows only"))
