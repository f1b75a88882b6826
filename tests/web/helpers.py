"""Web test helpers: a client, a login helper, short reads of the database and of pages."""

from __future__ import annotations

import re
from collections import Counter
from contextlib import contextmanager

from argon2 import PasswordHasher
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import event, func, select

from tracker.extensions import db
from tracker.models import AuditEvent, Suggestion, User
from tracker.workflow import State

PASSWORD = "secret-pw"
# A cheap argon2 hash, so each login in the tests costs a millisecond, not a tenth of a second.
CHEAP_HASH = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)


class Client(FlaskClient):
    """The tests keep one app context open, and Flask-Login, Flask-Babel and Flask-WTF cache the user,
    the locale and the CSRF token in that context's `g`; forget them before each request, as a fresh
    context would (signing in starts a new session, with a new CSRF token)."""

    def open(self, *args, **kwargs):
        if has_app_context():
            g.pop("_login_user", None)
            g.pop("_flask_babel", None)
            g.pop("csrf_token", None)
        return super().open(*args, **kwargs)


class Auth:
    def __init__(self, client: Client):
        self.client = client

    def login(self, user: User, password: str = PASSWORD, **kw):
        return self.client.post("/login", data={"username": user.username, "password": password},
                                **kw)

    def logout(self):
        return self.client.post("/logout")

    def as_(self, user: User) -> Client:
        """Sign out whoever is signed in, then sign in as this user."""
        self.logout()
        response = self.login(user)
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        return self.client


def events(item: Suggestion) -> int:
    return db.session.scalar(select(func.count(AuditEvent.id))
                             .where(AuditEvent.suggestion_id == item.id))


def audit_counts() -> Counter:
    """The audit rows there are, by action: take one before a request, then ask `audit_written`."""
    db.session.expire_all()
    return Counter(db.session.scalars(select(AuditEvent.action)))


def audit_written(before: Counter) -> dict[str, int]:
    """The audit rows written since `before` (an `audit_counts()`), by action; rows are never removed."""
    after = audit_counts()
    return {action: after[action] - before[action] for action in after if after[action] != before[action]}


def state_of(item: Suggestion) -> State:
    db.session.expire_all()
    return db.session.scalar(select(Suggestion.state).where(Suggestion.id == item.id))


def buttons(html: str) -> set[str]:
    """The actions offered as buttons in the item page's action bar."""
    bar = re.search(r'<div class="action-bar"[^>]*>(.*?)</div>', html, re.S)
    return set(re.findall(r'data-action="([a-z_]+)"', bar.group(1))) if bar else set()


def text(response) -> str:
    return response.get_data(as_text=True)


@contextmanager
def counted():
    """The SQL statements run inside the block (a `before_cursor_execute` listener)."""
    statements: list[str] = []

    def listen(conn, cursor, statement, params, context, executemany):
        statements.append(statement)
    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
