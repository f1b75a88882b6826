"""The administrator's people pages: the /admin index, the users list, a person's page, deactivation
with a successor, and the one-time password of a reset.

Views follow the house pattern: load (404: someone of another congress is nobody here) -> check
(403) -> form -> one domain call through `perform` (commit, or the page again with the input kept).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.clock import now
from tracker.domain.accounts import recovery
from tracker.domain.accounts.logins import live_logins
from tracker.domain.people import handover, leaving, users
from tracker.domain.people.logins import end_person_logins
from tracker.extensions import db
from tracker.models import User
from tracker.web.access import require_role
from tracker.web.accounts.forms import EndLoginForm
from tracker.web.admin_people.forms import DeactivateForm, PeopleFilterForm, PersonForm, TokenForm
from tracker.web.errors import page_of, perform, status_of
from tracker.web.logins import limits
from tracker.workflow import Role

bp = Blueprint("admin_people", __name__, url_prefix="/admin")
# The pages the index describes itself (templates/admin/people/index.html); any other /admin page is
# listed under them by its address.
LISTED = {"admin_people.users_index", "admin_people.organisation_index", "admin_people.term_change",
          "office.sessions_index", "reminders.index", "admin_rules.rules_index", "admin_rules.calendar",
          "admin_people.new_user"}


def _person(user_id: int) -> User:
    user = users.person_here(db.session, user_id)
    if user is None:
        abort(404)
    require_role(Role.ADMIN)
    return user


def _code_page(user: User, token: str, created: bool):
    """The one-time link that sets a password, shown this once: it is stored only as a digest."""
    # The congress's code in the link: the page it opens wears this congress's name.
    link = url_for("accounts.reset_link", token=token, congress=g.congress.code, _external=True)
    return render_template("admin/people/code.html", person=user, link=link, created=created)


def _other_pages() -> list[str]:
    """Administration pages added by other features than those the index names (roster, …)."""
    return sorted(r.rule for r in current_app.url_map.iter_rules()
                  if r.rule.startswith("/admin/") and not r.arguments and "GET" in (r.methods or ())
                  and r.endpoint not in LISTED)


@bp.route("")
@login_required
def index():
    if not (current_user.has_role(Role.ADMIN) or current_user.has_role(Role.OFFICE_STAFF)):
        abort(403)
    return render_template("admin/people/index.html", is_admin=current_user.has_role(Role.ADMIN),
                           endpoints=current_app.view_functions, others=_other_pages())


@bp.route("/users")
@login_required
def users_index():
    require_role(Role.ADMIN)
    form = PeopleFilterForm(request.args).fill_choices()
    valid = form.validate()
    people, more = users.people_page(db.session, form.chosen() if valid else users.PeopleFilter())
    return render_template("admin/people/users.html", form=form, people=people, more=more,
                           page=form.page.data or 1 if valid else 1), 200 if valid else 400


@bp.route("/users/new", methods=["GET", "POST"])
@login_required
def new_user():
    require_role(Role.ADMIN)
    form = PersonForm().fill_choices()
    draw = page_of("admin/people/person.html", form=form, person=None, token=TokenForm())
    if form.validate_on_submit():
        user, token = perform(lambda: users.create_person(db.session, current_user, form.person(), at=now()),
                              page=draw, form=form)
        return _code_page(user, token, created=True)
    return draw(), status_of(form)


@bp.route("/users/join", methods=["POST"])
@login_required
def join_user():
    """The new-user page's other button: the account of another congress it offered, placed here."""
    require_role(Role.ADMIN)
    form = PersonForm().fill_choices()
    draw = page_of("admin/people/person.html", form=form, person=None, token=TokenForm())
    if not form.validate_on_submit():
        return draw(), 400
    user = perform(lambda: users.join_person(db.session, current_user, form.person(),
                                             account_id=form.offered_id(), at=now()), page=draw, form=form)
    flash(_("%(name)s is added to this congress; their account and their other congress are as they were.",
            name=user.name), "success")
    return redirect(url_for("admin_people.edit_user", user_id=user.id))


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@login_required
def edit_user(user_id: int):
    user = _person(user_id)
    form = PersonForm(data=PersonForm.data_of(user)).fill_choices(user, handover.successors(db.session, user))
    draw = page_of("admin/people/person.html", form=form, person=user, token=TokenForm(),
                   logins=live_logins(db.session, user.id, at=now(), limits=limits()))
    if form.validate_on_submit():
        successor = users.person_here(db.session, form.successor_id_chosen() or 0)
        changed = perform(lambda: users.edit_person(db.session, current_user, user, form.person(), at=now(),
                                                    successor=successor), page=draw, form=form)
        flash(_("Saved.") if changed else _("Nothing was changed."), "success")
        return redirect(url_for("admin_people.edit_user", user_id=user.id))
    return draw(), status_of(form)


@bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
@login_required
def deactivate_user(user_id: int):
    user = _person(user_id)
    form = DeactivateForm().fill_choices(handover.successors(db.session, user))
    draw = page_of("admin/people/deactivate.html", form=form, person=user,
                   work=handover.open_work(db.session, user))
    if form.validate_on_submit():
        successor = users.person_here(db.session, int(form.successor_id.data or 0))
        off = perform(lambda: leaving.deactivate_person(db.session, current_user, user, successor=successor,
                                                        at=now()), page=draw, form=form)
        flash(_("%(name)s is deactivated here; their account is off.", name=user.name) if off else _(
            "%(name)s is deactivated here; their account stays for their other congress.", name=user.name),
            "success")
        return redirect(url_for("admin_people.users_index"))
    return draw(), status_of(form)


@bp.route("/users/<int:user_id>/logins", methods=["POST"])
@login_required
def end_logins(user_id: int):
    """End one of the person's logins, or all: the devices they are signed in on open nothing more."""
    user = _person(user_id)
    form = EndLoginForm()
    if not form.validate_on_submit():
        abort(400)
    count = perform(lambda: end_person_logins(db.session, current_user, user, form.login_id(), at=now()))
    flash(_("Sign-ins of %(name)s ended: %(num)d.", name=user.name, num=count), "success")
    return redirect(url_for("admin_people.edit_user", user_id=user.id, _anchor="person-logins"))


@bp.route("/users/<int:user_id>/reset", methods=["POST"])
@login_required
def reset_password(user_id: int):
    user = _person(user_id)
    if not TokenForm().validate_on_submit():
        abort(400)
    form = PersonForm(formdata=None, data=PersonForm.data_of(user)).fill_choices(user)
    draw = page_of("admin/people/person.html", form=form, person=user, token=TokenForm())
    token = perform(lambda: recovery.issue_reset(db.session, user, by=current_user, at=now()), page=draw)
    return _code_page(user, token, created=False)
