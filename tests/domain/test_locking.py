"""Every change that makes an open page stale moves the item's lock_version, even at the same moment.

With a pinned clock (TRACKER_CLOCK_NOW) every action happens "now", the moment the item was last
written; the lock must still move, or a page drawn before the change would be taken as current.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.attachment_samples import pdf
from tests.factories import at
from tracker.domain.authoring import attachments as att
from tracker.domain.authoring.drafts import DraftInput, edit_draft
from tracker.domain.core.engine import apply
from tracker.domain.steps import joint
from tracker.extensions import db
from tracker.workflow import Action, Channel, Role, State

T = at(2026, 3, 2)
LIMITS = att.Limits(max_bytes=4096, max_files=3, types=("pdf",))


def draft_written_at_t(make):
    w = make.world()
    item = make.suggestion(w.deputy, updated_at=T)
    return w, item


def moved(item, change) -> bool:
    before = item.lock_version
    change()
    db.session.flush()
    return item.lock_version > before


def test_inviting_at_the_same_moment_moves_the_lock(make):
    w, item = draft_written_at_t(make)
    assert moved(item, lambda: joint.invite_cosigners(db.session, item, w.deputy, [w.deputy2.id],
                                                      at=T))


@pytest.mark.parametrize("answer", [Action.CONFIRM_COSIGN, Action.DECLINE_COSIGN])
def test_answering_at_the_same_moment_moves_the_lock(make, answer):
    w, item = draft_written_at_t(make)
    joint.invite_cosigners(db.session, item, w.deputy, [w.deputy2.id], at=T)
    db.session.flush()
    assert moved(item, lambda: apply(item, answer, actor=w.deputy2, as_role=Role.DEPUTY, at=T))


def test_two_invitations_in_a_row_each_move_the_lock(make):
    w, item = draft_written_at_t(make)
    joint.invite_cosigners(db.session, item, w.deputy, [w.deputy2.id], at=T)
    db.session.flush()
    assert moved(item, lambda: joint.invite_cosigners(db.session, item, w.deputy, [w.deputy3.id],
                                                      at=T))


def test_attaching_and_removing_files_at_the_same_moment_move_the_lock(make, tmp_path):
    w, item = draft_written_at_t(make)
    added = []
    assert moved(item, lambda: added.extend(att.attach_to_draft(
        db.session, item, w.deputy, [att.Upload("a.pdf", pdf())], limits=LIMITS, folder=tmp_path,
        at=T)))
    assert moved(item, lambda: att.remove_from_draft(db.session, item, w.deputy, [added[0].id],
                                                     at=T))


def test_an_edit_at_the_same_moment_moves_the_lock(make):
    w, item = draft_written_at_t(make)
    data = DraftInput(title="关于增设韵家口镇公交站点的建议（修改）", reasons=item.reasons,
                      proposals=item.proposals, channel=Channel.BETWEEN)
    assert moved(item, lambda: edit_draft(db.session, item, w.deputy, data, at=T))


def test_merging_moves_the_main_items_lock_at_the_same_moment(make):
    w, item = make.item_in(State.OFFICE_REVIEW, start=T - timedelta(days=3))
    main = w.main_item
    main.updated_at = T
    db.session.flush()
    assert moved(main, lambda: apply(item, Action.MERGE, actor=w.office, as_role=Role.OFFICE_STAFF,
                                     at=T, reason="同一事项，并案办理。",
                                     data={"main_item": main.id}))


def test_a_reply_file_moves_the_lock_of_the_item_showing_it(make, tmp_path):
    w, item = make.item_in(State.REPLY_SIGNOFF, start=T - timedelta(days=60))
    item.updated_at = T
    db.session.flush()
    reply = att.drafted_reply(db.session, item)
    assert moved(item, lambda: att.attach_to_reply(db.session, reply, w.handler,
                                                   [att.Upload("r.pdf", pdf())], limits=LIMITS,
                                                   folder=tmp_path, at=T))
