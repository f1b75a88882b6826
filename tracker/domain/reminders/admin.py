"""The administrator's side of reminders: audited ladder and hours edits, the ledger, failures, test mail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select

from tracker.domain.audit import record
from tracker.domain.channels import ChannelError
from tracker.domain.channels import email as mail
from tracker.domain.errors import InvalidData
from tracker.domain.reminders.hours import DEFAULT_HOURS, get_setting, setting_in_force
from tracker.domain.reminders.ladder import MAX_BEFORE, Step, ladder_for
from tracker.models import Reminder, ReminderStep, User
from tracker.models.reminder import ReminderStatus
from tracker.tenancy import current_congress_id
from tracker.workflow import DeadlineKind, Role
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_


def check_steps(steps: list[Step]) -> None:
    """Offsets climb with the level, stay within bounds, and a key item's step is never later."""
    last = None
    for s in steps:
        if s.offset < -MAX_BEFORE or s.offset > 60:
            raise InvalidData(N_("Step %(level)s: at most %(most)s working days before and 60 after."),
                              level=s.level, most=MAX_BEFORE, field="steps")
        if s.key_offset > s.offset or s.key_offset < -MAX_BEFORE:
            raise InvalidData(
                N_("Step %(level)s: a key item's reminder cannot come later than a normal one."),
                level=s.level, field="steps")
        if last is not None and s.offset < last:
            raise InvalidData(N_("Steps must be in order of time."), field="steps")
        last = s.offset


def _as_data(steps: list[Step]) -> list[dict]:
    return [s.__dict__ | {"audience": str(s.audience)} for s in steps]


def _drop_own_steps(session, kind: DeadlineKind) -> None:
    # The scope would reach the platform's rows too: only this congress's go.
    session.execute(delete(ReminderStep).where(ReminderStep.kind == kind,
                                               ReminderStep.congress_id == current_congress_id()))


def save_ladder(session, actor: User, kind: DeadlineKind, steps: list[Step], *, at: datetime) -> None:
    """The congress's own steps for a kind; other congresses keep theirs (or the platform's)."""
    check_steps(steps)
    before = _as_data(ladder_for(session, kind))
    _drop_own_steps(session, kind)
    for n, s in enumerate(steps, 1):
        session.add(ReminderStep(kind=kind, level=n, day_offset=s.offset, key_day_offset=s.key_offset,
                                 audience=s.audience, congress_id=current_congress_id()))
    record(session, action=AuditAction.EDIT_REMINDER_LADDER, actor=actor, role=Role.ADMIN, at=at,
           data={"kind": str(kind), "before": before, "after": _as_data(steps)})
    session.flush()


def reset_ladder(session, actor: User, kind: DeadlineKind, *, at: datetime) -> None:
    """Back to the platform's ladder: the congress's own steps go."""
    before = _as_data(ladder_for(session, kind))
    _drop_own_steps(session, kind)
    session.flush()
    record(session, action=AuditAction.RESET_REMINDER_LADDER, actor=actor, role=Role.ADMIN, at=at,
           data={"kind": str(kind), "before": before, "after": _as_data(ladder_for(session, kind))})
    session.flush()


def save_hours(session, actor: User, *, quiet_hours: bool, day_starts: str, day_ends: str,
               at: datetime) -> None:
    if day_starts >= day_ends:
        raise InvalidData(N_("The working day must start before it ends."),
                          field="day_ends")
    row = get_setting(session)
    before = {"quiet_hours": row.quiet_hours, "day_starts": row.day_starts, "day_ends": row.day_ends}
    row.quiet_hours, row.day_starts, row.day_ends = quiet_hours, day_starts, day_ends
    record(session, action=AuditAction.EDIT_REMINDER_HOURS, actor=actor, role=Role.ADMIN, at=at,
           data={"before": before, "after": {"quiet_hours": quiet_hours, "day_starts": day_starts,
                                             "day_ends": day_ends}})
    session.flush()


def stored_hours(session) -> dict:
    """The hours set for this congress (its own, else the platform's), not the installation's override."""
    row = setting_in_force(session)
    if row is None:
        return dict(DEFAULT_HOURS)
    return {"quiet_hours": row.quiet_hours, "day_starts": row.day_starts, "day_ends": row.day_ends}


def ledger_for_item(session, suggestion_id: int) -> list[tuple[Reminder, User]]:
    return list(session.execute(
        select(Reminder, User).join(User, User.id == Reminder.recipient_id)
        .where(Reminder.suggestion_id == suggestion_id)
        .order_by(Reminder.created_at, Reminder.level, Reminder.recipient_id, Reminder.via)).all())


@dataclass(frozen=True)
class Health:
    by_status: dict
    failing: int       # pending rows whose last try failed
    failures: int      # failed tries, all time
    last_errors: list


def health(session) -> Health:
    by_status = {str(s): n for s, n in session.execute(
        select(Reminder.status, func.count()).group_by(Reminder.status))}
    failing = session.scalar(select(func.count()).select_from(Reminder).where(
        Reminder.status == ReminderStatus.PENDING, Reminder.failures > 0)) or 0
    failures = session.scalar(select(func.coalesce(func.sum(Reminder.failures), 0))) or 0
    errors = list(session.execute(
        select(Reminder.via, Reminder.last_error, func.count()).where(Reminder.last_error != "")
        .group_by(Reminder.via, Reminder.last_error).order_by(func.count().desc()).limit(5)))
    return Health(by_status, failing, failures, errors)


def try_test_email(session, actor: User, to: str, *, mail_url: str, mail_from: str,
                   at: datetime) -> str | None:
    """`send_test_email`, the failure returned as its reason instead of raised: audited either way."""
    try:
        send_test_email(session, actor, to, mail_url=mail_url, mail_from=mail_from, at=at)
    except ChannelError as exc:
        return str(exc)
    return None


def send_test_email(session, actor: User, to: str, *, mail_url: str, mail_from: str, at: datetime) -> None:
    """Send one mail now, through the configured channel; ChannelError says why it did not go."""
    msg = mail.build(mail_from, to, "代表建议系统测试邮件 / Test email from the suggestion tracker",
                     "这是一封测试邮件：提醒邮件可以送达。\nThis is a test: reminder mail gets through.\n",
                     "<p>这是一封测试邮件：提醒邮件可以送达。</p>"
                     "<p>This is a test: reminder mail gets through.</p>",
                     f"test-{int(at.timestamp())}-{actor.id}", "zh")
    error = ""
    try:
        with mail.mailer(mail_url) as m:
            m.send(msg)
    except ChannelError as exc:
        error = str(exc)
    record(session, action=AuditAction.SEND_TEST_EMAIL, actor=actor, role=Role.ADMIN, at=at,
           data={"to": to, "error": error})
    session.flush()
    if error:
        raise ChannelError(error)
