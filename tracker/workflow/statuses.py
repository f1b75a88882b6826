"""The small states and closed choices of a suggestion's parts, each stored with a CHECK constraint."""

from __future__ import annotations

import enum


class CoSignerStatus(enum.StrEnum):
    INVITED = "invited"
    CONFIRMED = "confirmed"
    DECLINED = "declined"


class ReplyStatus(enum.StrEnum):
    DRAFTED = "drafted"    # awaiting the unit leader's approval
    RETURNED = "returned"  # sent back to the handler
    ISSUED = "issued"


class Disclosure(enum.StrEnum):
    PUBLIC = "public"
    ON_REQUEST = "on_request"
    PRIVATE = "private"


class Grade(enum.StrEnum):
    """A deputy's grade of a reply's attitude or result (满意度测评)."""

    SATISFIED = "satisfied"
    BASICALLY = "basically"
    DISSATISFIED = "dissatisfied"


class ContactWay(enum.StrEnum):
    FACE_TO_FACE = "face_to_face"
    PHONE = "phone"
    ON_SITE = "on_site"
    ONLINE = "online"


class ConvertTo(enum.StrEnum):
    LETTER = "letter"
    OTHER = "other"


class CloseKind(enum.StrEnum):
    """How a closed item was closed: the reports count each kind apart."""

    SATISFIED = "satisfied"      # evaluated by the deputy
    NO_FEEDBACK = "no_feedback"  # the evaluation's deadline passed
    CONCLUDED = "concluded"      # the council's conclusion after escalation


class AssignmentState(enum.StrEnum):
    AWAITING_RECEIPT = "awaiting_receipt"
    RECEIVED = "received"
    RELEASED = "released"
    OPINION_SENT = "opinion_sent"


class PromiseState(enum.StrEnum):
    OPEN = "open"
    KEPT = "kept"
    NOT_KEPT = "not_kept"


class RequestStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
