"""The liaison-station log's operations (有诉必应, DOMAIN §9): log an opinion, record its outcome,
refer it with a follow-up date and close the referral, turn it into a draft or link a suggestion,
explain and close it, record that the constituent was told.

The opinion's table is tracker.workflow.liaison; every move goes through its engine
(tracker.domain.liaison.engine), which checks who acts, moves the outcome and writes the audit event
linked to the opinion. An operation here validates its input and sets the opinion's own fields; it
flushes, the caller commits, or rolls back on a DomainError.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from tracker.domain.accounts import service
from tracker.domain.authoring import drafts
from tracker.domain.deadlines.calendar import china_date
from tracker.domain.errors import InvalidData, Label, RoleNotHeld
from tracker.domain.liaison.engine import apply, log
from tracker.domain.webhooks import emit as webhooks
from tracker.models import AuditEvent, LiaisonOpinion, LiaisonStation, Suggestion, User
from tracker.workflow import Channel, Reason, Role
from tracker.workflow.i18n import N_
from tracker.workflow.liaison import (
    LIAISON_MOVES,
    RESOLVED,  # noqa: F401  (read by the liaison pages and figures as operations.RESOLVED)
    SETTLED,  # noqa: F401
    OpinionAction,
    OpinionMove,
    OpinionSource,
    Outcome,
    ToldHow,
    opinion_actions,
)

Out, OA = Outcome, OpinionAction
# The table's rows by action (every row of an action moves to the same outcome, or keeps it).
MOVES: dict[OpinionAction, OpinionMove] = {}
for _move in LIAISON_MOVES:
    MOVES.setdefault(_move.action, _move)
MAX_FOLLOW_UP_DAYS = 366


def member(value):
    """The outcome, action or way of telling that a stored value names (the pages show its label
    with tracker.web.i18n.tr); the value itself when it names none."""
    if isinstance(value, Outcome | OpinionAction | ToldHow | OpinionSource):
        return value
    for kind in (Outcome, OpinionAction, ToldHow, OpinionSource):
        try:
            return kind(value)
        except ValueError:
            continue
    return value


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
    return [a for a in opinion_actions(opinion.outcome)
            if not (a is OA.RECORD_TOLD and opinion.told_on is not None)]


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
    source: OpinionSource | None = None  # the channel; None: in person (a service account must name it)


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
    source = _source(session, deputy, station, data.source)
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
        outcome=Out.PENDING, source=source, created_at=at, updated_at=at)
    session.add(opinion)
    session.flush()
    log(session, opinion, deputy, OA.LOG_OPINION, at, None, "",
        {"station": station.name, "received_on": data.received_on.isoformat(), "source": source.value})
    webhooks.opinion_logged(session, opinion, station.name, at)
    return opinion


def _source(session, deputy: User, station: LiaisonStation, source) -> OpinionSource:
    """The channel an opinion came in by. A service account (a hotline's intake) logs only at its
    own station and always names the channel; a deputy's own logging is in person unless named."""
    try:
        source = OpinionSource(source) if source else None
    except ValueError:
        raise InvalidData(N_("Invalid choice: %(name)s"), name="source", field="source") from None
    if not deputy.is_service_account:
        return source or OpinionSource.IN_PERSON
    account = service.account_of(session, deputy)
    if account is None or account.station_id != station.id:
        raise RoleNotHeld(N_("This service account logs opinions at its own station only."))
    if source is None:
        raise InvalidData(N_("Name the channel the opinion came in by."), field="source")
    return source


# -- Moves (each through the opinion engine) -------------------------------------------------------
def _note(note: str | None, move: OpinionMove) -> str:
    return _text(note, "note", 5000, required=move.reason is Reason.REQUIRED)


def solve_on_spot(session, opinion, actor, *, note: str, at: datetime, seen_version=None) -> AuditEvent:
    def effect(move):
        opinion.outcome_note = _note(note, move)
        return opinion.outcome_note, {}
    return apply(session, opinion, OA.SOLVE_ON_SPOT, actor=actor, at=at, effect=effect,
                 seen_version=seen_version)


def refer(session, opinion, actor, *, referred_to: str, follow_up_on: date | None, note: str = "",
          at: datetime, seen_version=None) -> AuditEvent:
    """To the community or street, with the date the deputy will check back (again, to move it)."""
    def effect(move):
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
        return opinion.outcome_note, {"referred_to": to, "follow_up_on": follow_up_on.isoformat(),
                                      "previous_follow_up_on": previous.isoformat() if previous else None}
    return apply(session, opinion, OA.REFER, actor=actor, at=at, effect=effect, seen_version=seen_version)


def close_referral(session, opinion, actor, *, note: str, at: datetime, seen_version=None) -> AuditEvent:
    def effect(move):
        opinion.outcome_note = _note(note, move)
        return opinion.outcome_note, {"referred_to": opinion.referred_to}
    return apply(session, opinion, OA.CLOSE_REFERRAL, actor=actor, at=at, effect=effect,
                 seen_version=seen_version)


def explain_and_close(session, opinion, actor, *, note: str, at: datetime, seen_version=None) -> AuditEvent:
    def effect(move):
        opinion.outcome_note = _note(note, move)
        return opinion.outcome_note, {}
    return apply(session, opinion, OA.EXPLAIN_AND_CLOSE, actor=actor, at=at, effect=effect,
                 seen_version=seen_version)


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
    made: list[Suggestion] = []

    def effect(move):
        _, reasons, origin = draft_text(opinion)
        item = drafts.create_draft(session, actor, drafts.DraftInput(
            title=_text(title, "title", 200, required=True), reasons=reasons, proposals="",
            channel=channel, session_id=session_id if channel is Channel.SESSION else None,
            origin=origin), at=at)
        opinion.suggestion_id = item.id
        made.append(item)
        return "", {"suggestion_id": item.id, "title": item.title}
    apply(session, opinion, OA.TURN_INTO_DRAFT, actor=actor, at=at, effect=effect, seen_version=seen_version)
    return made[0]


def linkable_suggestions(session, actor: User) -> list[Suggestion]:
    """The deputy's own suggestions an opinion can be linked to, newest first."""
    return list(session.scalars(select(Suggestion).where(Suggestion.author_id == actor.id)
                                .order_by(Suggestion.created_at.desc(), Suggestion.id.desc()).limit(200)))


def link_suggestion(session, opinion, actor, *, suggestion_id: int | None, at: datetime,
                    seen_version=None) -> AuditEvent:
    """Link the opinion to a suggestion the deputy already leads (an existing draft or item)."""
    def effect(move):
        item = session.get(Suggestion, suggestion_id) if suggestion_id else None
        if item is None or item.author_id != actor.id:
            raise InvalidData(N_("Choose a suggestion you lead."),
                              field="suggestion_id")
        opinion.suggestion_id = item.id
        return "", {"suggestion_id": item.id, "title": item.title}
    return apply(session, opinion, OA.LINK_SUGGESTION, actor=actor, at=at, effect=effect,
                 seen_version=seen_version)


def record_told(session, opinion, actor, *, told_on: date | None, how: str, note: str = "",
                at: datetime, seen_version=None) -> AuditEvent:
    """How and when the constituent heard the result; once, after the outcome is settled."""
    def effect(move):
        if how not in set(ToldHow):
            raise InvalidData(N_("Choose how the constituent was told."), field="told_how")
        if told_on is None:
            raise InvalidData(N_("Enter the date."), field="told_on")
        if told_on > china_date(at) or told_on < opinion.received_on:
            raise InvalidData(N_("The date must fall between the logging date and today."), field="told_on")
        opinion.told_on, opinion.told_how = told_on, ToldHow(how)
        opinion.told_note = _text(note, "note", 2000)
        return opinion.told_note, {"told_on": told_on.isoformat(), "told_how": ToldHow(how)}
    return apply(session, opinion, OA.RECORD_TOLD, actor=actor, at=at, effect=effect,
                 seen_version=seen_version)
