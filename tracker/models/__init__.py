"""The data model, by family; importing this package registers every table."""

from tracker.models.account import CodeChannel, CodePurpose, Login, LoginCode, LoginEnd
from tracker.models.api import ApiToken, ServiceAccount
from tracker.models.attachment import Attachment
from tracker.models.audit import AuditEvent, Outbox
from tracker.models.audit_seal import AuditSeal
from tracker.models.calendar import CalendarDay, CalendarYear, Deadline, DeadlineRule
from tracker.models.congress import Congress
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
from tracker.models.idempotency import IdempotencyKey
from tracker.models.jobs import Job, JobKind, JobStatus
from tracker.models.liaison import LiaisonEvent, LiaisonFollowUp, LiaisonOpinion, LiaisonStation
from tracker.models.metrics import metric_refresh, metric_rollup, metric_trend  # noqa: F401
from tracker.models.org import (
    Category,
    Committee,
    DeputyGroup,
    HandlingUnit,
    Membership,
    Term,
    User,
    UserRole,
)
from tracker.models.publication import FiguresSource, PublishedReport
from tracker.models.reminder import (
    Reminder,
    ReminderPreference,
    ReminderSchedule,
    ReminderSetting,
    ReminderStep,
)
from tracker.models.review import ReturnReason
from tracker.models.search import SuggestionSearch
from tracker.models.signin import SignInAttempt, SignInMethod, SignInOutcome
from tracker.models.sso import SsoLink, SsoProvider
from tracker.models.suggestion import (
    CongressSession,
    CoSigner,
    PreReviewCheck,
    RegistrationCounter,
    ReviewOpinion,
    Suggestion,
    SuggestionVersion,
)
from tracker.models.webhook import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent

__all__ = [
    "ApiToken", "Assignment", "Attachment", "AuditEvent", "AuditSeal", "CalendarDay", "CalendarYear",
    "Category",
    "Committee",
    "CodeChannel", "CodePurpose", "Login", "LoginCode", "LoginEnd",
    "Congress", "Membership",
    "CongressSession", "CoSigner", "Contact", "Deadline", "DeadlineRule", "DeputyGroup",
    "Evaluation", "ExtensionRequest", "HandlingUnit", "IdempotencyKey", "Job", "JobKind", "JobStatus",
    "Outbox",
    "LiaisonEvent", "LiaisonFollowUp", "LiaisonOpinion", "LiaisonStation",
    "PreReviewCheck",
    "FiguresSource", "PublishedReport",
    "ProgressReport", "Promise", "ReassignmentRequest", "RegistrationCounter", "Reminder", "ReturnReason",
    "ReminderPreference", "ReminderSchedule", "ReminderSetting", "ReminderStep", "Reply",
    "ReviewOpinion", "ServiceAccount", "SignInAttempt", "SignInMethod", "SignInOutcome", "SsoLink",
    "SsoProvider",
    "Suggestion", "SuggestionSearch", "SuggestionVersion", "SupervisionMark", "Term", "User",
    "UserRole", "DeliveryStatus", "WebhookDelivery", "WebhookEndpoint", "WebhookEvent",
]
