"""The import pages' forms: the upload, and the column mapping built from the sheet's own headers."""

from __future__ import annotations

import io
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField

from tracker.domain.exchange import imports
from tracker.domain.exchange.imports import FIELDS
from tracker.web.i18n import gettext, lang
from tracker.web.items.action_forms import SelectChoice


class UploadForm(FlaskForm):
    file = FileField(_l("Spreadsheet (.xlsx)"), validators=[FileRequired(_l("Choose a file to upload."))])

    def sent_sheet(self, limit: int) -> tuple[str, bytes, imports.Sheet] | None:
        """The sent file, if it is a readable .xlsx with rows: its name, its bytes, its sheet.
        Otherwise None, the reason under the field; nothing is kept either way (the import keeps it)."""
        if not self.validate_on_submit():
            return None
        file = self.file.data
        name = Path(file.filename or "").name[:150]
        data = file.read(limit + 1)
        if not name.lower().endswith(".xlsx"):
            return self._refuse(_("Only .xlsx files can be imported (Excel 2007 or later). "
                                  "Save the file as .xlsx first."))
        if len(data) > limit:
            return self._refuse(_("The file is too large: at most %(mb)s MB.", mb=f"{limit / 1024 / 1024:g}"))
        try:
            sheet = imports.read_sheet(io.BytesIO(data))
        except imports.BadFile as err:
            return self._refuse(err.message(lang()))
        if not sheet.rows:
            return self._refuse(_("The sheet has column titles but no rows to import."))
        return name, data, sheet

    def _refuse(self, message: str) -> None:
        self.file.errors = [*self.file.errors, message]


class MappingForm(FlaskForm):
    """One select per field of ours, listing the sheet's header cells; filled by `for_headers`."""

    @classmethod
    def for_headers(cls, headers: list[str], mapping: dict, lang: str, formdata=None) -> MappingForm:
        class Form(cls):
            pass
        for f in FIELDS:
            label = gettext(f.label)
            if not f.required:
                label = gettext("%(label)s (optional)", label=label)
            chosen = mapping.get(f.key)
            setattr(Form, f.key, SelectField(label, default="" if chosen is None else str(chosen)))
        form = Form(formdata=formdata) if formdata is not None else Form()
        none = [SelectChoice("", _l("— not in this sheet —"))]
        cols = [SelectChoice(str(i), f"{_column(i)}: {h or '—'}") for i, h in enumerate(headers)]
        for f in FIELDS:
            form[f.key].choices = none + cols
        return form

    def mapping(self) -> dict[str, int | None]:
        return {f.key: int(self[f.key].data) if self[f.key].data not in ("", None) else None
                for f in FIELDS}

    def sent_mapping(self) -> dict[str, int | None] | None:
        """The chosen columns, when every required field has one; else None, marked on the fields."""
        if not self.validate_on_submit():
            return None
        chosen = self.mapping()
        missing = [f for f in FIELDS if f.required and chosen[f.key] is None]
        for f in missing:
            self[f.key].errors = [*self[f.key].errors, _("Choose the column that holds this field.")]
        return None if missing else chosen


def _column(i: int) -> str:
    """Excel's column letters: 0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out
