"""The data generation token moves after every commit that wrote what a page shows, and only then."""

from __future__ import annotations

from tracker.domain import generation
from tracker.extensions import db
from tracker.models import Job, JobKind
from tracker.workflow import Role


def token() -> str | None:
    with db.engine.connect() as conn:  # read outside the session: what another process would see
        return conn.scalar(generation.DataGeneration.__table__.select()
                           .with_only_columns(generation.DataGeneration.token)
                           .where(generation.DataGeneration.name == generation.LISTS))


def test_a_commit_that_writes_shown_rows_gives_a_new_token(make):
    user = make.user(Role.DEPUTY, name="代表甲")
    db.session.commit()
    before = token()
    assert before is not None
    user.name = "代表乙"
    db.session.flush()
    assert token() == before  # not before the commit: readers must not pair it with old data
    db.session.commit()
    assert token() not in (None, before)


def test_rollback_and_unshown_rows_keep_the_token(make):
    user = make.user(Role.OFFICE_STAFF)
    db.session.commit()
    before = token()
    user.name = "改了又撤回"
    db.session.flush()
    db.session.rollback()
    assert token() == before
    db.session.add(Job(kind=list(JobKind)[0], user_id=user.id))  # export progress: no page shows it
    db.session.commit()
    assert token() == before


def test_a_savepoint_waits_for_the_outer_commit(make):
    user = make.user(Role.DEPUTY)
    db.session.commit()
    before = token()
    with db.session.begin_nested():
        user.name = "保存点内"
    assert token() == before  # the savepoint's release is not a commit others can see
    db.session.commit()
    assert token() != before


def test_a_statement_through_the_session_counts_too(make):
    from sqlalchemy import update

    from tracker.models import User

    user = make.user(Role.DEPUTY)
    db.session.commit()
    before = token()
    db.session.execute(update(User).where(User.id == user.id).values(name="批量改名"))
    db.session.commit()
    assert token() != before


def notices_token() -> str | None:
    with db.engine.connect() as conn:
        return conn.scalar(generation.DataGeneration.__table__.select()
                           .with_only_columns(generation.DataGeneration.token)
                           .where(generation.DataGeneration.name == generation.NOTICES))


def test_notices_move_their_own_token_and_leave_the_lists_alone(make):
    from tracker.clock import now
    from tracker.domain.audit import record
    from tracker.domain.reminders import notices
    from tracker.models import Outbox
    from tracker.workflow.audit import AuditAction

    world = make.world()
    db.session.commit()
    lists, sent = token(), notices_token()
    event = record(db.session, action=AuditAction.SEND_TEST_EMAIL, actor=world.admin, role=Role.ADMIN,
                   at=now())
    db.session.add(Outbox(event_id=event.id, recipient_id=world.deputy.id, kind="changed", payload={},
                          created_at=now()))
    db.session.commit()
    assert notices_token() not in (None, sent) and token() == lists  # a notice: only its token moves
    assert generation.tokens(db.session) == {generation.LISTS: lists, generation.NOTICES: notices_token()}
    sent = notices_token()
    assert notices.mark_read(db.session, world.deputy, at=now()) == 1  # a statement, not a flush
    db.session.commit()
    assert notices_token() != sent and token() == lists
