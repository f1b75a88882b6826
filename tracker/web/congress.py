"""Which congress a request works for: the one in a public URL, else the signed-in user's choice
among their own congresses, else the default; set before anything is read, reset after."""

from __future__ import annotations

from time import monotonic

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    has_app_context,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, user_logged_in
from sqlalchemy import event, select

from tracker.domain.congress.founding import CODE
from tracker.extensions import db
from tracker.models import Congress, Suggestion, User, UserRole
from tracker.tenancy import ALL_CONGRESSES, congress_in_scope, enter, leave
from tracker.web.i18n import lang, once

bp = Blueprint("congress", __name__)
CHOSEN = "congress_id"  # the key in the signed session cookie
MINE = "congresses"  # [user id, the ids of their congresses], for the header's picker
ROW_SECONDS = 30.0  # how long a process reuses a congress's row (its names; an edit clears it)


def default_congress() -> Congress | None:
    """The congress of the configured code, else the first one made: old /public links land here."""
    code = current_app.config.get("TRACKER_DEFAULT_CONGRESS")
    rows = db.session.scalars(select(Congress).where(Congress.is_active.is_(True))
                              .order_by(Congress.id)).all()
    return next((c for c in rows if c.code == code), rows[0] if rows else None)


def congress_ids_of(user_id: int) -> list[int]:
    """The congresses a person holds a role in, first made first."""
    stmt = (select(UserRole.congress_id).where(UserRole.user_id == user_id).distinct()
            .order_by(UserRole.congress_id).execution_options(**{ALL_CONGRESSES: True}))
    return list(db.session.scalars(stmt))


def _chosen_for(user_id: int) -> Congress | None:
    """The congress this person works in: their choice if still theirs, else their first. One
    statement reads the platform flag and their congresses (every signed-in request runs it);
    their ids stay on `g` for the header's picker."""
    # Columns and congresses, not the User: its roles must load only once the congress is in scope.
    stmt = (select(User.is_platform_admin, Congress).select_from(User)
            .outerjoin(UserRole, UserRole.user_id == User.id)
            .outerjoin(Congress, Congress.id == UserRole.congress_id)
            .where(User.id == user_id).order_by(Congress.id)
            .execution_options(**{ALL_CONGRESSES: True}))
    rows = db.session.execute(stmt).all()
    if not rows:
        return None
    mine = list(dict.fromkeys(c for _, c in rows if c is not None))  # a row per role: once each
    if rows[0][0]:  # the platform administrator may enter every congress
        mine = list(db.session.scalars(select(Congress).order_by(Congress.id)))
    g.my_congress_ids = (user_id, [c.id for c in mine])
    session[MINE] = [user_id, [c.id for c in mine]]
    wanted = session.get(CHOSEN)
    chosen = next((c for c in mine if c.id == wanted), mine[0] if mine else None)
    if chosen is not None:
        session[CHOSEN] = chosen.id
        _keep_row(chosen)
    return chosen


def cookie_choice(user_id: int) -> Congress | None:
    """The congress this person chose on an earlier request, with no statement of its own: its row
    from the process's short-lived copy, their congresses from the signed cookie. _confirm() then
    checks, with the roles every page loads anyway, that they still hold one there. Asked once per
    request (tracker.web.logins asks first, to read the login with the person in that congress)."""
    def choice():
        known, wanted = session.get(MINE), session.get(CHOSEN)
        return None if not known or known[0] != user_id or wanted not in known[1] else congress_row(wanted)

    return once(f"_congress_of_{user_id}", choice)  # the request's memo: `g` may outlive it in tests


def _as_before(user_id: int) -> Congress | None:
    row = cookie_choice(user_id)
    if row is not None:
        g.my_congress_ids = (user_id, session[MINE][1])
    return row


def congress_row(congress_id: int) -> Congress | None:
    rows = current_app.extensions.setdefault("congress_rows", {})
    hit = rows.get(congress_id)
    if hit is not None and monotonic() - hit[0] < ROW_SECONDS:
        return hit[1]
    row = db.session.scalar(select(Congress).where(Congress.id == congress_id,
                                                   Congress.is_active.is_(True)))
    if row is not None:
        _keep_row(row)
    return row


def _keep_row(row: Congress) -> None:
    if row in db.session:
        db.session.expunge(row)  # read-only from here on: no later commit expires it
    current_app.extensions.setdefault("congress_rows", {})[row.id] = (monotonic(), row)


@event.listens_for(Congress, "after_insert")
@event.listens_for(Congress, "after_update")
@event.listens_for(Congress, "after_delete")
def _forget_rows(_mapper, _connection, _target) -> None:
    if has_app_context():
        current_app.extensions.pop("congress_rows", None)


def _take_code(_endpoint, values: dict | None) -> None:
    """A URL's <congress> (/public/<congress>/…) is the request's scope, not the view's argument."""
    g.congress_code = values.pop("congress", None) if values else None


def _enter() -> None:
    g.congress = None
    code = g.pop("congress_code", None)
    token = g.get("api_token")
    if token is not None:  # an API token works in its own congress (tracker.web.api.tokens)
        g.congress = congress_row(token.congress_id)
        if g.congress is None:
            abort(401)
    elif code is not None:
        g.congress = db.session.scalar(select(Congress).where(Congress.code == code,
                                                              Congress.is_active.is_(True))) \
            if CODE.match(code) else None
        if g.congress is None:
            abort(404)
    elif session.get("_user_id"):
        try:
            user_id = int(session["_user_id"])
        except ValueError:
            user_id = None
        quick = _as_before(user_id) if user_id else None
        g.congress_quick = quick is not None
        g.congress = quick or (_chosen_for(user_id) if user_id else None)
    elif request.args.get("congress") or session.get(CHOSEN):
        g.congress = _signed_out_choice()
    if "_user_id" not in session:  # signed out: whoever signs in next is asked afresh
        session.pop(MINE, None)
    if g.congress is None and code is None:
        g.congress = default_congress()
    _switch(g.congress.id if g.congress else None)
    g.congress_token = enter(g.congress.id if g.congress else None)
    _confirm()


def _confirm() -> None:
    """A choice taken from the cookie stands if the person still holds a role in that congress
    (their roles load now, in its scope, as every page needs them); else it is made again."""
    if not g.pop("congress_quick", False):
        return
    user = current_user._get_current_object()
    if user is None or not user.is_authenticated or user.is_platform_admin or user.role_rows:
        return
    leave(g.pop("congress_token"))
    db.session.expire(user, ["role_rows", "memberships"])
    g.congress = _chosen_for(user.id)
    _switch(g.congress.id if g.congress else None)
    g.congress_token = enter(g.congress.id if g.congress else None)


def _signed_out_choice() -> Congress | None:
    """A signed-out page (sign-in, activation, a forgotten password) opened from a congress's own
    link (`?congress=<code>`) wears that congress's name, and signing in starts there."""
    code = request.args.get("congress")
    if code and not CODE.match(code):  # no congress has such a code (a NUL even fails the query)
        code = None
        if not session.get(CHOSEN):
            return None
    stmt = select(Congress).where(Congress.is_active.is_(True))
    stmt = stmt.where(Congress.code == code) if code else stmt.where(Congress.id == session[CHOSEN])
    congress = db.session.scalar(stmt)
    if congress is not None:
        session[CHOSEN] = congress.id
    return congress


def _switch(congress_id: int | None) -> None:
    """A request's session starts empty in production; where it does not (a test's requests share
    the test's session), rows read for one congress must not serve another."""
    before = congress_in_scope()
    if before is not None and before != congress_id:
        db.session.flush()
        db.session.expire_all()


def _leave(_exc=None) -> None:
    token = g.pop("congress_token", None)
    if token is not None:
        now_in = congress_in_scope()
        leave(token)
        # Only where the session outlives the request (a test's): in production it ends with it.
        if congress_in_scope() is not None and now_in != congress_in_scope():
            db.session.expire_all()


def _template_globals() -> dict:
    mine = []
    if current_user.is_authenticated:
        ids = _my_congress_ids()
        if len(ids) > 1:
            mine = db.session.scalars(select(Congress).where(Congress.id.in_(ids))
                                      .order_by(Congress.id)).all()
    return {"congress": g.get("congress"), "my_congresses": mine, "issuer": issuer,
            "issuer_office": issuer_office, "site_name": site_name}


def _my_congress_ids() -> list[int]:
    # Read once per request by _chosen_for; a page renders several templates, each asks again.
    known = g.get("my_congress_ids")
    if known is not None and known[0] == current_user.id:
        return known[1]
    return ([c for c in db.session.scalars(select(Congress.id))] if current_user.is_platform_admin
            else congress_ids_of(current_user.id))


def issuer() -> str:
    """The standing committee in the page's language: 城东区人大常委会; printed on documents."""
    congress = g.get("congress")
    return congress.title(lang()) if congress else ""


def issuer_office() -> str:
    congress = g.get("congress")
    if congress is None:
        return ""
    return f"{issuer()} · {congress.office_name}" if congress.office_name else issuer()


def site_name() -> str:
    congress = g.get("congress")
    if congress is None:
        return _("Deputies' Suggestions System")
    place = (congress.place_en or congress.place) if lang() == "en" else congress.place
    return _("%(place)s Deputies' Suggestions System", place=place)


def _mine() -> list[int]:
    """The congresses the signed-in person may work in (the platform administrator: all)."""
    return (db.session.scalars(select(Congress.id)).all() if current_user.is_platform_admin
            else congress_ids_of(current_user.id))


@bp.post("/congress/<int:congress_id>")
@login_required
def choose(congress_id: int):
    """The header's picker: work in another of one's own congresses (a request, no data changed)."""
    if congress_id not in _mine():
        abort(404)
    session[CHOSEN] = congress_id
    return redirect(url_for("items.home"))


@bp.url_defaults
def _link_congress(endpoint: str, values: dict) -> None:
    """A page drawn for an item link (its 404, the language switch) links back to the same one."""
    if endpoint == "congress.open_item" and "congress" not in values:
        congress = g.get("congress") or default_congress()  # an unknown one's 404: the default's
        if congress is not None:
            values["congress"] = congress.code


@bp.route("/c/<congress>/items/<int:item_id>")
@login_required
def open_item(item_id: int):
    """An item link of a mail (tracker.jobs.deliver): the URL's congress is the request's; a person
    of it works there from now on and lands on the item, whatever congress they had chosen. A
    person of another congress, or an item not of this one, gets what a missing item gets."""
    found = db.session.scalar(select(Suggestion.id).where(Suggestion.id == item_id))
    if g.congress.id not in _mine() or found is None:
        abort(404)
    session[CHOSEN] = g.congress.id
    return redirect(url_for("items.show", item_id=item_id))


def _on_sign_in(_app, user, **_kwargs) -> None:
    """Choose the congress as the person signs in, so that every page after is alike: the
    choice remembered, no statement of its own (the sign-in request itself was a guest's)."""
    _chosen_for(user.id)


def register(app: Flask) -> None:
    # First of all before_request hooks: the user loader and every view read in this scope.
    app.url_value_preprocessor(_take_code)  # runs before every before_request hook
    app.before_request_funcs.setdefault(None, []).insert(0, _enter)
    app.teardown_request(_leave)
    app.context_processor(_template_globals)
    user_logged_in.connect(_on_sign_in, app)
    app.register_blueprint(bp)
