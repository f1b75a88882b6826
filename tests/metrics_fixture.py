"""A hand-built set of suggestions for the figures' tests, every history played through the engine.

`build(make)` returns the world and the items by letter. The expectations in
tests/domain/test_metrics.py were counted by hand from the stories below, not from the code.
Clock: every story starts on 1 December 2025 (China time) and steps move on in calendar days;
"today" is 20 May 2026. Between-session reply deadlines fall on 9 March 2026 (3 months from the
7 December routing, a Saturday moved to Monday).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

from seeds.paths import (
    BETWEEN_TO_SUBMITTED,
    CONTACT,
    FORMAL,
    ISSUE,
    PATHS,
    REGISTER,
    REHANDLE,
    REPLY,
    ROUTE,
    SATISFIED,
    SESSION_TO_PRE_APPROVED,
    SIGN,
    TO_IN_HANDLING,
    TO_REPLIED,
    UNSATISFIED,
    D,
    H,
    L,
    O,
    S,
    Step,
    Walker,
    evaluation,
    reply_data,
)
from tests.factories import at
from tracker.workflow import Action as A
from tracker.workflow import Channel, State

TODAY = date(2026, 5, 20)
START = at(2025, 12, 1)


def _contact(way):
    return lambda c, a: {"contact_way": way, "contact_date": a.date().isoformat(), "people": "代表",
                         "summary": "沟通办理情况。"}


RETURN = Step(A.RETURN_FOR_REVISION, "office", O, reason="请补充数据。")
RESUBMIT = Step(A.RESUBMIT, "deputy", D)
AS_IS = Step(A.SUBMIT_AS_IS, "deputy", D)
NO_FEEDBACK = Step(A.CLOSE_NO_FEEDBACK, "office", O, after=30)
EXTEND = Step(A.REQUEST_EXTENSION, "leader", L, reason="涉及面广，需协调多个部门。", after=60,
              data=lambda c, a: {"new_due_date": "2026-05-06"})
APPROVE_EXT = Step(A.APPROVE_EXTENSION, "office", O)
KEPT = Step(A.REPORT_PROMISE_KEPT, "handler", H, after=10,
            data=lambda c, a: {"report_text": "已按承诺完成。"})
NOT_KEPT = Step(A.REPORT_PROMISE_NOT_KEPT, "handler", H, after=10, reason="资金未落实。")
MARK_KEY = Step(A.MARK_KEY, "supervisor", S,
                data=lambda c, a: {"leader": "王主任", "report_dates": "2026-01-15",
                                   "supervising_committee": c.committee.id})
REPLY_A = replace(REPLY, data=reply_data("A", "已解决。"))
REPLY_D = replace(REPLY, data=reply_data("D", "留作参考。"), after=100)
GOOD_BASICALLY = Step(A.EVALUATE, "deputy", D, data=evaluation("basically", "basically"), after=5)
INVITE = Step(A.INVITE_COSIGNER, "deputy", D, data=lambda c, a: {"cosigner": c.deputy2.id})
CONFIRM = Step(A.CONFIRM_COSIGN, "deputy2", D)

STORIES: dict[str, tuple[Channel, list[Step]]] = {
    "A": (Channel.BETWEEN, [*TO_REPLIED, SATISFIED, KEPT]),
    "B": (Channel.BETWEEN, [*TO_REPLIED, UNSATISFIED, REHANDLE, REPLY, ISSUE, SATISFIED]),
    "C": (Channel.BETWEEN, [*TO_REPLIED, UNSATISFIED, REHANDLE, REPLY, ISSUE, UNSATISFIED]),
    "D": (Channel.BETWEEN, [*TO_REPLIED, NO_FEEDBACK]),
    "E": (Channel.BETWEEN, [*TO_IN_HANDLING, replace(CONTACT, data=_contact("phone")), EXTEND,
                            APPROVE_EXT, REPLY_A, ISSUE]),
    "F": (Channel.BETWEEN, [*TO_IN_HANDLING, replace(CONTACT, data=_contact("on_site")), REPLY_D, ISSUE]),
    "G": (Channel.BETWEEN, [*TO_IN_HANDLING, MARK_KEY]),
    "H": PATHS[State.ASSIGNED],
    "I": (Channel.BETWEEN, [INVITE, CONFIRM, *TO_REPLIED, GOOD_BASICALLY, NOT_KEPT]),
    "J": PATHS[State.WITHDRAWN],
    "K": PATHS[State.MERGED],
    "L": (Channel.BETWEEN, [*PATHS[State.RETURNED][1], RESUBMIT, RETURN, AS_IS]),
    "M": (Channel.BETWEEN, []),
    "N": PATHS[State.NOT_REGISTERED],
    "O": (Channel.SESSION, [*SESSION_TO_PRE_APPROVED, FORMAL, REGISTER, ROUTE, SIGN, CONTACT, REPLY_A,
                            ISSUE, SATISFIED]),
}
ENDS = {"A": State.CLOSED, "B": State.CLOSED, "C": State.ESCALATED, "D": State.CLOSED,
        "E": State.REPLIED, "F": State.REPLIED, "G": State.IN_HANDLING, "H": State.ASSIGNED,
        "I": State.CLOSED, "J": State.WITHDRAWN, "K": State.MERGED, "L": State.SUBMITTED,
        "M": State.DRAFT, "N": State.NOT_REGISTERED, "O": State.CLOSED}
assert BETWEEN_TO_SUBMITTED  # the between-session stories start with these two steps


def build(make, world=None):
    """The world and the items by letter ("main" is the draft K is merged into)."""
    w = world or make.world()
    items = {"main": make.suggestion(w.deputy2, category=w.category, title="主件：统筹公交线网",
                                     created_at=START)}
    w.main_item = items["main"]
    # F is led by another unit, with no co-handling unit.
    other = SimpleNamespace(**{**vars(w), "unit": w.other_unit, "co_unit": None,
                               "handler": w.other_handler, "leader": w.other_leader})
    for letter, (channel, steps) in STORIES.items():
        author = w.deputy3 if letter == "K" else w.deputy
        item = make.suggestion(author, channel=channel, category=w.category, title=f"建议{letter}",
                               session=w.session if channel is Channel.SESSION else None,
                               created_at=START)
        cast = {"F": other, "K": SimpleNamespace(**{**vars(w), "deputy": w.deputy3})}.get(letter, w)
        Walker(cast, START).play(item, steps)
        assert item.state is ENDS[letter], (letter, item.state)
        items[letter] = item
    return w, items
