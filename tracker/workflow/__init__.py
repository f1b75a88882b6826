"""The workflow: every state, action, role and deadline of a suggestion's life, in one package.

Pure Python on purpose (no Flask, no database): pages, buttons, permission checks, reminders, the
diagram and the docs all read this package and never restate it. The table is literal rows
(table.py); `validate()` runs at import, so a broken table fails the first test, not a user.
"""

from tracker.workflow.audit import AuditAction
from tracker.workflow.checks import TableProblems, liaison_problems, problems, validate
from tracker.workflow.deadlines import (
    CARRIED_THROUGH,
    DEADLINE_SPEC,
    DEADLINES,
    LAYER_DEADLINE,
    STATE_DEADLINE,
    WINDOW_KINDS,
    Anchor,
    DeadlineKind,
    DeadlineSpec,
    Scope,
    Unit,
)
from tracker.workflow.enums import (
    BEFORE_ASSIGNMENT,
    DRAFTING,
    FINAL,
    INITIAL,
    LETTING_GO,
    OPEN_AFTER_REGISTRATION,
    REVIEW_LAYERS,
    ROUTED,
    Action,
    Channel,
    Guard,
    Own,
    Owner,
    Reason,
    Role,
    State,
    Subject,
)
from tracker.workflow.fields import FIELDS, GRADES, Field, FieldSpec, Kind
from tracker.workflow.i18n import N_
from tracker.workflow.labels import (
    ACTION_LABELS,
    OWNER_LABELS,
    ROLE_LABELS,
    STATE_LABELS,
    label,
    msgctxt,
    msgid,
)
from tracker.workflow.liaison import (
    LIAISON_MOVES,
    OpinionAction,
    OpinionMove,
    OpinionSource,
    Outcome,
    ToldHow,
)
from tracker.workflow.render import liaison_markdown, liaison_mermaid, to_markdown, to_mermaid
from tracker.workflow.statuses import (
    AssignmentState,
    CloseKind,
    ContactWay,
    ConvertTo,
    CoSignerStatus,
    Disclosure,
    Grade,
    PromiseState,
    ReplyStatus,
    RequestStatus,
)
from tracker.workflow.table import (
    LAYER_REVIEWERS,
    PERSON_ONLY,
    TRANSITIONS,
    UNIT_STAFF,
    actions_from,
    reachable,
    rows_for,
    rows_from,
)
from tracker.workflow.transition import Transition

validate()

__all__ = [
    "ACTION_LABELS", "Action", "Anchor", "AssignmentState", "AuditAction", "BEFORE_ASSIGNMENT",
    "CARRIED_THROUGH", "Channel",
    "CloseKind", "CoSignerStatus", "ContactWay", "ConvertTo", "DEADLINES", "DEADLINE_SPEC", "DRAFTING",
    "DeadlineKind", "DeadlineSpec", "Disclosure", "FIELDS", "FINAL", "Field", "FieldSpec", "GRADES",
    "Grade", "Guard", "INITIAL", "Kind", "LAYER_DEADLINE", "LAYER_REVIEWERS", "LETTING_GO",
    "LIAISON_MOVES", "N_",
    "OPEN_AFTER_REGISTRATION", "OWNER_LABELS", "PERSON_ONLY",
    "OpinionAction", "OpinionSource", "OpinionMove", "Outcome", "Own", "Owner",
    "PromiseState", "RequestStatus",
    "REVIEW_LAYERS", "ROLE_LABELS", "ROUTED", "Reason", "ReplyStatus", "Role", "STATE_DEADLINE",
    "STATE_LABELS", "Scope", "State", "Subject", "TRANSITIONS", "TableProblems", "ToldHow", "Transition",
    "UNIT_STAFF", "Unit", "WINDOW_KINDS", "actions_from", "label", "liaison_markdown",
    "liaison_mermaid", "liaison_problems", "msgctxt", "msgid", "problems", "reachable", "rows_for",
    "rows_from", "to_markdown", "to_mermaid", "validate",
]
