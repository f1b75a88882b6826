"""Which stories the demo tells, how many times, when, and for whom: one row per line.

`when` is "between" (闭会期间) or a session key of seeds.data.org.SESSIONS. `lags` are working days
before now at which each item's last step happens (one item per lag); session stories before the
upcoming session run from the session's dates instead, and use the lag only at their WAIT.
Pins (author, unit, co, committee, group) make sure every demo login has something waiting.
"""

from __future__ import annotations

from dataclasses import dataclass

from seeds.data.people import DEMO_CO_UNIT as XIEBAN_UNIT
from seeds.data.people import DEMO_COMMITTEE as ZHUANWEI
from seeds.data.people import DEMO_DEPUTY as ME
from seeds.data.people import DEMO_DEPUTY2 as ME2
from seeds.data.people import DEMO_GROUP as ZUZHANG_GROUP
from seeds.data.people import DEMO_UNIT as JINGBAN_UNIT


@dataclass(frozen=True)
class Row:
    story: str
    when: str
    lags: tuple[int, ...] = (1,)
    n: int | None = None  # items; default one per lag
    author: str | None = None  # a demo login
    group: str | None = None  # the author's group
    unit: str | None = None  # the lead unit, by short name
    co: str | bool = False  # route with a co-unit: True for the template's, or a short name
    committee: str | None = None  # the committee owning the category
    promise: int | None = None  # a B/C reply's promised date, in days from now
    reports: tuple[int, ...] = ()  # key-supervision report dates, in days from now
    cosigners: tuple[str, ...] = ()  # demo logins to invite
    key: str | None = None  # names this row's first item, as a merge target
    main: str | None = None  # merge into the item named so
    start: int | None = None  # session stories: working days after collection opens

    @property
    def count(self) -> int:
        return self.n if self.n is not None else len(self.lags)


B, S4, S5, S6 = "between", "s4", "s5", "s6"
PLAN: tuple[Row, ...] = (
    # The next session's advance collection, open now: drafts in every pre-review layer.
    Row("draft", S6, (2,), author=ME),
    Row("draft", S6, (4, 6)),
    Row("joint_pending", S6, (1,), author=ME, cosigners=(ME2,)),
    Row("group_review", S6, (1, 3), group=ZUZHANG_GROUP),
    Row("group_review", S6, (7,)),
    Row("joint_in_review", S6, (2,), group=ZUZHANG_GROUP),
    Row("committee_review", S6, (2, 4), committee=ZHUANWEI),
    Row("committee_review", S6, (6,)),
    Row("office_review", S6, (1, 6)),
    Row("returned_group", S6, (2,), author=ME),
    Row("returned_committee", S6, (3,), committee=ZHUANWEI),
    Row("two_rounds", S6, (1,)),
    Row("pre_approved", S6, (1, 3, 5), key="s6_main"),
    Row("as_is", S6, (2,)),
    Row("withdrawn", S6, (4,)),
    Row("merged", S6, (1,), main="s6_main"),
    Row("converted", S6, (3,)),
    # The session of January 2026: handled through the year.
    Row("closed", S5, n=6, key="s5_main"),
    Row("closed", S5, n=1, author=ME),
    Row("closed", S5, n=1, author=ME2),
    Row("closed_co", S5, n=2),
    Row("two_rounds_closed", S5, n=2),
    Row("as_is_closed", S5, n=1),
    Row("not_registered", S5, n=1),
    Row("withdrawn", S5, n=1),
    Row("merged", S5, n=1, main="s5_main", start=20),
    Row("promise_open", S5, n=2, promise=-40),
    Row("promise_open", S5, n=1, promise=10, author=ME),
    Row("promise_kept", S5, (20, 60), promise=-30),
    Row("promise_accepted", S5, (30,), promise=-50),
    Row("promise_not_kept", S5, (2,), promise=-20),
    Row("key_escalated", S5, (4,), unit=JINGBAN_UNIT, reports=(-150, -60, 15)),
    Row("key_extended", S5, n=1, reports=(-30, 20)),
    Row("concluded", S5, n=1),
    Row("no_feedback", S5, n=1),
    Row("rehandled_closed", S5, n=1),
    # The session of January 2025: long closed, some promises still followed up (回头看).
    Row("closed", S4, n=5),
    Row("closed_co", S4, n=1),
    Row("promise_kept", S4, (240, 230), promise=-420),
    Row("promise_sent_back", S4, (150,), promise=-400),
    Row("promise_accepted", S4, (200,), promise=-380),
    Row("no_feedback", S4, n=1),
    Row("concluded", S4, n=1),
    Row("not_registered", S4, n=1),
    # Between sessions, 2025 and 2026: everything after pre-review, some of it overdue.
    Row("draft", B, (3,), author=ME),
    Row("draft", B, (10,)),
    Row("joint_pending", B, (9,)),
    Row("office_review", B, (1, 4, 8)),
    Row("returned_office", B, (2,), author=ME),
    Row("returned_office", B, (9,)),
    Row("two_rounds", B, (1,)),
    Row("submitted", B, (1, 5)),
    Row("as_is", B, (2,)),
    Row("registered", B, (2, 9)),
    Row("converted", B, (40,)),
    Row("not_registered_as_is", B, (60,)),
    Row("withdrawn", B, (25,)),
    Row("withdrawn_joint", B, (35,)),
    Row("in_handling", B, (15, 40, 58, 66), key="b_main"),
    Row("merged", B, (20,), main="b_main"),
    Row("assigned", B, (1, 4), unit=JINGBAN_UNIT),
    Row("assigned", B, (2,)),
    Row("assigned", B, (1,), unit=JINGBAN_UNIT, co=XIEBAN_UNIT),
    Row("in_handling", B, (3, 50), unit=JINGBAN_UNIT),
    Row("co_pending", B, (3,), co=XIEBAN_UNIT),
    Row("co_received", B, (12,), co=XIEBAN_UNIT),
    Row("co_opinion", B, (5, 20), co=True),
    Row("co_released", B, (10,), co=True),
    Row("reassign_pending", B, (1,), unit=JINGBAN_UNIT),
    Row("reassign_refused", B, (12,)),
    Row("reassign_approved", B, (4,)),
    Row("reassign_closed", B, (70,)),
    Row("extension_pending", B, (2,), unit=JINGBAN_UNIT),
    Row("extension_approved", B, (10,)),
    Row("extension_refused", B, (6,)),
    Row("reply_signoff", B, (1, 2), unit=JINGBAN_UNIT),
    Row("reply_signoff", B, (6,)),
    Row("reply_returned", B, (3,), unit=JINGBAN_UNIT),
    Row("reply_reissued", B, (8,)),
    Row("replied", B, (2, 8), author=ME),
    Row("replied", B, (14, 19)),
    Row("closed", B, (5, 30, 90, 150, 210, 260)),
    Row("closed", B, (20, 120), author=ME),
    Row("joint_closed", B, (45,), author=ME, cosigners=(ME2,)),
    Row("cosign_declined_closed", B, (80,)),
    Row("closed_co", B, (100,), co=True),
    Row("promise_open", B, (30,), promise=-15),
    Row("promise_open", B, (60,), promise=5),
    Row("promise_open", B, (45,), promise=60),
    Row("promise_open", B, (200,), promise=-120),
    Row("promise_kept", B, (10,), promise=-5),
    Row("promise_not_kept", B, (1,), promise=-10),
    Row("no_feedback", B, (5,)),
    Row("dissatisfied", B, (1, 7)),
    Row("rehandling", B, (5, 24)),
    Row("rehandling_signoff", B, (1,), unit=JINGBAN_UNIT),
    Row("rehandled_closed", B, (30,)),
    Row("escalated", B, (2, 12)),
    Row("concluded", B, (40,)),
    Row("key_handling", B, (5,), unit=JINGBAN_UNIT, reports=(-10, 25)),
    Row("key_handling", B, (3,), reports=(-20, -5, 30)),
    # A few more from 2025, long settled.
    Row("no_feedback", B, (230,)),
    Row("rehandled_closed", B, (220,)),
    Row("promise_kept", B, (190,), promise=-210),
    Row("cosign_declined_closed", B, (240,)),
)
