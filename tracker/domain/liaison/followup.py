"""Referral follow-ups: an in-app notice to the deputy when a referral's follow-up date has come.

The reminders ledger (tracker.domain.reminders) is built on suggestion deadlines (a deadline row,
a suggestion id, a ladder per deadline kind), which a referral has none of; so a referral has its
own small ledger, `liaison_follow_up`, unique per opinion and follow-up date. A notice is written
in the same transaction as its ledger row, so it exists exactly once, whichever worker or beat
runs the pass and however often. Changing the follow-up date (referring again) earns a new one.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, exists, select
from sqlalchemy.exc import IntegrityError

from tracker.models import LiaisonEvent, LiaisonFollowUp, LiaisonOpinion, Outbox
from tracker.models.liaison import Outcome
from tracker.translations import Message
from tracker.workflow.i18n import N_

KIND = "liaison_follow_up"
Op = LiaisonOpinion
BATCH = 500


def due_without_notice(session, today: date, limit: int = BATCH) -> list[LiaisonOpinion]:
    """Referrals whose follow-up date has come and that have no notice for that date yet."""
    noticed = exists().where(and_(LiaisonFollowUp.opinion_id == Op.id,
                                  LiaisonFollowUp.due_on == Op.follow_up_on))
    return list(session.scalars(
        select(Op).where(Op.outcome == Outcome.REFERRED, Op.follow_up_on <= today, ~noticed)
        .order_by(Op.follow_up_on, Op.id).limit(limit)))


def notify_due_referrals(session, today: date, now: datetime) -> int:
    """Give each due referral's deputy one in-app notice; returns how many were written. Flushes."""
    written = 0
    for opinion in due_without_notice(session, today):
        # The event that set this follow-up date: the notice hangs on it, as outbox rows must.
        event_id = session.scalar(select(LiaisonEvent.event_id).where(LiaisonEvent.opinion_id == opinion.id)
                                  .order_by(LiaisonEvent.event_id.desc()).limit(1))
        try:
            with session.begin_nested():  # a racing pass already wrote it: skip, keep the rest
                notice = Outbox(event_id=event_id, recipient_id=opinion.deputy_id, kind=KIND,
                                payload={"opinion_id": opinion.id, "title": opinion.content[:40],
                                         "constituent": opinion.constituent,
                                         "due_on": opinion.follow_up_on.isoformat(),
                                         "referred_to": opinion.referred_to},
                                created_at=now)
                session.add(notice)
                session.flush()
                session.add(LiaisonFollowUp(opinion_id=opinion.id, due_on=opinion.follow_up_on,
                                            outbox_id=notice.id, created_at=now))
                session.flush()
        except IntegrityError:
            continue
        written += 1
    return written


TEXT = N_("Referral of “%(title)s” (%(constituent)s) to %(referred_to)s: follow up by %(due_on)s")


def notice_line(payload: dict) -> Message:
    """The notice centre's sentence for a follow-up notice."""
    return Message(TEXT, **{k: payload.get(k, "") for k in ("title", "constituent", "referred_to", "due_on")})
