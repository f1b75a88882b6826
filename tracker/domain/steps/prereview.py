"""The office's pre-review checklist (DOMAIN §3): the checks and how a filled-in list is read."""

from __future__ import annotations

from tracker.domain.errors import InvalidData
from tracker.workflow.fields import CHECKLIST  # the checks are the field's: the engine reads them too
from tracker.workflow.i18n import N_

CODES = tuple(code for code, _ in CHECKLIST)


def read_checklist(value) -> list[tuple[str, bool, str]]:
    """Accept {code: {"passed": bool, "note": str}} or {code: bool}; every check must be there."""
    if not isinstance(value, dict):
        raise InvalidData(N_("Fill in every check of the list."), field="checklist")
    out = []
    for code in CODES:
        entry = value.get(code)
        if entry is None:
            raise InvalidData(N_("Checklist item missing: %(code)s"), code=code,
                              field="checklist")
        if isinstance(entry, dict):
            passed, note = bool(entry.get("passed")), str(entry.get("note") or "")
        else:
            passed, note = bool(entry), ""
        out.append((code, passed, note))
    return out


def all_pass(checklist: dict) -> dict:
    """A checklist with every item passed, for the demo loader and tests."""
    return {code: {"passed": True, "note": ""} for code in CODES}
