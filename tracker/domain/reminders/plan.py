"""Planning: open deadlines whose next ladder step has come get their ledger rows, exactly once.

The planner reads only reminder_schedule rows whose moment has passed (a partial index), claims
them with FOR UPDATE SKIP LOCKED on PostgreSQL so workers share the work, and inserts ledger rows
with ON CONFLICT DO NOTHING on the ledger's unique key, so a second planner (another worker, a
doubled beat, a redelivered task) can never add a second row. Planning has no outside effect:
each batch's transaction (committed by tracker.jobs.reminders) happens whole or not at all.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from tracker.domain.congress.belonging import congress_name, in_several
from tracker.domain.deadlines.calendar import WorkCalendar, load_calendar
from tracker.domain.reminders.hours import Hours, load_hours
from tracker.domain.reminders.ladder import ladder_for, recipients, step_day, superseded
from tracker.domain.reminders.texts import lang_of
from tracker.domain.webhooks.emit import overdue
from tracker.models import (
    AuditEvent,
    Deadline,
    HandlingUnit,
    Reminder,
    ReminderPreference,
    ReminderSchedule,
    Suggestion,
    User,
)
from tracker.models.reminder import Audience, ReminderStatus, Via
from tracker.models.tenancy import current_congress_id
from tracker.workflow import Owner
from tracker.workflow.i18n import N_

BATCH = 500
ROLE_OWNERS = {Owner.OFFICE: N_("the office"), Owner.REVIEWER: N_("the committee"),
               Owner.SUPERVISOR: N_("the council")}  # msgids


def _insert_unless_taken(session, model, keys: list[str]):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model.__table__).on_conflict_do_nothing(index_elements=keys)


def insert_ignoring_repeats(session, model, rows: list[dict], keys: list[str]) -> None:
    if not rows:
        return
    session.execute(_insert_unless_taken(session, model, keys), rows)


def insert_if_absent(session, model, row: dict, keys: list[str]) -> bool:
    """Insert `row` unless its `keys` are taken; whether it was. On PostgreSQL a row of the same
    keys not yet committed by another transaction is waited for: absent if that one rolls back."""
    stmt = _insert_unless_taken(session, model, keys).returning(model.__table__.c.id)
    return session.execute(stmt, row).first() is not None


class Planner:
    """One planning pass at `now`, with the lookups it repeats cached for the pass."""

    def __init__(self, session, now: datetime):
        self.session, self.now = session, now
        self.calendar: WorkCalendar = load_calendar(session)
        self.hours: Hours = load_hours(session)
        self.ladders: dict = {}
        self.people: dict = {}
        self.users: dict[int, User] = {}
        self.units: dict[int, HandlingUnit] = {}
        self.prefs = dict(session.execute(select(ReminderPreference.user_id, ReminderPreference)).all())
        self.congress_id = current_congress_id()
        self.several: dict[int, bool] = {}  # person -> works in more than one congress
        self.names: dict[str, str] = {}     # language -> this congress's short name

    def claim(self, batch: int) -> list[ReminderSchedule]:
        stmt = (select(ReminderSchedule).where(ReminderSchedule.next_at.is_not(None),
                                               ReminderSchedule.next_at <= self.now)
                .order_by(ReminderSchedule.next_at).limit(batch))
        if self.session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        return list(self.session.scalars(stmt))

    def plan_batch(self, batch: int = BATCH) -> int | None:
        """Claim and plan one batch of due steps and flush; the number of ledger rows written, or
        None when no step was due. The caller commits (tracker.jobs.reminders)."""
        rows = self.claim(batch)
        if not rows:
            return None
        deadlines = {d.id: d for d in self.session.scalars(
            select(Deadline).where(Deadline.id.in_([r.deadline_id for r in rows])))}
        items = {s.id: s for s in self.session.scalars(
            select(Suggestion).options(selectinload(Suggestion.category))
            .where(Suggestion.id.in_({d.suggestion_id for d in deadlines.values()})))}
        # Strong references for the batch: the identity map alone would forget them.
        self.users = {u.id: u for u in self.session.scalars(select(User).where(
            User.id.in_({d.owner_user_id for d in deadlines.values()} - {None})))}
        self.units = {u.id: u for u in self.session.scalars(select(HandlingUnit).where(
            HandlingUnit.id.in_({d.owner_unit_id for d in deadlines.values()} - {None})))}
        ledger: list[dict] = []
        for row in rows:
            d = deadlines.get(row.deadline_id)
            ledger += self.plan_one(row, d, items.get(d.suggestion_id) if d else None)
        insert_ignoring_repeats(self.session, Reminder, ledger,
                                ["deadline_id", "due_on", "level", "recipient_id", "via"])
        self.session.flush()
        return len(ledger)

    def plan_one(self, row: ReminderSchedule, d: Deadline | None, item) -> list[dict]:
        if d is None or d.closed_at is not None or item is None:
            self.session.execute(delete(ReminderSchedule).where(
                ReminderSchedule.deadline_id == row.deadline_id))
            return []
        ladder = ladder_for(self.session, d.kind, self.ladders)
        steps = [s for s in ladder if s.level >= row.next_level]
        was_late = any(s.offset_for(item.is_key) > 0 for s in ladder if s.level < row.next_level)
        timed = [(s, self.hours.opens_on(step_day(self.calendar, d.due_on, s.offset_for(item.is_key))))
                 for s in steps]
        passed = [s for s, moment in timed if moment <= self.now]
        later = sorted((moment, s.level) for s, moment in timed if moment > self.now)
        if later:
            row.next_at, row.next_level = later[0]
        else:
            row.next_at = None
        if not passed:
            return []
        if not was_late and any(s.offset_for(item.is_key) > 0 for s in passed):
            overdue(self.session, d, item, self.now)  # the first step after the due day: once a deadline
        due_at = self.hours.next_open(self.calendar, self.now)
        payload = self.payload(d, item)
        out = []
        for step in superseded(passed):
            people = self.recipients(d, item, step.audience)
            self.note_several(people)
            for user in people:
                named = self.named(user)
                for via in self.channels(user):
                    # The ledger is a Core insert: its rows say their congress themselves.
                    out.append(dict(congress_id=self.congress_id, deadline_id=d.id,
                                    suggestion_id=item.id, due_on=d.due_on,
                                    level=step.level, audience=step.audience, recipient_id=user.id,
                                    via=via, digest=via is not Via.INAPP and user.notify_digest,
                                    status=ReminderStatus.PENDING, created_at=self.now, due_at=due_at,
                                    attempts=0, failures=0, last_error="",
                                    payload=payload | named | {"audience": str(step.audience)}))
        return out

    def note_several(self, people: list[User]) -> None:
        unknown = {u.id for u in people} - self.several.keys()
        if unknown:
            found = in_several(self.session, unknown)
            self.several |= {i: i in found for i in unknown}

    def named(self, user: User) -> dict:
        """A person who works in several congresses reads which one a reminder is from."""
        if not self.several.get(user.id):
            return {}
        lang = lang_of(user.locale)
        if lang not in self.names:
            self.names[lang] = congress_name(self.session, lang)
        return {"congress": self.names[lang]}

    def recipients(self, d: Deadline, item, audience: Audience) -> list[User]:
        if audience is Audience.OWNER and d.owner_user_id is not None:
            user = self.users.get(d.owner_user_id)
            return [user] if user is not None and user.is_active_user else []
        committee = item.category.committee_id if item.category else None
        key = (audience, d.owner, d.owner_unit_id, committee if d.owner is Owner.REVIEWER else None)
        if key not in self.people:
            self.people[key] = recipients(self.session, d, item, audience)
        return self.people[key]

    def channels(self, user: User) -> list[Via]:
        pref = self.prefs.get(user.id)
        out = [Via.INAPP]
        if user.email and (pref is None or pref.by_email):
            out.append(Via.EMAIL)
        if user.phone and (pref is None or pref.by_sms):
            out.append(Via.SMS)
        return out

    def payload(self, d: Deadline, item) -> dict:
        owner = owner_label = ""  # a name, or the msgid of a role's label (texts.owner_of)
        if d.owner_user_id is not None:
            user = self.users.get(d.owner_user_id)
            owner = user.name if user else ""
        elif d.owner_unit_id is not None:
            unit = self.units.get(d.owner_unit_id)
            owner = unit.name if unit else ""
        elif d.owner in ROLE_OWNERS:
            owner_label = ROLE_OWNERS[d.owner]
        event_id = d.opened_by_event_id or self.session.scalar(
            select(AuditEvent.id).where(AuditEvent.suggestion_id == item.id)
            .order_by(AuditEvent.id.desc()).limit(1))
        return {"deadline_id": d.id, "title": item.title, "kind": str(d.kind), "due_on": d.due_on.isoformat(),
                "owner": owner, "owner_label": owner_label, "event_id": event_id}

