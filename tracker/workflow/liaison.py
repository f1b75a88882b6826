"""The liaison-station opinion's table (有诉必应, DOMAIN §9), in the same form as the suggestion's.

An opinion is not a suggestion, so it has its own outcomes and actions; its rows are literal, one per
(action, source), checked at import (tracker.workflow.checks) and drawn into docs/WORKFLOW.md. The
engine that applies them is tracker.domain.liaison.engine. Only the deputy who logged the opinion acts.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from tracker.workflow.enums import Own, Reason, Role
from tracker.workflow.i18n import N_


class Outcome(enum.StrEnum):
    """Where an opinion stands; the allowed moves are LIAISON_MOVES."""

    PENDING = "pending"                # logged, nothing done yet
    SOLVED_ON_SPOT = "solved_on_spot"  # 当场解决
    REFERRED = "referred"              # 转社区、街道办理, with a follow-up date
    RESOLVED = "resolved"              # the referral came back solved
    SUGGESTION = "suggestion"          # 转为代表建议 (linked)
    EXPLAINED = "explained"            # 解释说明后办结


class OpinionAction(enum.StrEnum):
    LOG_OPINION = "log_opinion"  # the opinion's creation: audited, not a row (like create_draft)
    SOLVE_ON_SPOT = "solve_on_spot"
    REFER = "refer"
    CLOSE_REFERRAL = "close_referral"
    TURN_INTO_DRAFT = "turn_into_draft"
    LINK_SUGGESTION = "link_suggestion"
    EXPLAIN_AND_CLOSE = "explain_and_close"
    RECORD_TOLD = "record_told"


class ToldHow(enum.StrEnum):
    """How the constituent heard the result."""

    FACE_TO_FACE = "face_to_face"
    PHONE = "phone"
    VISIT = "visit"
    MESSAGE = "message"


class OpinionSource(enum.StrEnum):
    """Where an opinion came in: a deputy's own logging is in person; a system's intake names its channel."""

    IN_PERSON = "in_person"      # 来站反映, or told to a deputy
    HOTLINE = "hotline"          # 12345 政务服务便民热线
    ONLINE = "online"            # 网上留言
    LETTER = "letter"            # 来信
    OTHER = "other"


class OpinionGuard(enum.StrEnum):
    NOT_TOLD = "not_told"  # the constituent's being told is recorded once


@dataclass(frozen=True)
class OpinionMove:
    """One row of the opinion's table; `reason` is the note the move asks for."""

    action: OpinionAction
    source: Outcome
    target: Outcome
    roles: frozenset[Role]
    own: Own
    guards: tuple[OpinionGuard, ...] = ()
    reason: Reason = Reason.OPTIONAL
    independent: bool = False

    def __post_init__(self) -> None:
        roles = self.roles
        object.__setattr__(self, "roles", frozenset({roles}) if isinstance(roles, Role) else frozenset(roles))

    @property
    def keeps_state(self) -> bool:
        return self.source == self.target


OA, OC = OpinionAction, Outcome
LOGGER = Own.OWN_ITEM  # the deputy who logged the opinion
REQUIRED, OPTIONAL, NONE = Reason.REQUIRED, Reason.OPTIONAL, Reason.NONE
DEPUTY = Role.DEPUTY

# fmt: off
LIAISON_MOVES: tuple[OpinionMove, ...] = (
    OpinionMove(OA.SOLVE_ON_SPOT, OC.PENDING, OC.SOLVED_ON_SPOT, DEPUTY, LOGGER, reason=REQUIRED),
    # A referral may be referred again (elsewhere, or with a later follow-up date).
    OpinionMove(OA.REFER, OC.PENDING, OC.REFERRED, DEPUTY, LOGGER, reason=OPTIONAL),
    OpinionMove(OA.REFER, OC.REFERRED, OC.REFERRED, DEPUTY, LOGGER, reason=OPTIONAL),
    OpinionMove(OA.CLOSE_REFERRAL, OC.REFERRED, OC.RESOLVED, DEPUTY, LOGGER, reason=REQUIRED),
    OpinionMove(OA.TURN_INTO_DRAFT, OC.PENDING, OC.SUGGESTION, DEPUTY, LOGGER, reason=NONE),
    OpinionMove(OA.TURN_INTO_DRAFT, OC.REFERRED, OC.SUGGESTION, DEPUTY, LOGGER, reason=NONE),
    OpinionMove(OA.LINK_SUGGESTION, OC.PENDING, OC.SUGGESTION, DEPUTY, LOGGER, reason=NONE),
    OpinionMove(OA.LINK_SUGGESTION, OC.REFERRED, OC.SUGGESTION, DEPUTY, LOGGER, reason=NONE),
    OpinionMove(OA.EXPLAIN_AND_CLOSE, OC.PENDING, OC.EXPLAINED, DEPUTY, LOGGER, reason=REQUIRED),
    OpinionMove(OA.EXPLAIN_AND_CLOSE, OC.REFERRED, OC.EXPLAINED, DEPUTY, LOGGER, reason=REQUIRED),
    # Once the outcome is settled, the deputy records that the constituent was told (once).
    OpinionMove(OA.RECORD_TOLD, OC.SOLVED_ON_SPOT, OC.SOLVED_ON_SPOT, DEPUTY, LOGGER, guards=(OpinionGuard.NOT_TOLD,), reason=OPTIONAL),
    OpinionMove(OA.RECORD_TOLD, OC.RESOLVED, OC.RESOLVED, DEPUTY, LOGGER, guards=(OpinionGuard.NOT_TOLD,), reason=OPTIONAL),
    OpinionMove(OA.RECORD_TOLD, OC.SUGGESTION, OC.SUGGESTION, DEPUTY, LOGGER, guards=(OpinionGuard.NOT_TOLD,), reason=OPTIONAL),
    OpinionMove(OA.RECORD_TOLD, OC.EXPLAINED, OC.EXPLAINED, DEPUTY, LOGGER, guards=(OpinionGuard.NOT_TOLD,), reason=OPTIONAL),
)
# fmt: on

OPINION_INITIAL = Outcome.PENDING
# Outcomes that end the matter for the constituent: the result can be told.
SETTLED = frozenset({OC.SOLVED_ON_SPOT, OC.RESOLVED, OC.SUGGESTION, OC.EXPLAINED})
RESOLVED = frozenset({OC.SOLVED_ON_SPOT, OC.RESOLVED})
OPEN = frozenset({OC.PENDING, OC.REFERRED})


def opinion_rows(outcome: Outcome, action: OpinionAction) -> list[OpinionMove]:
    return [m for m in LIAISON_MOVES if m.source == outcome and m.action == action]


def opinion_actions(outcome: Outcome) -> list[OpinionAction]:
    """Distinct actions from an outcome, in table order."""
    return list(dict.fromkeys(m.action for m in LIAISON_MOVES if m.source == outcome))


# fmt: off
OUTCOME_LABELS: dict[Outcome, str] = {
    OC.PENDING: N_("Awaiting an outcome"),
    OC.SOLVED_ON_SPOT: N_("Solved on the spot"),
    OC.REFERRED: N_("Referred to the community or street"),
    OC.RESOLVED: N_("Resolved after referral"),
    OC.SUGGESTION: N_("Turned into a suggestion"),
    OC.EXPLAINED: N_("Explained and closed"),
}
OPINION_ACTION_LABELS: dict[OpinionAction, str] = {
    OA.LOG_OPINION: N_("Opinion logged"),
    OA.SOLVE_ON_SPOT: N_("Solved on the spot"),
    OA.REFER: N_("Refer to the community or street"),
    OA.CLOSE_REFERRAL: N_("Referral resolved"),
    OA.TURN_INTO_DRAFT: N_("Turn into a draft suggestion"),
    OA.LINK_SUGGESTION: N_("Link to a suggestion"),
    OA.EXPLAIN_AND_CLOSE: N_("Explain and close"),
    OA.RECORD_TOLD: N_("Record the constituent was told"),
}
TOLD_HOW_LABELS: dict[ToldHow, str] = {
    ToldHow.FACE_TO_FACE: N_("Face to face"),
    ToldHow.PHONE: N_("By phone"),
    ToldHow.VISIT: N_("Home visit"),
    ToldHow.MESSAGE: N_("By text message"),
}
OPINION_SOURCE_LABELS: dict[OpinionSource, str] = {
    OpinionSource.IN_PERSON: N_("In person"),
    OpinionSource.HOTLINE: N_("12345 hotline"),
    OpinionSource.ONLINE: N_("Online message"),
    OpinionSource.LETTER: N_("Letter"),
    OpinionSource.OTHER: N_("Other channel"),
}
# fmt: on
