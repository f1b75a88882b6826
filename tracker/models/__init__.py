"""The data model, by family; importing this package registers every table."""

from tracker.models.audit import AuditEvent, Outbox
from tracker.models.calendar import CalendarDay, CalendarYear, Deadline, DeadlineRule
from tracker.models.handling import (
    Assignment,
    Contact,
    Evaluation,
    ExtensionRequest,
    ProgressReport,
    Promise,
    ReassignmentRequest,
    Reply,
    SupervisionMark,
)
from tracker.models.org import Category, Committee, DeputyGroup, HandlingUnit, User, UserRole
from tracker.models.search import SuggestionSearch
from tracker.models.suggestion import (
    CongressSession,
    CoSigner,
    PreReviewCheck,
    RegistrationCounter,
    ReviewOpinion,
    Suggestion,
    SuggestionVersion,
)

__all__ = [
    "Assignment", "AuditEvent", "CalendarDay", "CalendarYear", "Category", "Committee",
    "CongressSession", "CoSigner", "Contact", "Deadline", "DeadlineRule", "DeputyGroup",
    "Evaluation", "ExtensionRequest", "HandlingUnit", "Outbox", "PreReviewCheck",
    "ProgressReport", "Promise", "ReassignmentRequest", "RegistrationCounter", "Reply",
    "ReviewOpinion", "Suggestion", "SuggestionSearch", "SuggestionVersion", "SupervisionMark", "User",
    "UserRole",
]
