"""The audit chain's committing passes: seal every chain (every minute), check every chain and tell
each congress (daily). Each chain is sealed in its own transactions, batch by batch."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from tracker.domain.audit_chain.checking import Head, Report, verify_chain
from tracker.domain.audit_chain.notices import notify_day, published_heads
from tracker.domain.audit_chain.sealing import chains, claim_chain, seal_next
from tracker.domain.deadlines.calendar import china_date


def seal_all(session, *, algorithm: str, at: datetime, batch: int = 1000) -> int:
    """Seal what each chain has ready; returns how many rows were sealed. Commits."""
    sealed = 0
    for congress_id in chains(session):
        session.commit()
        while claim_chain(session, congress_id):
            try:
                done = seal_next(session, congress_id, algorithm=algorithm, at=at, batch=batch)
                session.commit()
            except IntegrityError:  # another sealer appended first: it goes on with this chain
                session.rollback()
                break
            sealed += done
            if done < batch:
                break
        session.rollback()  # release the chain's lock when the loop ended without a commit
    return sealed


def verify_all(session, *, now: datetime, unsealed_after: timedelta,
               known: list[Head] = ()) -> list[Report]:
    """Every chain checked, the platform's first."""
    return [verify_chain(session, c, now=now, unsealed_after=unsealed_after, known=known)
            for c in chains(session)]


def check_and_tell(session, *, now: datetime, unsealed_after: timedelta) -> list[Report]:
    """The daily task: each congress's chain checked against the heads its readers were shown last,
    then one notice to each of them. Commits."""
    congresses = chains(session)[1:]
    known = {c: published_heads(session, c) for c in congresses}
    platform = verify_chain(session, None, now=now, unsealed_after=unsealed_after,
                            known=[h for heads in known.values() for h in heads])
    reports = [platform]
    for congress_id in congresses:
        mine = verify_chain(session, congress_id, now=now, unsealed_after=unsealed_after,
                            known=known[congress_id])
        notify_day(session, congress_id, mine, platform, day=china_date(now), now=now)
        reports.append(mine)
    session.commit()
    return reports
