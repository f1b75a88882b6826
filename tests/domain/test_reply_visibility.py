"""A reply awaiting sign-off (待签发) is read by its unit, the office and the supervisors only; once
issued (签发) by everyone who may open the item."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tracker.domain.reads.dossier import load_dossier
from tracker.domain.reads.replies import sees_reply
from tracker.models import Reply
from tracker.workflow import State

# Who reads the draft of the lead unit's reply, by the world's people.
READS_DRAFT = {"handler": True, "leader": True, "office": True, "supervisor": True,
               "deputy": False, "deputy2": False, "group_leader": False, "committee_staff": False,
               "co_handler": False, "co_leader": False, "other_handler": False, "admin": False}


def reply_of(session, item) -> Reply:
    return session.scalars(select(Reply).where(Reply.suggestion_id == item.id)
                           .order_by(Reply.id.desc())).first()


@pytest.mark.parametrize("who", list(READS_DRAFT))
def test_a_draft_reply_is_read_inside_the_unit_the_office_and_by_supervisors(make, who):
    world, item = make.item_in(State.REPLY_SIGNOFF)
    reply = reply_of(make.session, item)
    user = getattr(world, who)
    assert sees_reply(user, reply) is READS_DRAFT[who]
    shown = load_dossier(make.session, item, user).replies
    assert (reply in shown) is READS_DRAFT[who]


@pytest.mark.parametrize("who", list(READS_DRAFT))
def test_an_issued_reply_is_read_by_all(make, who):
    world, item = make.item_in(State.REPLIED)
    user = getattr(world, who)
    assert sees_reply(user, reply_of(make.session, item))
    assert load_dossier(make.session, item, user).replies
