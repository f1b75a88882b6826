"""The liaison opinion's table: sound by construction, labelled, and the same form as the suggestion's."""

from tracker import workflow as wf
from tracker.translations import label_text
from tracker.workflow import OpinionAction, OpinionMove, Outcome, Reason, Role


def test_the_opinion_table_has_no_problems():
    assert wf.liaison_problems() == []


def test_a_broken_opinion_table_is_caught():
    no_explain = tuple(m for m in wf.LIAISON_MOVES if m.action is not OpinionAction.EXPLAIN_AND_CLOSE)
    assert any("unreachable outcomes" in p for p in wf.liaison_problems(no_explain))
    reopen = (*wf.LIAISON_MOVES, OpinionMove(OpinionAction.REFER, Outcome.RESOLVED, Outcome.REFERRED,
                                             Role.DEPUTY, wf.Own.OWN_ITEM))
    assert "settled outcome resolved has an exit" in wf.liaison_problems(reopen)


def test_every_opinion_label_exists_in_both_languages():
    for member in (*Outcome, *OpinionAction, *wf.ToldHow):
        assert wf.msgid(member) != member.value and wf.msgctxt(member)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in label_text(member, "zh"))


def test_notes_are_required_where_a_move_closes_the_matter_by_explaining():
    required = {m.action for m in wf.LIAISON_MOVES if m.reason is Reason.REQUIRED}
    assert required == {OpinionAction.SOLVE_ON_SPOT, OpinionAction.CLOSE_REFERRAL,
                        OpinionAction.EXPLAIN_AND_CLOSE}


def test_every_suggestion_row_says_whether_it_asks_for_a_reason():
    assert {r.reason for r in wf.TRANSITIONS} == set(Reason)
    assert all(r.reason_required == (r.reason is Reason.REQUIRED) for r in wf.TRANSITIONS)
