"""Delivery of ledger rows, claimed in batches under a lease: in-app exactly once, mail and SMS at least once.

A claim stamps a batch of due pending rows with a fresh token and a lease (FOR UPDATE SKIP LOCKED
on PostgreSQL; on SQLite the conditional UPDATE is the claim). Every later write is conditional on
that token, so a worker whose lease ran out and was taken over writes nothing. In-app: the notice
insert and the status change share one transaction. Email and SMS: sent, then recorded; a worker
killed in between leaves the row pending, its lease expires and the message goes again with the
same id. A channel that fails puts the rest of its batch back with a backoff; nothing is dropped.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from tracker.domain.audit_chain import notices as chain
from tracker.domain.channels import ChannelError, Refused
from tracker.domain.channels import email as mail
from tracker.domain.channels.sms import send_sms
from tracker.domain.core.notify import REMINDED, settle_repeats
from tracker.domain.deadlines.calendar import china_date, load_calendar
from tracker.domain.reminders import texts
from tracker.domain.reminders.hours import load_hours
from tracker.models import Congress, Outbox, Reminder, User
from tracker.models.reminder import ReminderStatus, Via
from tracker.translations import in_locale

PENDING = ReminderStatus.PENDING


@dataclass
class Delivery:
    """Where messages go and how rows are leased; built from the app's configuration."""

    mail_url: str
    mail_from: str
    sms_url: str
    sms_key: str
    base_url: str
    lease: timedelta = timedelta(minutes=5)
    batch: int = 200
    worker: str = ""

    def link(self, congress_code: str, suggestion_id: int) -> str:
        """The item's page by way of its congress (tracker.web.congress.open_item), so the link
        opens it even for a person of several congresses who is working in another one."""
        return f"{self.base_url.rstrip('/')}/c/{congress_code}/items/{suggestion_id}"


@dataclass(frozen=True)
class Claimed:
    """A claimed ledger row as plain values: commits in the batch must not reload it row by row."""

    id: int
    suggestion_id: int
    recipient_id: int
    via: Via
    level: int
    failures: int
    payload: dict
    congress_id: int

    @property
    def message_id(self) -> str:
        return f"reminder-{self.id}-{self.via}"


def backoff(failures: int) -> timedelta:
    """1, 2, 4 … minutes, at most an hour."""
    return timedelta(minutes=min(60, 2 ** max(0, failures - 1)))


def claim(session, now: datetime, conf: Delivery, *, digest: bool = False,
          batch: int | None = None) -> tuple[str, list[Claimed]]:
    token = uuid.uuid4().hex
    free = or_(Reminder.lease_until.is_(None), Reminder.lease_until < now)
    due = and_(Reminder.status == PENDING, Reminder.due_at <= now, Reminder.digest.is_(digest), free)
    pick = select(Reminder.id).where(due).order_by(Reminder.due_at, Reminder.id).limit(batch or conf.batch)
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    ids = list(session.scalars(pick))
    if not ids:
        session.commit()
        return token, []
    # On SQLite this UPDATE is the claim: only rows still free when it runs get our token.
    session.execute(update(Reminder).where(Reminder.id.in_(ids), due)
                    .values(lease_token=token, lease_until=now + conf.lease,
                            attempts=Reminder.attempts + 1)
                    .execution_options(synchronize_session=False))
    session.commit()
    rows = [Claimed(*r) for r in session.execute(
        select(Reminder.id, Reminder.suggestion_id, Reminder.recipient_id, Reminder.via, Reminder.level,
               Reminder.failures, Reminder.payload, Reminder.congress_id)
        .where(Reminder.lease_token == token).order_by(Reminder.id))]
    session.commit()
    return token, rows


def _finish(session, token: str, ids: list[int], now: datetime) -> list[int]:
    """Mark rows sent if the lease is still ours; returns the ids that were."""
    if not ids:
        return []
    result = session.execute(
        update(Reminder).where(Reminder.id.in_(ids), Reminder.lease_token == token,
                               Reminder.status == PENDING)
        .values(status=ReminderStatus.SENT, sent_at=now, lease_token=None, lease_until=None)
        .returning(Reminder.id).execution_options(synchronize_session=False))
    return list(result.scalars())


@contextmanager
def sending_session(session):
    """On PostgreSQL, a session on a connection of its own whose commits do not wait for the disk.

    Only a crash of the database server itself can lose such a commit, and then it is lost whole:
    the rows are still pending and go again (email and SMS are at least once anyway; a notice and
    its status change are lost together, so in-app stays exactly once). A commit per mail then
    costs one round trip instead of a disk flush.
    """
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        yield session
        return
    with bind.connect() as conn:
        conn.exec_driver_sql("SET synchronous_commit TO off")
        conn.commit()
        own = Session(bind=conn)
        try:
            yield own
        finally:
            own.close()
            conn.rollback()
            conn.exec_driver_sql("RESET synchronous_commit")
            conn.commit()


def _fail(session, token: str, rows: list[Claimed], now: datetime, error: str) -> None:
    hours, cal = load_hours(session), load_calendar(session)
    for r in rows:
        session.execute(
            update(Reminder).where(Reminder.id == r.id, Reminder.lease_token == token,
                                   Reminder.status == PENDING)
            .values(failures=Reminder.failures + 1, last_error=error[:500], lease_token=None,
                    lease_until=None, due_at=hours.next_open(cal, now + backoff(r.failures + 1)))
            .execution_options(synchronize_session=False))
    session.commit()


def _skip(session, token: str, rows: list[Claimed], why: str) -> None:
    for r in rows:
        session.execute(update(Reminder).where(Reminder.id == r.id, Reminder.lease_token == token)
                        .values(status=ReminderStatus.SKIPPED, last_error=why, lease_token=None)
                        .execution_options(synchronize_session=False))
    session.commit()


def reminder_notice(r: Claimed | Reminder, now: datetime) -> dict:
    """The in-app notice of a ledger row, for a Core insert: it says its congress itself."""
    return dict(congress_id=r.congress_id, event_id=r.payload["event_id"], recipient_id=r.recipient_id,
                kind=REMINDED, created_at=now,
                payload=r.payload | {"suggestion_id": r.suggestion_id, "reminder_id": r.id, "level": r.level,
                                     "sent_on": china_date(now).isoformat()})


def deliver_inapp(session, token: str, rows: list[Claimed], now: datetime) -> int:
    """Notices and status in one transaction: both happen or neither (exactly once)."""
    hangable = [r for r in rows if r.payload.get("event_id")]
    _skip(session, token, [r for r in rows if not r.payload.get("event_id")], "no event for a notice")
    done = set(_finish(session, token, [r.id for r in hangable], now))
    notices = [reminder_notice(r, now) for r in hangable if r.id in done]
    if notices:
        session.execute(Outbox.__table__.insert(), notices)
        # Each piece of work shows once: the new reminder settles what was said before about it.
        settle_repeats(session, {n["payload"]["suggestion_id"] for n in notices}, now)
    session.commit()
    return len(notices)


def _people(session, rows: list[Claimed]) -> dict[int, User]:
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_({r.recipient_id for r in rows})))}


def _codes(session, rows: list[Claimed]) -> dict[int, str]:
    """Each row's congress code, for its links (the rows of a platform-wide pass name several)."""
    ids = {r.congress_id for r in rows}
    return dict(session.execute(select(Congress.id, Congress.code).where(Congress.id.in_(ids))).all())


def deliver_email(session, token, rows, now, conf: Delivery, groups=None) -> int:
    """One message per row, or per group of rows (a digest); recorded right after each is sent."""
    people, codes = _people(session, rows), _codes(session, rows)
    # A digest (groups given) of an administrator or supervisor ends with the day's audit chain check.
    notes = chain.digest_lines(session, set(people), now - timedelta(days=1)) if groups else {}
    groups = groups or [[r] for r in rows]
    sent = 0
    try:
        with mail.mailer(conf.mail_url) as m:
            for i, group in enumerate(groups):
                user = people[group[0].recipient_id]
                lang = texts.lang_of(user.locale)
                with in_locale(lang):  # each recipient's own language
                    pairs = [(r.payload, conf.link(codes[r.congress_id], r.suggestion_id)) for r in group]
                    subject, text, html = texts.email(pairs, lang, china_date(now), notes.get(user.id))
                msg_id = group[0].message_id if len(group) == 1 else f"digest-{group[0].id}-email"
                try:
                    m.send(mail.build(conf.mail_from, mail.address(user.name, user.email), subject,
                                      text, html, msg_id, lang))
                except Refused as exc:  # this address only: the others still go
                    _skip(session, token, group, str(exc))
                    continue
                except ChannelError as exc:
                    _fail(session, token, [r for g in groups[i:] for r in g], now, str(exc))
                    return sent
                sent += len(_finish(session, token, [r.id for r in group], now))
                session.commit()
    except ChannelError as exc:  # no connection at all: the whole batch waits
        _fail(session, token, rows, now, str(exc))
    return sent


def deliver_sms(session, token, rows, now, conf: Delivery, groups=None) -> int:
    people, codes = _people(session, rows), _codes(session, rows)
    groups = groups or [[r] for r in rows]
    sent = 0
    for i, group in enumerate(groups):
        user = people[group[0].recipient_id]
        with in_locale(user.locale):
            body = texts.sms([(r.payload, conf.link(codes[r.congress_id], r.suggestion_id)) for r in group],
                             china_date(now))
        sms_id = group[0].message_id if len(group) == 1 else f"digest-{group[0].id}-sms"
        try:
            send_sms(conf.sms_url, conf.sms_key, sms_id, user.phone, body)
        except ChannelError as exc:
            _fail(session, token, [r for g in groups[i:] for r in g], now, str(exc))
            return sent
        sent += len(_finish(session, token, [r.id for r in group], now))
        session.commit()
    return sent


def deliver_batch(session, token, rows, now, conf: Delivery) -> int:
    by_via: dict[Via, list[Claimed]] = defaultdict(list)
    for r in rows:
        by_via[r.via].append(r)
    sent = deliver_inapp(session, token, by_via[Via.INAPP], now)
    if by_via[Via.EMAIL]:
        sent += deliver_email(session, token, by_via[Via.EMAIL], now, conf)
    if by_via[Via.SMS]:
        sent += deliver_sms(session, token, by_via[Via.SMS], now, conf)
    return sent


def deliver_due(session, now: datetime, conf: Delivery, *, max_batches: int | None = None) -> int:
    """Send every due immediate row, batch after batch; nothing during quiet hours."""
    if not load_hours(session).is_open(load_calendar(session), now):
        return 0
    sent, batches = 0, 0
    with sending_session(session) as own:
        while max_batches is None or batches < max_batches:
            token, rows = claim(own, now, conf)
            if not rows:
                break
            sent += deliver_batch(own, token, rows, now, conf)
            batches += 1
    return sent


def deliver_digests(session, now: datetime, conf: Delivery) -> int:
    """One email and one SMS per person with everything that waited for the day's digest."""
    if not load_calendar(session).is_workday(china_date(now)):
        return 0
    with sending_session(session) as own:
        return _send_digests(own, now, conf)


def _send_digests(session, now: datetime, conf: Delivery) -> int:
    sent = 0
    while True:
        token, rows = claim(session, now, conf, digest=True, batch=5000)
        if not rows:
            return sent
        for via, deliver in ((Via.EMAIL, deliver_email), (Via.SMS, deliver_sms)):
            per_person: dict[int, list[Claimed]] = defaultdict(list)
            for r in rows:
                if r.via is via:
                    per_person[r.recipient_id].append(r)
            if per_person:
                sent += deliver(session, token, [r for g in per_person.values() for r in g], now, conf,
                                groups=list(per_person.values()))
