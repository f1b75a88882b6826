"""The dashboard's filter form (GET, shape only): every choice is offered from the database."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import SelectField

from tracker.domain.metrics.facts import MetricFilter
from tracker.domain.metrics.figures import FIGURES
from tracker.extensions import db
from tracker.models import Category, CongressSession, DeputyGroup, HandlingUnit, User, UserRole
from tracker.web.i18n import local_name
from tracker.web.items.action_forms import SelectChoice
from tracker.web.labels import CHANNELS
from tracker.web.params import to_id
from tracker.workflow import Channel, Role


class DashboardFilterForm(FlaskForm):
    # A GET form: a filtered dashboard can be linked to and changes nothing, so no CSRF token.
    class Meta:
        csrf = False

    session_id = SelectField(_l("Congress session"), default="")
    year = SelectField(_l("Year"), default="")
    channel = SelectField(_l("Channel"), default="")
    category_id = SelectField(_l("Category"), default="")
    group_id = SelectField(_l("Deputy group"), default="")
    unit_id = SelectField(_l("Lead unit"), default="")
    deputy_id = SelectField(_l("Lead deputy"), default="")

    def fill_choices(self, lang: str, today_year: int) -> DashboardFilterForm:
        every = [SelectChoice("", _l("All"))]
        self.session_id.choices = every + [SelectChoice(str(s.id), s.name) for s in db.session.scalars(
            select(CongressSession).order_by(CongressSession.opens_on.desc()))]
        # From the first session's year (between-session items of earlier years are rare and would
        # cost a scan of every suggestion to find).
        first = min(db.session.scalar(select(func.min(CongressSession.year))) or today_year, today_year - 1)
        self.year.choices = every + [SelectChoice(str(y), str(y)) for y in range(today_year, first - 1, -1)]
        self.channel.choices = every + [SelectChoice(c.value, CHANNELS[c.value]) for c in Channel]
        self.category_id.choices = every + [
            SelectChoice(str(c.id), local_name(c))
            for c in db.session.scalars(select(Category).order_by(Category.id))]
        self.group_id.choices = every + [SelectChoice(str(g.id), g.name) for g in db.session.scalars(
            select(DeputyGroup).order_by(DeputyGroup.id))]
        self.unit_id.choices = every + [SelectChoice(str(u.id), u.name) for u in db.session.scalars(
            select(HandlingUnit).order_by(HandlingUnit.id))]
        deputies = (select(User.id, User.name).join(UserRole).where(UserRole.role == Role.DEPUTY)
                    .order_by(User.name, User.id))
        self.deputy_id.choices = every + [SelectChoice(str(i), n) for i, n in db.session.execute(deputies)]
        return self

    def drill_args(self, args, valid: bool) -> tuple[str, str, int] | None:
        """The drill-down's figure, part and keyset cursor (an id, as the database keeps them);
        None, with the form's message, when the filter or any of them is not one offered."""
        key, part, after = args.get("key", ""), args.get("part", "num"), args.get("after", "0")
        if key not in FIGURES or part not in ("num", "den"):
            self.form_errors.append(_("Choose a figure of the dashboard."))
            return None
        if not valid:
            return None
        if to_id(after) is None:
            self.form_errors.append(_("This page of the list does not exist."))
            return None
        return key, part, int(after)

    def to_filter(self) -> MetricFilter:
        """The filter; call after validate(), which refused anything not offered."""
        def num(field):
            return int(field.data) if field.data else None
        return MetricFilter(session_id=num(self.session_id), year=num(self.year),
                            channel=Channel(self.channel.data) if self.channel.data else None,
                            category_id=num(self.category_id), group_id=num(self.group_id),
                            unit_id=num(self.unit_id), deputy_id=num(self.deputy_id))
