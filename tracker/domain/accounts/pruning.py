"""Pruning the sign-in log and ended logins once their retention has passed (a system action).

Neither table is in an audit chain (tracker.models.signin), so rows can go without breaking a seal;
what went, and the cut-offs, are recorded as one platform-wide audit event of the system itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func

from tracker.domain.audit import record
from tracker.models import Login, SignInAttempt
from tracker.workflow.audit import AuditAction

# Defaults, in days. The Cybersecurity Law (Art. 21) and 等保 2.0 level 3 ask for network and
# security logs to be kept at least six months: 180 days of sign-in attempts is that floor. An ended
# login is a session's record (who, when, from where), of which the sign-in log keeps the attempt
# itself for 180 days; 90 days covers "which devices were signed in lately" on the profile and
# people pages without keeping addresses and devices longer than needed.
SIGN_IN_ATTEMPT_DAYS = 180
ENDED_LOGIN_DAYS = 90


@dataclass(frozen=True)
class Pruned:
    sign_in_attempts: int
    logins: int


def prune_sign_in_records(session, *, at: datetime, attempt_days: float = SIGN_IN_ATTEMPT_DAYS,
                          login_days: float = ENDED_LOGIN_DAYS) -> Pruned:
    """Delete sign-in attempts older than `attempt_days` and logins that ended (or passed their
    absolute limit, i.e. timed out) more than `login_days` before `at`; a login still open stays
    whatever its age. Recorded when anything went; flushes, no commit."""
    attempts_before, logins_before = at - timedelta(days=attempt_days), at - timedelta(days=login_days)
    attempts = session.execute(delete(SignInAttempt).where(SignInAttempt.at < attempts_before)
                               .execution_options(synchronize_session=False)).rowcount
    # A login that timed out keeps ended_at NULL; past expires_at no cookie opens it either way.
    over = func.coalesce(Login.ended_at, Login.expires_at)
    logins = session.execute(delete(Login).where(over < logins_before)
                             .execution_options(synchronize_session=False)).rowcount
    if attempts or logins:
        record(session, action=AuditAction.PRUNE_SIGN_IN_RECORDS, actor=None, role=None, at=at,
               platform_wide=True, data={"sign_in_attempts": attempts, "logins": logins,
                                         "attempts_before": attempts_before.isoformat(),
                                         "logins_before": logins_before.isoformat()})
    return Pruned(attempts, logins)
