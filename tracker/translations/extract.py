"""pybabel extraction of the workflow's labels (babel.cfg maps tracker/workflow/__init__.py here).

The labels of states, actions, roles, owners, deadline kinds, fields and field choices are
extracted as "kind|English label", because two kinds may share an English label but not a Chinese
one (the role "Deputy" 人大代表, the owner "Deputy" 代表); a plain msgid rather than a msgctxt keeps
the catalogue one flat gettext table. `tracker.translations.qualified_gettext` looks them up and
drops the "kind|" where nothing translates it (English). The file's own `N_()`/`_()` marks are
extracted as any Python file's.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator

from babel.messages.extract import extract_python

FIELD_CONTEXT, CHOICE_CONTEXT = "field", "field_choice"


def workflow_labels() -> Iterator[tuple[str, str]]:
    """(msgctxt, English label) of every workflow label."""
    from tracker import workflow
    from tracker.translations import english_label, label_context

    kinds = {v for v in vars(workflow).values() if isinstance(v, type) and issubclass(v, enum.Enum)}
    for kind in kinds:
        for member in kind:
            context = label_context(member)
            if context:
                yield context, english_label(member)
    for spec in workflow.FIELDS.values():
        yield FIELD_CONTEXT, spec.label
        for choice in spec.options:
            yield CHOICE_CONTEXT, choice[-1]


def extract_workflow(fileobj, keywords, comment_tags, options):
    yield from extract_python(fileobj, keywords, comment_tags, options)
    for context, english in workflow_labels():
        yield 0, "gettext", f"{context}|{english}", []
