"""The upload field of the draft and reply forms: limits from the configuration, stated on the page.

The form checks extension, size and count of this upload (shape); the domain checks the content's
magic bytes and the count with what is already attached.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileSize, MultipleFileField
from wtforms.validators import StopValidation

from tracker.domain.authoring.attachments import Files, Limits, Upload
from tracker.storage import attachment_store


def limits() -> Limits:
    return Limits.from_config(current_app.config)


class MaxFiles:
    def __init__(self, count: int):
        self.count = count

    def __call__(self, form, field):
        if field.data and len(field.data) > self.count:
            raise StopValidation(str(_l("At most %(n)s files at once; please choose the files "
                                        "again.", n=self.count)))


def attachment_validators(rules: Limits) -> list:
    return [
        MaxFiles(rules.max_files),
        FileAllowed(rules.extensions, _l("Only PDF, JPEG or PNG files can be attached; please "
                                         "choose the file again.")),
        FileSize(rules.max_bytes, message=_l("Each file may be at most %(size)s; please choose "
                                             "the file again.", size=rules.size_label)),
    ]


def limits_note(rules: Limits):
    """The limits as the page states them next to the upload field."""
    return _l("PDF, JPEG or PNG, at most %(size)s each, at most %(n)s files.",
              size=rules.size_label, n=rules.max_files)


def attachment_field(rules: Limits) -> MultipleFileField:
    """An unbound upload field, for forms built at run time (the reply form)."""
    return MultipleFileField(_l("Attachments"), validators=attachment_validators(rules),
                             description=limits_note(rules))


def uploads_of(field) -> list[Upload]:
    """The chosen files as the domain's uploads (an empty file input gives none)."""
    return [Upload(f.filename or "", f.read()) for f in (field.data or []) if f]


def files_of(field, rules: Limits | None = None) -> Files:
    """The chosen files with the limits and the store the domain keeps them in."""
    return Files(uploads_of(field), rules or limits(), attachment_store(current_app.config))
