"""The change of term (换届): deputies not re-elected no longer draft or co-sign, while their open
items go on and they still evaluate the replies; numbering is untouched."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.factories import at
from tracker.domain.authoring.drafts import DraftInput, create_draft
from tracker.domain.core.engine import apply, offers
from tracker.domain.errors import InvalidData, RoleNotHeld
from tracker.domain.people.terms import current_term, drafts_or_cosigns, in_office, open_term
from tracker.extensions import db
from tracker.workflow import TRANSITIONS, Action, Channel, Role, State

WHEN = at(2026, 5, 20)


def test_the_rule_is_read_from_the_table():
    drafting = {r.action for r in TRANSITIONS if drafts_or_cosigns(r)}
    assert {Action.SUBMIT_FOR_REVIEW, Action.RESUBMIT, Action.INVITE_COSIGNER, Action.CONFIRM_COSIGN,
            Action.SUBMIT_AS_IS} <= drafting
    assert not drafting & {Action.EVALUATE, Action.DECLINE_COSIGN, Action.WITHDRAW, Action.PASS_REVIEW}


def test_terms_follow_each_other(make):
    w = make.world()
    open_term(db.session, w.admin, ordinal=18, starts_on=date(2026, 1, 1), re_elected=set(), at=WHEN)
    with pytest.raises(InvalidData) as err:
        open_term(db.session, w.admin, ordinal=18, starts_on=date(2031, 1, 1), re_elected=set(), at=WHEN)
    assert err.value.field == "ordinal"
    with pytest.raises(RoleNotHeld):
        open_term(db.session, w.office, ordinal=19, starts_on=date(2031, 1, 1), re_elected=set(), at=WHEN)
    assert current_term(db.session).ordinal == 18


def test_a_deputy_not_re_elected_evaluates_but_no_longer_drafts_or_cosigns(make):
    w, item = make.item_in(State.REPLIED)
    _, draft = make.item_in(State.DRAFT, w, author=w.deputy2)
    number = item.reg_number
    stay = {w.deputy2.id, w.deputy3.id, w.group_leader.id}
    _term, leaderless = open_term(db.session, w.admin, ordinal=19, starts_on=date(2026, 5, 1),
                                  re_elected=stay, at=WHEN)
    assert leaderless == [] and not in_office(w.deputy) and in_office(w.deputy2)
    with pytest.raises(RoleNotHeld) as err:
        create_draft(db.session, w.deputy, DraftInput(title="新建议", reasons="理由", proposals="办法",
                                                      channel=Channel.BETWEEN), at=WHEN)
    assert "term" in err.value.message("en")
    with pytest.raises(InvalidData):  # nobody invites them any more
        apply(draft, Action.INVITE_COSIGNER, actor=w.deputy2, as_role=Role.DEPUTY, at=WHEN,
              data={"cosigner": w.deputy.id})
    assert Action.EVALUATE in {o.action for o in offers(item, w.deputy, WHEN + timedelta(days=1))}
    apply(item, Action.EVALUATE, actor=w.deputy, as_role=Role.DEPUTY, at=WHEN + timedelta(days=1),
          data={"attitude": "satisfied", "result": "satisfied"})
    assert item.state is State.CLOSED and item.reg_number == number and item.author_id == w.deputy.id


def test_an_invitation_accepted_after_the_term_ended_is_refused(make):
    w, draft = make.item_in(State.DRAFT)
    apply(draft, Action.INVITE_COSIGNER, actor=w.deputy, as_role=Role.DEPUTY, at=WHEN,
          data={"cosigner": w.deputy2.id})
    open_term(db.session, w.admin, ordinal=19, starts_on=date(2026, 5, 1),
              re_elected={w.deputy.id}, at=WHEN)
    with pytest.raises(RoleNotHeld):
        apply(draft, Action.CONFIRM_COSIGN, actor=w.deputy2, as_role=Role.DEPUTY, at=WHEN)
    apply(draft, Action.DECLINE_COSIGN, actor=w.deputy2, as_role=Role.DEPUTY, at=WHEN)
