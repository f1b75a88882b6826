"""Forms of the people and organisation pages: shape only; duplicates, places and rules are the domain's."""

from __future__ import annotations

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from tracker.domain.people.organisation import OrgInput
from tracker.domain.people.users import PeopleFilter, PersonInput
from tracker.extensions import db
from tracker.models import Committee, DeputyGroup, HandlingUnit, User
from tracker.web.i18n import lazy_gettext as _l  # reads "kind|" msgids: "person|Name" is 姓名
from tracker.web.i18n import local_name, tr
from tracker.web.items.action_forms import SelectChoice
from tracker.web.params import to_id, to_ids
from tracker.workflow import Role


def _rows(model, keep=()) -> list:
    """The active rows of a kind (and any deactivated one the record still names), for a picker."""
    return list(db.session.scalars(select(model).where(model.is_active.is_(True) | model.id.in_(
        [k for k in keep if k])).order_by(model.name)))


def _choices(model, keep=(), blank=True) -> list:
    head = [SelectChoice("", "—")] if blank else []
    return head + [SelectChoice(str(r.id), local_name(r)) for r in _rows(model, keep)]


def _people_choices(people) -> list:
    return [SelectChoice("", "—")] + [SelectChoice(str(u.id), f"{u.name} ({u.username})") for u in people]


class PersonForm(FlaskForm):
    username = StringField(_l("Username"), validators=[Length(max=40)])
    name = StringField(_l("person|Name"), validators=[InputRequired(_l("Give the name.")), Length(max=40)])
    phone = StringField(_l("Mobile phone"), validators=[Length(max=30)],
                        description=_l("A mainland mobile number; +86 and spaces are fine."))
    email = StringField(_l("Email"), validators=[Length(max=120)])
    roles = SelectMultipleField(_l("Roles in this congress"), choices=[])
    group_id = SelectField(_l("Deputy group"), default="")
    committee_id = SelectField(_l("Committee"), default="")
    unit_id = SelectField(_l("Handling unit"), default="")
    title = StringField(_l("Title (职务)"), validators=[Length(max=60)])
    successor_id = SelectField(_l("Successor"), default="",
                               description=_l("Needed when a role taken away here (or a unit, committee "
                                              "or group changed) leaves open work: they take it over."))
    # The account of another congress the page offered after a refusal (AccountElsewhere); sent
    # with the "add to this congress" button, which the domain checks against the typed details.
    join_id = HiddenField()

    def fill_choices(self, user: User | None = None, successors: list[User] = ()) -> PersonForm:
        self.roles.choices = [SelectChoice(r.value, tr(r)) for r in Role]
        keep = user.membership if user is not None else None
        for field, model in ((self.group_id, DeputyGroup), (self.committee_id, Committee),
                             (self.unit_id, HandlingUnit)):
            field.choices = _choices(model, [getattr(keep, field.name, None)])
        self.successor_id.choices = _people_choices(successors)
        return self

    def place_error(self, err, message: str) -> str:
        """A refusal's message on its field; the account of another congress it names, if any, is
        the one the "add to this congress" button then sends."""
        target = self._fields.get(err.field or "")
        if target is not None:
            target.errors = [*target.errors, message]
        self.join_id.data = str(getattr(err, "account_id", "") or "")
        return message

    def person(self) -> PersonInput:
        return PersonInput(name=self.name.data or "", username=self.username.data or "",
                           phone=self.phone.data or "", email=self.email.data or "",
                           roles=[Role(r) for r in self.roles.data or []],
                           group_id=to_id(self.group_id.data), committee_id=to_id(self.committee_id.data),
                           unit_id=to_id(self.unit_id.data), title=self.title.data or "")

    def successor_id_chosen(self) -> int | None:
        return to_id(self.successor_id.data)

    def offered_id(self) -> int | None:
        return to_id(self.join_id.data)

    @staticmethod
    def data_of(user: User) -> dict:
        return {"username": user.username, "name": user.name, "phone": user.phone, "email": user.email,
                "roles": sorted(r.value for r in user.roles), "title": user.title,
                **{c: str(getattr(user, c) or "") for c in ("group_id", "committee_id", "unit_id")}}


class PeopleFilterForm(FlaskForm):
    """The list's search and filters (a GET query: no token)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name, username or phone"), validators=[Length(max=60)])
    role = SelectField(_l("Role"), default="")
    group_id = SelectField(_l("Deputy group"), default="")
    unit_id = SelectField(_l("Handling unit"), default="")
    page = IntegerField(validators=[Optional(), NumberRange(1, 10_000)])

    def fill_choices(self) -> PeopleFilterForm:
        every = [SelectChoice("", _l("All"))]
        self.role.choices = every + [SelectChoice(r.value, tr(r)) for r in Role]
        self.group_id.choices = every + _choices(DeputyGroup, blank=False)
        self.unit_id.choices = every + _choices(HandlingUnit, blank=False)
        return self

    def chosen(self) -> PeopleFilter:
        return PeopleFilter(q=self.q.data or "", role=Role(self.role.data) if self.role.data else None,
                            group_id=to_id(self.group_id.data), unit_id=to_id(self.unit_id.data),
                            page=self.page.data or 1)


class DeactivateForm(FlaskForm):
    successor_id = SelectField(_l("Successor"), default="",
                               description=_l("Takes over their open work here: deadlines named after "
                                              "them, the groups they lead, their unit's or committee's "
                                              "work when they are its last member."))

    def fill_choices(self, people: list[User]) -> DeactivateForm:
        self.successor_id.choices = _people_choices(people)
        return self


class TokenForm(FlaskForm):
    """Carries only the CSRF token (reset, deactivate and reactivate buttons)."""


class OrgForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(_l("Give the name.")), Length(max=100)])
    name_en = StringField(_l("English name"), validators=[Length(max=100)])
    short_name = StringField(_l("Short name"), validators=[Length(max=40)])
    leader_id = SelectField(_l("Group leader"), default="")
    committee_id = SelectField(_l("Committee"), default="")
    default_unit_ids = SelectMultipleField(_l("Default handling units"), choices=[])

    def fill_choices(self, kind: str, row=None, deputies: list[User] = ()) -> OrgForm:
        self.leader_id.choices = [SelectChoice("", "—")] + [
            SelectChoice(str(u.id), u.name) for u in deputies]
        self.committee_id.choices = _choices(Committee, [getattr(row, "committee_id", None)])
        kept = [u.id for u in getattr(row, "default_units", [])]
        self.default_unit_ids.choices = _choices(HandlingUnit, kept, blank=False)
        return self

    def org(self) -> OrgInput:
        return OrgInput(name=self.name.data or "", name_en=self.name_en.data or "",
                        short_name=self.short_name.data or "", leader_id=to_id(self.leader_id.data),
                        committee_id=to_id(self.committee_id.data),
                        default_unit_ids=to_ids(self.default_unit_ids.data))

    @staticmethod
    def data_of(kind: str, row) -> dict:
        return {"name": row.name, "name_en": getattr(row, "name_en", ""), "short_name": getattr(
            row, "short_name", ""), "leader_id": str(getattr(row, "leader_id", None) or ""),
                "committee_id": str(getattr(row, "committee_id", None) or ""),
                "default_unit_ids": [str(u.id) for u in getattr(row, "default_units", [])]}


class TermForm(FlaskForm):
    ordinal = IntegerField(_l("Term number (第N届)"), validators=[
        InputRequired(_l("Give the term's number.")), NumberRange(1, 99)])
    starts_on = DateField(_l("Starts on"), validators=[InputRequired(_l("Give the first day."))])
    re_elected = SelectMultipleField(_l("Deputies re-elected"), choices=[])

    def fill_choices(self, deputies: list[User]) -> TermForm:
        self.re_elected.choices = [SelectChoice(str(u.id), u.name) for u in deputies]
        return self


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current or one-time password"),
                            validators=[InputRequired(_l("Enter your password."))])
    new = PasswordField(_l("New password"), validators=[InputRequired(_l("Enter the new password."))])
    repeat = PasswordField(_l("New password again"), validators=[InputRequired(_l("Enter it again."))])
