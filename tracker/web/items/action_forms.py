"""The generic action form, built at run time from the table's rows and the FIELDS kinds.

One form serves every transition: the rows for (state, action) name the inputs, each input's Kind
picks a widget, and `collect` turns the posted form into the `data` dict `engine.apply` reads.
The form checks shape only (present, a date, one of the offered choices); the engine decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

try:
    from wtforms import SelectChoice  # WTForms 3.3 deprecates (value, label) tuples
except ImportError:  # pragma: no cover  (older WTForms takes the tuples)
    def SelectChoice(value, label=None):  # noqa: N802
        return (value, value if label is None else label)

from tracker.domain.errors import DomainError
from tracker.domain.reads import followup
from tracker.domain.steps.prereview import CHECKLIST
from tracker.extensions import db
from tracker.models import Category, Committee, HandlingUnit, Membership, Suggestion, User, UserRole
from tracker.web.attachments.forms import attachment_field
from tracker.web.i18n import choice_label, field_label, gettext, local_name
from tracker.web.params import to_id
from tracker.workflow import FIELDS, FINAL, Action, Field, Kind, Reason, Role, Transition, rows_for

K = Kind
REQUIRED = _l("This field is required.")
# What a free-text field is for, where its label alone leaves it unclear beside the reason box.
FIELD_HELP = {Field.SUMMARY: _l("For the next review layer: what you checked and what they should "
                                "look at. Kept in the item's history.")}
# The reason box's help where the form also has a summary: the two are told apart.
REASON_WITH_SUMMARY = _l("Your opinion on the suggestion itself: it is sent to the deputy with the "
                         "notice of your decision.")


@dataclass(frozen=True)
class ActionSpec:
    """What the form for one action on one item asks: fields in table order, which are required."""

    action: Action
    fields: tuple[Field, ...]
    required: frozenset[Field]
    reason: str  # "always", "sometimes", "optional" or "never" (no reason box)

    @property
    def reason_help(self):
        """Help under the reason box when the form also asks for a summary (the pass form)."""
        return REASON_WITH_SUMMARY if self.reason != "never" and Field.SUMMARY in self.fields else ""


def spec_for(state, action: Action, role: Role | None = None) -> ActionSpec:
    """The union of the inputs of every row that may apply (rows told apart by guards)."""
    rows: list[Transition] = rows_for(state, action)
    if role is not None:
        rows = [r for r in rows if role in r.roles] or rows
    fields = tuple(dict.fromkeys(f for r in rows for f in (*r.fields, *r.optional_fields)))
    required = frozenset.intersection(*(frozenset(r.fields) for r in rows)) if rows else frozenset()
    asks = {r.reason for r in rows}
    if asks == {Reason.REQUIRED}:
        reason = "always"
    elif Reason.REQUIRED in asks:
        reason = "sometimes"
    else:  # a box only where a row asks for one (the table's reason column)
        reason = "optional" if Reason.OPTIONAL in asks else "never"
    return ActionSpec(action, fields, required, reason)


class ActionForm(FlaskForm):
    as_role = HiddenField()
    # What the page was drawn from: a send from a stale page is refused with the text kept.
    lock_version = HiddenField()
    seen_state = HiddenField()
    reason = TextAreaField(_l("Reason / opinion"), validators=[Length(max=20000)])

    def place_error(self, err: DomainError, message: str) -> str:
        """Put the engine's message on the field it names; returns the message for the page top."""
        if err.field and err.field in {f.value for f in FIELDS}:
            # The engine names fields by code ("请填写：lead_unit"); show the label the user sees.
            message = message.replace(err.field, field_label(err.field))
        target = self._fields.get(err.field) if err.field else None
        if target is not None:
            target.errors = [*target.errors, message]
        elif err.field == Field.CHECKLIST.value:
            self.checklist_error = message
        return message


def options(pairs) -> list[SelectChoice]:
    return [SelectChoice(str(value), text) for value, text in pairs]


def _short(text: str, size: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= size else text[:size - 1] + "…"


def _choices(kind: Kind, item: Suggestion, lang: str, action: Action | None = None
             ) -> list[tuple[str, str]]:
    session = db.session
    if kind is K.DEPUTY:
        rows = session.execute(select(User.id, User.name).join(UserRole).outerjoin(
            Membership, Membership.user_id == User.id).where(
            UserRole.role == Role.DEPUTY, User.is_active_user.is_(True), Membership.in_office.is_not(False),
            User.id != item.author_id).order_by(User.name)).all()
    elif kind is K.CATEGORY:
        # Pickers offer active rows only: a deactivated one keeps its name on old items (issue 13).
        rows = [(c.id, local_name(c)) for c in session.scalars(
            select(Category).where(Category.is_active.is_(True)).order_by(Category.id))]
    elif kind in (K.UNIT, K.UNITS):
        rows = session.execute(select(HandlingUnit.id, HandlingUnit.name)
                               .where(HandlingUnit.is_active.is_(True)).order_by(HandlingUnit.id)).all()
    elif kind is K.COMMITTEE:
        rows = session.execute(select(Committee.id, Committee.name).where(Committee.is_active.is_(True))
                               .order_by(Committee.id)).all()
    elif kind is K.PROMISE:
        rows = [(p.id, f"{p.due_on.isoformat()} · {p.unit.name} · {_short(p.text)}")
                for p in followup.promise_candidates(session, item.id, action)]
    elif kind is K.SUGGESTION:
        others = session.scalars(select(Suggestion).where(
            Suggestion.id != item.id, Suggestion.state.not_in(FINAL))
            .order_by(Suggestion.id.desc()).limit(500))
        rows = [(s.id, f"{s.registration_label or '#' + str(s.id)} {s.title}") for s in others]
    else:
        return []
    return [(str(i), name) for i, name in rows]


def _field(name: Field, item: Suggestion, required: bool, lang: str, action: Action | None = None):
    spec = FIELDS[name]
    text = field_label(name)
    need = [InputRequired(REQUIRED)] if required else [Optional()]
    kind = spec.kind
    if kind is K.TEXT:
        return StringField(text, validators=[*need, Length(max=200)])
    if kind is K.LONG_TEXT:
        return TextAreaField(text, validators=[*need, Length(max=20000)],
                             description=FIELD_HELP.get(name, ""))
    if kind is K.DATE:
        return DateField(text, validators=need, format="%Y-%m-%d")
    if kind is K.DATES:
        return StringField(text, validators=[*need, Length(max=500)],
                           description=_l("YYYY-MM-DD, separated by commas"))
    if kind is K.CHOICE:
        choices = [(choice[0], choice_label(name, choice[0])) for choice in spec.options]
        return RadioField(text, choices=options(choices), validators=need)
    if kind is K.UNITS:
        return SelectMultipleField(text, choices=options(_choices(kind, item, lang)),
                                   validators=need)
    blank = [("", "—")]
    return SelectField(text, choices=options(blank + _choices(kind, item, lang, action)),
                       validators=need)


def _checklist_fields(required: bool, lang: str) -> dict:
    need = [InputRequired(_l("Pass or fail?"))] if required else [Optional()]
    out = {}
    verdicts = options([("pass", _l("Pass")), ("fail", _l("Fail"))])
    for code, msgid in CHECKLIST:
        out[f"check__{code}"] = RadioField(gettext(msgid), validators=need, choices=verdicts)
        out[f"note__{code}"] = StringField(_l("Note"), validators=[Length(max=500)])
    return out


def _defaults(spec: ActionSpec, item: Suggestion, today, preset: dict) -> dict:
    """Sensible starting values: the item's category, the unit the category or deputy suggests."""
    out: dict = {}
    if Field.CATEGORY in spec.fields and item.category_id:
        out[Field.CATEGORY.value] = str(item.category_id)
    if Field.LEAD_UNIT in spec.fields:
        suggested = item.category.default_units if item.category else []
        unit_id = suggested[0].id if suggested else item.proposed_unit_id
        if unit_id:
            out[Field.LEAD_UNIT.value] = str(unit_id)
    if Field.CONTACT_DATE in spec.fields:
        out[Field.CONTACT_DATE.value] = today
    if Field.PROMISE in spec.fields:
        # The promise the /followup row's button named, or the only one there is to choose.
        ids = [str(p.id) for p in followup.promise_candidates(db.session, item.id, spec.action)]
        wanted = preset.get("promise")
        if wanted not in ids:
            wanted = ids[0] if len(ids) == 1 else None
        if wanted:
            out[Field.PROMISE.value] = wanted
    return out


# Actions whose form also takes files: the unit attaches them to the reply it drafts.
WITH_ATTACHMENTS = frozenset({Action.SUBMIT_REPLY})


def build_form(spec: ActionSpec, item: Suggestion, role: Role | None, lang: str, today,
               rules=None, preset: dict | None = None, standard=()):
    """A form class made for this action and item, instantiated on the request's input.

    `preset` holds starting values a link may name (the promise a /followup row is about);
    `standard`: the layer's standard return reasons to pick (tracker.domain.congress.return_reasons)."""
    attrs: dict = {}
    if standard:
        attrs["standard_reasons"] = SelectMultipleField(
            _l("Standard reasons"), coerce=int, validators=[Optional()],
            choices=[SelectChoice(r.id, r.text) for r in standard])
    if rules is not None and spec.action in WITH_ATTACHMENTS:
        attrs["attachments"] = attachment_field(rules)
    for name in spec.fields:
        required = name in spec.required
        if FIELDS[name].kind is K.CHECKLIST:
            attrs.update(_checklist_fields(required, lang))
        else:
            attrs[name.value] = _field(name, item, required, lang, spec.action)
    form_cls = type("GeneratedActionForm", (ActionForm,), attrs)
    data = _defaults(spec, item, today, preset or {}) | {"as_role": role.value if role else "",
                                            "lock_version": str(item.lock_version),
                                            "seen_state": item.state.value}
    return form_cls(data=data)


def seen(form) -> tuple[int | None, str | None]:
    """The lock_version and state the page was drawn with, when the form sent them."""
    return to_id(form.lock_version.data), (form.seen_state.data or None)


def refresh(form, item: Suggestion) -> None:
    """After telling the user the page was stale, the next send is judged on the current item."""
    form.lock_version.data = str(item.lock_version)
    form.seen_state.data = item.state.value


def collect(form, spec: ActionSpec) -> dict:
    """The posted form as the engine's `data`; empty optional inputs are left out."""
    data: dict = {}
    for name in spec.fields:
        if FIELDS[name].kind is K.CHECKLIST:
            data[name.value] = {code: {"passed": form[f"check__{code}"].data == "pass",
                                       "note": (form[f"note__{code}"].data or "").strip()}
                                for code, _ in CHECKLIST
                                if form[f"check__{code}"].data in ("pass", "fail")}
            continue
        value = form[name.value].data
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, str):
            value = value.strip()
        if value not in (None, "", [], {}):
            data[name.value] = value
    return data


