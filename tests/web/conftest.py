"""Web fixtures: a test client with a login helper, a pinned clock and items in any state."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from seeds.paths import PATHS, Walker
from tests.factories import at
from tests.web.helpers import CHEAP_HASH, Auth, Client
from tracker.extensions import db, limiter
from tracker.models import Suggestion, User
from tracker.workflow import Channel, State

NOW = "2026-05-20T02:00:00+00:00"  # after every scripted path started on 2 March 2026


@pytest.fixture
def clock(app, monkeypatch):
    """Pin "now" for the views; the returned function moves it."""
    monkeypatch.setitem(app.config, "CLOCK_NOW", NOW)

    def move(moment: datetime | str) -> None:
        app.config["CLOCK_NOW"] = moment if isinstance(moment, str) else moment.isoformat()
    return move


@pytest.fixture
def client(app, ctx, clock) -> Client:
    limiter.reset()  # the sign-in and code throttles count per address, and every test is 127.0.0.1
    return Client(app, app.response_class, use_cookies=True)


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)


@pytest.fixture
def world(make):
    w = make.world()
    for user in db.session.scalars(select(User)):
        user.password_hash = CHEAP_HASH
    w.main_item = make.suggestion(w.deputy2, category=w.category, title="主件：统筹公交线网")
    db.session.commit()
    return w


@pytest.fixture
def item_in(make, world):
    """item_in(state) -> a suggestion of the world's deputy brought there through the engine."""

    def build(state: State, **kw) -> Suggestion:
        channel, steps = PATHS[state]
        item = make.suggestion(world.deputy, channel=channel, category=world.category,
                               session=world.session if channel is Channel.SESSION else None, **kw)
        Walker(world, at(2026, 3, 2)).play(item, steps)
        db.session.commit()
        return item
    return build
