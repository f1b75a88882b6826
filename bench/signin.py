"""Bench clients signed in as the app signs people in: a login row, its token in the session."""

from __future__ import annotations


def session_values(app, user_id: int) -> dict:
    """What a session holds after signing in as `user_id` (tracker.web.logins): a login kept signed
    in (no idle limit for a long run), opened now by the app's clock."""
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
    return {"_user_id": str(user_id), "_fresh": True, TOKEN: token}


def signed_in_client(app, user_id: int):
    """A test client of `app` signed in as `user_id`."""
    client = app.test_client()
    with client.session_transaction() as s:
        s.update(session_values(app, user_id))
    return client
