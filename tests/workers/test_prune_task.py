"""The nightly pruning task: the configured retentions, one count in the worker's log, beat's entry."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select

from tracker.domain.accounts.signin import Client, log_attempt
from tracker.extensions import db
from tracker.models import AuditEvent, SignInAttempt, SignInMethod, SignInOutcome
from tracker.workflow import AuditAction
from workers import beat_schedule
from workers.tasks.housekeeping import prune_sign_ins

NOW = "2026-12-07T02:00:00+00:00"


def test_the_task_prunes_by_the_configured_retention_and_logs_the_counts(app, ctx, make, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "CLOCK_NOW", NOW)
    monkeypatch.setitem(app.config, "SIGN_IN_LOG_KEEP_DAYS", 30)
    user = make.user()
    for days in (31, 29):
        log_attempt(db.session, method=SignInMethod.CODE, outcome=SignInOutcome.FAILURE, typed="138",
                    user=user, client=Client(), at=datetime.fromisoformat(NOW) - timedelta(days=days))
    db.session.commit()
    logger = logging.getLogger("workers.tasks.housekeeping")
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger="workers.tasks.housekeeping"):
            assert prune_sign_ins() == {"sign_in_attempts": 1, "logins": 0}
    finally:
        logger.removeHandler(caplog.handler)
    assert "1 sign-in attempts and 0 ended logins removed" in caplog.text
    db.session.rollback()  # what the task committed is there for another session
    assert len(db.session.scalars(select(SignInAttempt)).all()) == 1
    pruning = AuditAction.PRUNE_SIGN_IN_RECORDS.value
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == pruning))
    assert event is not None and event.actor_id is None


def test_beat_prunes_nightly_after_the_sweep(app):
    entry = beat_schedule(app)["sign-ins-prune"]
    assert entry["task"] == "workers.tasks.housekeeping.prune_sign_ins"
    assert entry["schedule"].hour == {3} and entry["schedule"].minute == {30}
