"""The liaison-station log's operations (有诉必应, DOMAIN §9): log an opinion, record its outcome,
refer it with a follow-up date and close the referral, turn it into a draft or link a suggestion,
explain and close it, record that the constituent was told.

`MOVES` is the opinion's small table (like tracker.workflow for suggestions, but outside it: an
opinion is not a suggestion). Every operation checks who acts, validates the input, moves the
outcome, writes an audit event (tracker.models.audit) linked to the opinion, and flushes; the
caller commits, or rolls back on a DomainError.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from tracker.domain.authoring import drafts
from tracker.domain.deadlines.calendar import china_date
from tracker.domain.errors import (
    ActedFirst,
    InvalidData,
    Label,
    NotAllowedNow,
    NotYourItem,
    RoleNotHeld,
    StalePage,
)
from tracker.models import AuditEvent, LiaisonEvent, LiaisonOpinion, LiaisonStation, Suggestion, User
from tracker.models.liaison import Outcome
from tracker.workflow import Channel, Role
from tracker.workflow.i18n import N_

Out = Outcome
OUTCOME_LABELS = {
    Out.PENDING: N_("Awaiting an outcome"),
    Out.SOLVED_ON_SPOT: N_("Solved on the spot"),
    Out.REFERRED: N_("Referred to the community or street"),
    Out.RESOLVED: N_("Resolved after referral"),
    Out.SUGGESTION: N_("Turned into a suggestion"),
    Out.EXPLAINED: N_("Explained and closed"),
}
# Outcomes that end the matter for the constituent: the result can be told.
SETTLED = frozenset({Out.SOLVED_ON_SPOT, Out.RESOLVED, Out.SUGGESTION, Out.EXPLAINED})
RESOLVED = frozenset({Out.SOLVED_ON_SPOT, Out.RESOLVED})
TOLD_WAYS = {"face_to_face": N_("Face to face"), "phone": N_("By phone"),
             "visit": N_("Home visit"), "message": N_("By text message")}
MAX_FOLLOW_UP_DAYS = 366


@dataclass(frozen=True)
class Move:
    """One row of the opinion's table: from which outcomes, to which (None: keeps it), labels."""

    sources: frozenset[Outcome]
    target: Outcome | None
    note_required: bool
    label: str  # msgid


OPEN = frozenset({Out.PENDING, Out.REFERRED})
MOVES: dict[str, Move] = {
    "solve_on_spot": Move(frozenset({Out.PENDING}), Out.SOLVED_ON_SPOT, True, N_("Solved on the spot")),
    "refer": Move(OPEN, Out.REFERRED, False, N_("Refer to the community or street")),
    "close_referral": Move(frozenset({Out.REFERRED}), Out.RESOLVED, True, N_("Referral resolved")),
    "turn_into_draft": Move(OPEN, Out.SUGGESTION, False, N_("Turn into a draft suggestion")),
    "link_suggestion": Move(OPEN, Out.SUGGESTION, False, N_("Link to a suggestion")),
    "explain_and_close": Move(OPEN, Out.EXPLAINED, True, N_("Explain and close")),
    "record_told": Move(SETTLED, None, False, N_("Record the constituent was told")),
}
ACTION_LABELS = {"log_opinion": N_("Opinion logged"), **{k: m.label for k, m in MOVES.items()}}
# The msgid of an outcome, an action code or a way of telling (tracker.web.i18n.tr translates).
LABELS = {**OUTCOME_LABELS, **ACTION_LABELS, **TOLD_WAYS}


# -- Who may do what --------------------------------------------------------------------------------
def is_logger(user: User, opinion: LiaisonOpinion) -> bool:
    return user.has_role(Role.DEPUTY) and opinion.deputy_id == user.id


def can_see(user: User, opinion: LiaisonOpinion) -> bool:
    """The logging deputy, the office, the supervisors and administrators open an opinion."""
    return is_logger(user, opinion) or bool(user.roles & {Role.OFFICE_STAFF, Role.SUPERVISOR, Role.ADMIN})


def can_see_contact(user: User, opinion: LiaisonOpinion) -> bool:
    """The constituent's contact is for the deputy who took it down and the office only."""
    return is_logger(user, opinion) or user.has_role(Role.OFFICE_STAFF)


def moves_for(user: User, opinion: LiaisonOpinion) -> list[str]:
    """The actions this user may take on the opinion now (the opinion page's buttons)."""
    if not is_logger(user, opinion):
        return []
    return [code for code, m in MOVES.items() if opinion.outcome in m.sources
            and not (code == "record_told" and opinion.told_on is not None)]


# -- Logging ---------------------------------------------------------------------------------------
@dataclass
class OpinionInput:
    """What a deputy types when logging an opinion; the form checks shape, this module sense."""

    station_id: int | None
    received_on: date | None
    constituent: str
    content: str
    address: str = ""
    contact: str = ""


def _text(value, field: str, max_len: int, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidData(N_("Required: %(name)s"), name=Label(label_of(field)), field=field)
    if len(value) > max_len:
        raise InvalidData(N_("%(name)s is too long (at most %(most)s)."), name=Label(label_of(field)),
                          most=max_len, field=field)
    return value


FIELD_NAMES = {"station_id": N_("Liaison station"), "received_on": N_("Date logged"),
               "constituent": N_("Constituent's name"), "content": N_("Opinion"),
               "address": N_("Where"), "contact": N_("Contact"),
               "note": N_("Note on the outcome"), "referred_to": N_("Referred to"),
               "follow_up_on": N_("Follow-up date"), "told_on": N_("Date told"),
               "told_how": N_("How told"), "title": N_("Suggestion title"),
               "suggestion_id": N_("Suggestion"), "session_id": N_("Session")}


def label_of(field: str) -> str:
    return FIELD_NAMES.get(field, field)


def log_opinion(session, deputy: User, data: OpinionInput, *, at: datetime) -> LiaisonOpinion:
    """A new opinion in `pending`, logged by the deputy at a station; audited as 'log_opinion'."""
    if not deputy.has_role(Role.DEPUTY):
        raise RoleNotHeld(N_("Only deputies log constituents' opinions."))
    station = session.get(LiaisonStation, data.station_id) if data.station_id else None
    if station is None or not station.is_active:
        raise InvalidData(N_("Choose a station."), field="station_id")
    today = china_date(at)
    if data.received_on is None:
        raise InvalidData(N_("Enter the date."), field="received_on")
    if data.received_on > today:
        raise InvalidData(N_("The date cannot be in the future."), field="received_on")
    opinion = LiaisonOpinion(
        station_id=station.id, deputy_id=deputy.id, received_on=data.received_on,
        constituent=_text(data.constituent, "constituent", 40, required=True),
        content=_text(data.content, "content", 5000, required=True),
        address=_text(data.address, "address", 200), contact=_text(data.contact, "contact", 100),
        outcome=Out.PENDING, created_at=at, updated_at=at)
    session.add(opinion)
    session.flush()
    _audit(session, opinion, deputy, "log_opinion", at, None, Out.PENDING, "",
           {"station": station.name, "received_on": data.received_on.isoformat()})
    return opinion


# -- Moves ------------------------------------------------------------------------------------------
def _start(opinion: LiaisonOpinion, actor: User, code: str, seen_version: int | None) -> Move:
    move = MOVES[code]
    if not actor.has_role(Role.DEPUTY):
        raise RoleNotHeld(N_("Only the deputy who logged it can act on it."))
    if opinion.deputy_id != actor.id:
        raise NotYourItem(N_("You did not log this opinion."))
    if seen_version is not None and seen_version != opinion.lock_version:
        raise StalePage(Label(OUTCOME_LABELS[opinion.outcome]))
    if opinion.outcome not in move.sources:
        raise NotAllowedNow(N_("The opinion is “%(outcome)s”: cannot “%(move)s” now."),
                            outcome=Label(OUTCOME_LABELS[opinion.outcome]), move=Label(move.label))
    if code == "record_told" and opinion.told_on is not None:
        raise NotAllowedNow(N_("The constituent's being told is already recorded."))
    return move


def _finish(session, opinion: LiaisonOpinion, actor: User, code: str, at: datetime, reason: str,
            data: dict) -> AuditEvent:
    move, before = MOVES[code], opinion.outcome
    if move.target is not None:
        opinion.outcome = move.target
    opinion.updated_at = at  # bumps lock_version
    try:
        session.flush()
    except StaleDataError:
        raise ActedFirst() from None
    return _audit(session, opinion, actor, code, at, before, opinion.outcome, reason, data)


def _audit(session, opinion: LiaisonOpinion, actor: User, action: str, at: datetime,
           before: Outcome | None, after: Outcome, reason: str, data: dict) -> AuditEvent:
    event = AuditEvent(suggestion_id=None, actor_id=actor.id, role=Role.DEPUTY, action=action,
                       reason=reason, at=at,
                       data={"opinion_id": opinion.id, "from": str(before) if before else None,
                             "to": str(after), **data})
    session.add(event)
    session.flush()
    session.add(LiaisonEvent(event_id=event.id, opinion_id=opinion.id))
    session.flush()
    return event


def _note(note: str | None, move: Move) -> str:
    return _text(note, "note", 5000, required=move.note_required)


def solve_on_spot(session, opinion, actor, *, note: str, at: datetime, seen_version=None) -> AuditEvent:
    move = _start(opinion, actor, "solve_on_spot", seen_version)
    opinion.outcome_note = _note(note, move)
    return _finish(session, opinion, actor, "solve_on_spot", at, opinion.outcome_note, {})


def refer(session, opinion, actor, *, referred_to: str, follow_up_on: date | None, note: str = "",
          at: datetime, seen_version=None) -> AuditEvent:
    """To the community or street, with the date the deputy will check back (again, to move it)."""
    move = _start(opinion, actor, "refer", seen_version)
    to = _text(referred_to, "referred_to", 100, required=True)
    today = china_date(at)
    if follow_up_on is None:
        raise InvalidData(N_("Enter the follow-up date."), field="follow_up_on")
    if follow_up_on < today:
        raise InvalidData(N_("The follow-up date cannot be in the past."),
                          field="follow_up_on")
    if follow_up_on > today + timedelta(days=MAX_FOLLOW_UP_DAYS):
        raise InvalidData(N_("The follow-up date must be within a year."),
                          field="follow_up_on")
    previous = opinion.follow_up_on
    opinion.referred_to, opinion.follow_up_on = to, follow_up_on
    opinion.outcome_note = _note(note, move)
    return _finish(session, opinion, actor, "refer", at, opinion.outcome_note,
                   {"referred_to": to, "follow_up_on": follow_up_on.isoformat(),
                    "previous_follow_up_on": previous.isoformat() if previous else None})


def close_referral(session, opinion, actor, *, note: str, at: datetime, seen_version=None) -> AuditEvent:
    move = _start(opinion, actor, "close_referral", seen_version)
    opinion.outcome_note = _note(note, move)
    return _finish(session, opinion, actor, "close_referral", at, opinion.outcome_note,
                   {"referred_to": opinion.referred_to})


def explain_and_close(session, opinion, actor, *, note: str, at: datetime, seen_version=None) -> AuditEvent:
    move = _start(opinion, actor, "explain_and_close", seen_version)
    opinion.outcome_note = _note(note, move)
    return _finish(session, opinion, actor, "explain_and_close", at, opinion.outcome_note, {})


def draft_text(opinion: LiaisonOpinion) -> tuple[str, str, str]:
    """The title, reasons and origin a draft made from this opinion starts with."""
    first = opinion.content.strip().splitlines()[0] if opinion.content.strip() else ""
    title = first[:60]
    reasons = (f"{opinion.content.strip()}\n\n（群众于{opinion.received_on.isoformat()}在"
               f"{opinion.station.name}反映{('，' + opinion.address) if opinion.address else ''}。）")
    origin = f"群众意见：{opinion.station.name}，{opinion.received_on.isoformat()}登记（意见 #{opinion.id}）"
    return title, reasons, origin


def turn_into_draft(session, opinion, actor, *, title: str, channel: Channel, session_id: int | None,
                    at: datetime, seen_version=None) -> Suggestion:
    """A draft for the deputy, prefilled from the opinion, linked both ways (drafts.create_draft)."""
    _start(opinion, actor, "turn_into_draft", seen_version)
    _, reasons, origin = draft_text(opinion)
    item = drafts.create_draft(session, actor, drafts.DraftInput(
        title=_text(title, "title", 200, required=True), reasons=reasons, proposals="",
        channel=channel, session_id=session_id if channel is Channel.SESSION else None, origin=origin),
        at=at)
    opinion.suggestion_id = item.id
    _finish(session, opinion, actor, "turn_into_draft", at, "",
            {"suggestion_id": item.id, "title": item.title})
    return item


def linkable_suggestions(session, actor: User) -> list[Suggestion]:
    """The deputy's own suggestions an opinion can be linked to, newest first."""
    return list(session.scalars(select(Suggestion).where(Suggestion.author_id == actor.id)
                                .order_by(Suggestion.created_at.desc(), Suggestion.id.desc()).limit(200)))


def link_suggestion(session, opinion, actor, *, suggestion_id: int | None, at: datetime,
                    seen_version=None) -> AuditEvent:
    """Link the opinion to a suggestion the deputy already leads (an existing draft or item)."""
    _start(opinion, actor, "link_suggestion", seen_version)
    item = session.get(Suggestion, suggestion_id) if suggestion_id else None
    if item is None or item.author_id != actor.id:
        raise InvalidData(N_("Choose a suggestion you lead."), field="suggestion_id")
    opinion.suggestion_id = item.id
    return _finish(session, opinion, actor, "link_suggestion", at, "",
                   {"suggestion_id": item.id, "title": item.title})


def record_told(session, opinion, actor, *, told_on: date | None, how: str, note: str = "",
                at: datetime, seen_version=None) -> AuditEvent:
    """How and when the constituent heard the result; once, after the outcome is settled."""
    _start(opinion, actor, "record_told", seen_version)
    if how not in TOLD_WAYS:
        raise InvalidData(N_("Choose how the constituent was told."), field="told_how")
    if told_on is None:
        raise InvalidData(N_("Enter the date told."), field="told_on")
    if told_on > china_date(at) or told_on < opinion.received_on:
        raise InvalidData(N_("The date must fall between the logging date and today."), field="told_on")
    opinion.told_on, opinion.told_how = told_on, how
    opinion.told_note = _text(note, "note", 2000)
    return _finish(session, opinion, actor, "record_told", at, opinion.told_note,
                   {"told_on": told_on.isoformat(), "told_how": how})
