"""Fuzz pass over the pages: every route of app.url_map, every query parameter the views read and every
form field of the WTForms classes, filled with hostile values, as each role and as a guest: never a 500.

Routes, parameters and fields are enumerated from the code (the url_map, `args.get("…")` /
`int_arg("…")` in tracker/web, the form classes), so a new page or field is fuzzed without a change
here. EXAMPLES requests (a role, a route, a method, a few parameters or fields each), one signed-in
client per role; hypothesis shrinks a failure to the smallest request.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

from tests.web.helpers import Auth, Client
from tracker.extensions import db
from tracker.workflow import State

EXAMPLES = 400  # requests in all, each as a role drawn from ROLES
ROLES = (None, "deputy", "group_leader", "committee_staff", "office", "handler", "leader", "supervisor",
         "admin")
# Routes the fuzzer leaves alone, and why.
SKIP = {"auth.logout": "signs the fuzzing user out (its own tests cover it)",
        "static": "files of the app, no input"}
WEB = Path(__file__).resolve().parents[2] / "tracker" / "web"

HOSTILE = ["", " ", "0", "-1", "1", "2", "3", "2147483647", "2147483648", "-2147483649",
           "9223372036854775808", "100000000000000000000", "1e9", "0x10", "1.5", "abc", "true", "on",
           "y", "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31", "2026-05-20", "s1", "y2026",
           "year-2026", "session-1", "'", '"', "%", "%00", "\x00", "a\x00b", "<script>x</script>",
           "../../etc/passwd", "=1+1", "🀄", "关于", "\u202e", "a" * 3000, "1" * 400,
           "²", "١٢", "①", "MTIzNDU2Nzg5OjE=", "public", "draft", "in_handling", "satisfied", "A", "B"]
# Values of the routes' text parts: the real ones (a congress, a list, a kind, a scope) and others.
NAMES = ["chengdong", "items", "public", "deputies", "units", "unit", "year-2026", "reply", "withdraw", "x",
         "1"]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20), st.integers().map(str))


def query_params() -> list[str]:
    """Every query parameter the views read by name."""
    names = set()
    for path in WEB.rglob("*.py"):
        names |= set(re.findall(r'(?:args\.get|int_arg)\("(\w+)"', path.read_text()))
    return sorted(names)


def form_fields() -> list[str]:
    """Every field name of every form class (the pages' forms are FlaskForm subclasses)."""
    names, todo = set(), list(FlaskForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        names |= {n for n in dir(cls) if isinstance(getattr(cls, n, None), UnboundField)}
    return sorted(names)


def routes(app) -> list[tuple[str, str, str]]:
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP:
            continue
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            out.append((rule.endpoint, rule.rule, method))
    return sorted(out)


def ids() -> st.SearchStrategy[str]:
    return st.one_of(st.integers(0, 40), st.sampled_from([2**31 - 1, 2**31, 10**20])).map(str)


def url_of(data, rule: str) -> str:
    def fill(m: re.Match) -> str:
        kind = m.group(1) or "string"
        if kind == "int":
            return data.draw(ids())
        return data.draw(st.one_of(st.sampled_from(NAMES),
                                   st.text("abcxyz0189-_.%", min_size=1, max_size=12)))
    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", fill, rule)


@pytest.fixture
def filled(world, item_in):
    """Items in several states, so ids point at real rows as often as at missing ones."""
    made = [item_in(state) for state in (State.GROUP_REVIEW, State.REGISTERED, State.REPLY_SIGNOFF,
                                         State.REPLIED)]
    db.session.commit()
    return made


def test_no_input_gives_a_500(app, client, world, filled):
    clients = {None: client}
    for who in ROLES[1:]:
        clients[who] = Client(app, app.response_class, use_cookies=True)
        assert Auth(clients[who]).login(getattr(world, who)).status_code == 302
    rules, params, fields = routes(app), query_params(), form_fields()

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def ask(data):
        who = data.draw(st.sampled_from(ROLES))
        _endpoint, rule, method = data.draw(st.sampled_from(rules))
        url = url_of(data, rule)
        query = data.draw(st.dictionaries(st.sampled_from(params), values, max_size=4))
        form = None
        if method == "POST":
            form = data.draw(st.dictionaries(st.sampled_from(fields), values, max_size=6))
        try:
            response = clients[who].open(url, method=method, query_string=query, data=form)
        except Exception as exc:  # an error the app did not turn into a page
            raise AssertionError(f"{who}: {method} {url} {query} {form}: {exc!r}") from exc
        status = response.status_code
        response.close()
        db.session.rollback()  # the test's session: never hold a transaction across requests
        assert status < 500, f"{who}: {method} {url} {query} {form}: {status}"

    ask()


@pytest.mark.parametrize(("url", "status"), [
    ("/public/chengdong/items/100000000000000000000", 404), ("/public/items/100000000000000000000", 404),
    ("/public/chengdong?page=100000000000000000000", 400), ("/public/chengdong?page=-1", 400),
    ("/public/chengdong?page=abc", 400), ("/items/2147483648", 404), ("/items/2147483647", 404),
    ("/notices?page=2147483648", 400), ("/public/chengdong/reports/year-2026?version=2147483648", 404),
    ("/api/v1/similar?title=abc&exclude=99999999999", 422)])
def test_numbers_beyond_the_database_are_404_or_400(auth, world, url, status):
    assert auth.as_(world.office).get(url).status_code == status
