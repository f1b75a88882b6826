"""A person's own notification settings: immediate notices or one digest a day, by email, by SMS; audited."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from tracker.domain.audit import record
from tracker.models import ReminderPreference, User
from tracker.workflow.audit import AuditAction


@dataclass(frozen=True)
class Delivery:
    """What the notice centre's settings page shows and sends; the reminder workers read the same."""

    digest: bool  # one digest per working day instead of a message for each notice
    by_email: bool
    by_sms: bool


def delivery_of(session, user: User) -> Delivery:
    row = session.get(ReminderPreference, user.id)  # no row: both channels, as the planner reads it
    return Delivery(bool(user.notify_digest), row is None or row.by_email, row is None or row.by_sms)


def save_delivery(session, user: User, wanted: Delivery, *, at: datetime) -> bool:
    """Store the person's choices: one audit row with the settings before and after, when any
    changed (saving the same choices again writes nothing). Returns whether anything changed."""
    before = delivery_of(session, user)
    if wanted == before:
        return False
    user.notify_digest = wanted.digest
    row = session.get(ReminderPreference, user.id)
    if row is None:
        row = ReminderPreference(user_id=user.id)
        session.add(row)
    row.by_email, row.by_sms = wanted.by_email, wanted.by_sms
    record(session, action=AuditAction.EDIT_NOTIFICATION_SETTINGS, actor=user, role=None, at=at,
           data={"before": asdict(before), "after": asdict(wanted)})
    session.flush()
    return True
