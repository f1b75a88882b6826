"""The inputs an action takes besides the reason, and what kind of widget each one is."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from tracker.workflow.i18n import N_
from tracker.workflow.statuses import ContactWay, ConvertTo, Disclosure, Grade


class Field(enum.StrEnum):
    """Inputs an action takes besides the reason; the generic action form is built from these."""

    COSIGNER = "cosigner"
    CHECKLIST = "checklist"
    MAIN_ITEM = "main_item"
    TALK_RECORD = "talk_record"
    CONVERT_TO = "convert_to"
    CATEGORY = "category"
    LEAD_UNIT = "lead_unit"
    CO_UNITS = "co_units"
    CONTACT_WAY = "contact_way"
    CONTACT_DATE = "contact_date"
    PEOPLE = "people"
    SUMMARY = "summary"
    OPINION = "opinion"
    NEW_DUE_DATE = "new_due_date"
    REPLY_CATEGORY = "reply_category"
    REPLY_TEXT = "reply_text"
    PROMISED_DATE = "promised_date"
    PROMISE_TEXT = "promise_text"
    DISCLOSURE = "disclosure"
    DISCLOSURE_REASON = "disclosure_reason"
    ATTITUDE = "attitude"
    RESULT = "result"
    LEADER = "leader"
    SUPERVISING_COMMITTEE = "supervising_committee"
    REPORT_DATES = "report_dates"
    REPORT_TEXT = "report_text"
    PROMISE = "promise"


class Kind(enum.StrEnum):
    """What sort of input a field is; the web layer picks a widget for each kind."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    DATES = "dates"
    DEPUTY = "deputy"
    CATEGORY = "category"
    UNIT = "unit"
    UNITS = "units"
    COMMITTEE = "committee"
    SUGGESTION = "suggestion"
    CHOICE = "choice"
    CHECKLIST = "checklist"
    PROMISE = "promise"  # one of the item's promises that the action may act on


@dataclass(frozen=True)
class FieldSpec:
    kind: Kind
    label: str  # the English msgid, marked with N_()
    options: tuple[tuple[str, str], ...] = ()  # (value, English msgid) of a choice


# The office's pre-review checklist (DOMAIN §3): (code, msgid); the checklist field's checks.
CHECKLIST: tuple[tuple[str, str], ...] = (  # (code, msgid)
    ("one_matter", N_("One matter only")),
    ("parts_present", N_("Required parts present (title, reasons, proposals, deputy, contact)")),
    ("actionable", N_("Specific and actionable")),
    ("within_powers", N_("Within the district's powers")),
    ("researched", N_("Researched, facts verified")),
    ("not_personal", N_("Not a personal or relatives' matter")),
    ("not_litigation", N_("Not a lawsuit, arbitration or specific case")),
    ("not_petition", N_("Not a complaint, accusation or petition")),
    ("not_forwarded", N_("Not a forwarded letter")),
    ("not_academic", N_("Not academic discussion or promotion")),
    ("not_duplicate", N_("Not a duplicate")),
)
GRADES = ((Grade.SATISFIED, N_("Satisfied")), (Grade.BASICALLY, N_("Basically satisfied")),
          (Grade.DISSATISFIED, N_("Dissatisfied")))
# fmt: off
FIELDS: dict[Field, FieldSpec] = {
    Field.COSIGNER: FieldSpec(Kind.DEPUTY, N_("Co-signer")),
    Field.CHECKLIST: FieldSpec(Kind.CHECKLIST, N_("Pre-review checklist")),
    Field.MAIN_ITEM: FieldSpec(Kind.SUGGESTION, N_("Main suggestion")),
    Field.TALK_RECORD: FieldSpec(Kind.LONG_TEXT, N_("Record of the talk with the deputy")),
    Field.CONVERT_TO: FieldSpec(Kind.CHOICE, N_("Convert to"), (
        (ConvertTo.LETTER, N_("A deputy's letter")), (ConvertTo.OTHER, N_("Another channel")))),
    Field.CATEGORY: FieldSpec(Kind.CATEGORY, N_("Category")),
    Field.LEAD_UNIT: FieldSpec(Kind.UNIT, N_("Lead unit")),
    Field.CO_UNITS: FieldSpec(Kind.UNITS, N_("Co-handling units")),
    Field.CONTACT_WAY: FieldSpec(Kind.CHOICE, N_("Way of contact"), (
        (ContactWay.FACE_TO_FACE, N_("Face to face")), (ContactWay.PHONE, N_("Phone")),
        (ContactWay.ON_SITE, N_("On site")), (ContactWay.ONLINE, N_("Online")))),
    Field.CONTACT_DATE: FieldSpec(Kind.DATE, N_("Date of contact")),
    Field.PEOPLE: FieldSpec(Kind.TEXT, N_("People")),
    Field.SUMMARY: FieldSpec(Kind.LONG_TEXT, N_("Summary")),
    Field.OPINION: FieldSpec(Kind.LONG_TEXT, N_("Co-unit opinion")),
    Field.NEW_DUE_DATE: FieldSpec(Kind.DATE, N_("Extend to")),
    Field.REPLY_CATEGORY: FieldSpec(Kind.CHOICE, N_("Reply category"), (
        ("A", N_("A: solved or adopted")),
        ("B", N_("B: being solved, in this year's plan")),
        ("C", N_("C: to be solved later")),
        ("D", N_("D: for reference")))),
    Field.REPLY_TEXT: FieldSpec(Kind.LONG_TEXT, N_("Reply")),
    Field.PROMISED_DATE: FieldSpec(Kind.DATE, N_("Promised completion date (B and C)")),
    Field.PROMISE_TEXT: FieldSpec(Kind.LONG_TEXT, N_("What is promised (B and C)")),
    Field.DISCLOSURE: FieldSpec(Kind.CHOICE, N_("Disclosure"), (
        (Disclosure.PUBLIC, N_("Public")), (Disclosure.ON_REQUEST, N_("On request")),
        (Disclosure.PRIVATE, N_("Not public")))),
    Field.DISCLOSURE_REASON: FieldSpec(Kind.TEXT, N_("Why not public")),
    Field.ATTITUDE: FieldSpec(Kind.CHOICE, N_("Attitude"), GRADES),
    Field.RESULT: FieldSpec(Kind.CHOICE, N_("Result"), GRADES),
    Field.LEADER: FieldSpec(Kind.TEXT, N_("Supervising leader")),
    Field.SUPERVISING_COMMITTEE: FieldSpec(Kind.COMMITTEE, N_("Supervising committee")),
    Field.REPORT_DATES: FieldSpec(Kind.DATES, N_("Progress report dates")),
    Field.REPORT_TEXT: FieldSpec(Kind.LONG_TEXT, N_("Report")),
    Field.PROMISE: FieldSpec(Kind.PROMISE, N_("Promise")),
}
# fmt: on
