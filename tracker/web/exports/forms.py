"""The import pages' forms: the upload, and the column mapping built from the sheet's own headers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField

from tracker.domain.exchange.imports import FIELDS
from tracker.web.i18n import gettext
from tracker.web.items.action_forms import SelectChoice


class UploadForm(FlaskForm):
    file = FileField(_l("Spreadsheet (.xlsx)"), validators=[FileRequired(_l("Choose a file to upload."))])


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


def _column(i: int) -> str:
    """Excel's column letters: 0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out
