"""Bench clients signed in as the app signs people in: a login row, its token in the session."""

from __future__ import annotations

HEY_AGENT = "hey/0.0.1"  # the load generator's User-Agent, which Flask-Login's session check reads


def session_values(app, user_id: int, agent: str = HEY_AGENT) -> dict:
    """What a browser's session holds after signing in as `user_id` and one page (tracker.web.logins):
    a login kept signed in (no idle limit for a long run), opened now by the app's clock; what
    Flask-Login's login_user writes for this client (its address and agent), with the congress
    chosen by the sign-in signal (tracker.web.congress); the first page's form token (Flask-WTF).
    Without the last three every request of a client that keeps no cookies (hey) would choose the
    congress again and be sent a new cookie, which no browser does."""
    import flask_login
    from flask import session
    from flask_wtf.csrf import generate_csrf
    from sqlalchemy.orm import noload

    from tracker.clock import now
    from tracker.domain.accounts.logins import Limits, open_login
    from tracker.extensions import db
    from tracker.models import User
    from tracker.web.logins import TOKEN

    with app.app_context():
        # The account only: its roles and places are per congress, and none is in scope here.
        user = db.session.get(User, user_id, options=[noload(User.memberships), noload(User.role_rows)])
        _, token = open_login(db.session, user, at=now(), remember=True, address="127.0.0.1",
                              agent="bench", limits=Limits())
        db.session.commit()
    with app.test_request_context(headers={"User-Agent": agent}, environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        user = db.session.get(User, user_id, options=[noload(User.memberships), noload(User.role_rows)])
        flask_login.login_user(user, remember=False, fresh=True)
        generate_csrf()
        values = {**session, TOKEN: token}
        db.session.remove()
    return values


def signed_in_client(app, user_id: int):
    """A test client of `app` signed in as `user_id`."""
    client = app.test_client()
    with client.session_transaction() as s:
        s.update(session_values(app, user_id, agent="Werkzeug"))
    return client
