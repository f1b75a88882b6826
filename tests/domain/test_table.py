"""The workflow table itself: sound by construction, labelled in both languages, roles real."""

import pytest

from tracker import workflow as wf
from tracker.domain.core.guards import CHECKS, MESSAGES
from tracker.domain.core.ownership import RULES
from tracker.translations import catalogue, label_text, qualified_gettext
from tracker.translations.extract import FIELD_CONTEXT
from tracker.workflow import FINAL, INITIAL, STATE_DEADLINE, State


def test_table_has_no_problems():
    assert wf.problems() == []


def test_exactly_one_initial_state():
    entered = {r.target for r in wf.TRANSITIONS if not r.keeps_state}
    assert set(State) - entered == {INITIAL}


def test_every_state_is_reachable():
    assert wf.reachable() == set(State)


@pytest.mark.parametrize("state", sorted(FINAL))
def test_final_states_have_no_exits(state):
    assert all(r.keeps_state and r.subject is not wf.Subject.ITEM for r in wf.rows_from(state))


@pytest.mark.parametrize("state", sorted(set(State) - FINAL))
def test_non_final_states_have_an_exit(state):
    assert any(not r.keeps_state for r in wf.rows_from(state))


@pytest.mark.parametrize("state", sorted(set(State) - FINAL - {INITIAL}))
def test_non_final_states_name_who_owes_the_next_step(state):
    kind = STATE_DEADLINE[state]
    assert wf.DEADLINE_SPEC[kind].owner in wf.Owner


@pytest.mark.parametrize("member", [*State, *wf.Action, *wf.Role, *wf.Owner, *wf.DeadlineKind])
def test_every_label_exists_in_both_languages(member):
    zh, en = label_text(member, "zh"), wf.label(member)
    assert zh and en and zh != member.value and en != member.value
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)


def test_every_field_has_both_labels():
    for spec in wf.FIELDS.values():
        zh = qualified_gettext(catalogue("zh"), FIELD_CONTEXT, spec.label)
        assert spec.label and zh != spec.label


def test_every_role_in_the_table_exists_and_every_working_role_acts():
    used = {role for r in wf.TRANSITIONS for role in r.roles}
    assert used <= set(wf.Role)
    assert set(wf.Role) - used == {wf.Role.ADMIN}  # the administrator configures, never acts


def test_every_guard_and_ownership_rule_is_implemented():
    used_guards = {g for r in wf.TRANSITIONS for g in r.guards}
    assert used_guards <= set(CHECKS) and set(CHECKS) <= set(MESSAGES)
    assert {r.own for r in wf.TRANSITIONS} <= set(RULES)


def test_rows_sharing_source_and_action_are_told_apart():
    seen = {}
    for r in wf.TRANSITIONS:
        key = (r.source, r.action, frozenset(r.guards), r.own)
        assert key not in seen, f"duplicate row {key}"
        seen[key] = r


def test_a_broken_table_is_caught():
    no_convert = tuple(r for r in wf.TRANSITIONS if r.action is not wf.Action.CONVERT)
    assert "unreachable states: ['converted']" in wf.problems(no_convert)
    exit_from_final = (*wf.TRANSITIONS, wf.Transition(
        wf.Action.WITHDRAW, State.CLOSED, State.WITHDRAWN, frozenset({wf.Role.DEPUTY}),
        wf.Own.OWN_ITEM))
    assert "final state closed has exits" in wf.problems(exit_from_final)
    twin = (*wf.TRANSITIONS, wf.rows_for(State.DRAFT, wf.Action.WITHDRAW)[0])
    assert any("told apart" in p for p in wf.problems(twin))


def test_mermaid_diagram_lists_every_state():
    text = wf.to_mermaid()
    assert text.startswith("stateDiagram-v2")
    for state in State:
        assert f"    {state.value}:" in text


def test_labels_are_looked_up_by_kind_not_by_string_value():
    def zh(member):
        return label_text(member, "zh")

    assert zh(wf.Owner.DEPUTY) == "代表" and zh(wf.Role.DEPUTY) == "人大代表"
    assert zh(wf.DeadlineKind.SIGN_FOR) == "签收"
    assert zh(wf.DeadlineKind.GROUP_REVIEW) == "代表小组审核"
