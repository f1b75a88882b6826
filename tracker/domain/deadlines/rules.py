"""Deadline rules: the period in force for each kind of deadline, and the administrator's audited edits.

Lookup order: the congress's own row, then the platform's row (congress_id NULL, seeded from
DOMAIN), then DOMAIN's default in tracker.workflow.DEADLINES. An administrator's edit writes the
congress's own row; resetting deletes it. A change applies to deadlines opened after it: an open
deadline keeps the amount and unit it was opened with (tracker.models.Deadline).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from tracker.domain.audit import record
from tracker.domain.deadlines.rows import MAX_MONTHS
from tracker.domain.errors import InvalidData
from tracker.models import DeadlineRule, User
from tracker.tenancy import ALL_CONGRESSES, PLATFORM, current_congress_id
from tracker.translations import Message
from tracker.workflow import DEADLINES, Anchor, Channel, DeadlineKind, DeadlineSpec, Role, Unit
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_

K = DeadlineKind
# The largest period an administrator may set, per unit: beyond these a deadline no longer
# reminds anyone in time (months: the Deputies Law's six-month ceiling on a reply).
MOST = {Unit.WORKING_DAYS: 60, Unit.CALENDAR_DAYS: 90, Unit.MONTHS: MAX_MONTHS}
EDITABLE_UNITS = tuple(MOST)

_LOCAL = N_("Local rules on handling deputies' suggestions")
_PRACTICE = N_("Pre-review practice of the deputies' affairs office")
_SESSION = N_("The session's own dates")
_GIVEN = N_("A date set with the step (promised date, report date)")
BASIS: dict[DeadlineKind, str] = {
    K.COSIGNER_ANSWER: _PRACTICE, K.WITHDRAWAL_CONSENT: _PRACTICE, K.GROUP_REVIEW: _PRACTICE,
    K.COMMITTEE_REVIEW: _PRACTICE, K.OFFICE_REVIEW: _PRACTICE, K.REVISION: _PRACTICE,
    K.PRE_SUBMISSION: _SESSION, K.FORMAL_SUBMISSION: _SESSION,
    K.REPLY: N_("Deputies Law Art. 51–52: reply within three months of assignment, six at most"),
    K.ESCALATION_DECISION: N_("No statutory period; this system's default"),
    K.PROMISE: _GIVEN, K.PROGRESS_REPORT: _GIVEN,
}
ANCHORS = {
    Anchor.EVENT: N_("counted from the day of the step"),
    Anchor.SUBMITTED: N_("counted from the day of submission"),
    Anchor.SESSION_CLOSE: N_("counted from the session's closing day"),
    Anchor.SESSION_PRESUBMIT: N_("counted from the session's pre-submission deadline"),
}


PERIODS = {  # (one, several) per unit
    Unit.WORKING_DAYS: (N_("1 working day"), N_("%(n)s working days")),
    Unit.CALENDAR_DAYS: (N_("1 calendar day"), N_("%(n)s calendar days")),
    Unit.MONTHS: (N_("1 month"), N_("%(n)s months")),
}


def period_text(amount: int, unit: Unit) -> Message:
    """A period in words: "3个月", "5 working days"; a set date or a session's date says so."""
    if unit not in PERIODS:
        return Message(N_("a date set with the step"))
    if amount == 0:
        return Message(N_("on that date itself"))
    one, several = PERIODS[unit]
    return Message(one) if amount == 1 else Message(several, n=amount)


@dataclass(frozen=True)
class RuleLine:
    """One kind of deadline (per channel where the channels differ) as the rules page shows it."""

    spec: DeadlineSpec  # DOMAIN's default
    amount: int
    unit: Unit
    basis: str  # the local rule an administrator named; empty: the default's basis applies
    own: bool = False  # the congress's own period (an override), not the platform's

    @property
    def key(self) -> str:
        return rule_key(self.spec)

    @property
    def editable(self) -> bool:
        """Fixed dates and the session's own dates are not periods: nothing to edit."""
        return self.spec.unit in EDITABLE_UNITS and self.spec.amount > 0

    @property
    def changed(self) -> bool:
        return (self.amount, self.unit) != (self.spec.amount, self.spec.unit) or bool(self.basis)

    @property
    def default_basis(self) -> str:
        return BASIS.get(self.spec.kind, _LOCAL)

    @property
    def period(self) -> Message:
        return period_text(self.amount, self.unit)

    @property
    def default_period(self) -> Message:
        return period_text(self.spec.amount, self.spec.unit)

    @property
    def counted_from(self) -> str:
        return ANCHORS[self.spec.anchor]


def rule_key(spec: DeadlineSpec) -> str:
    """The rule's name in a URL: its kind, and its channel where the rule is one channel's."""
    return f"{spec.kind.value}.{spec.channel.value}" if spec.channel else spec.kind.value


def spec_for(key: str) -> DeadlineSpec | None:
    return next((s for s in DEADLINES if rule_key(s) == key), None)


def _rows(session, kind: DeadlineKind | None = None) -> list[DeadlineRule]:
    """The rule rows that may apply here (the scope reads the congress's own and the platform's),
    the congress's own first."""
    stmt = select(DeadlineRule).order_by(DeadlineRule.id)
    if kind is not None:
        stmt = stmt.where(DeadlineRule.kind == kind)
    return sorted(session.scalars(stmt), key=lambda r: r.congress_id is None)


def _own(session, spec: DeadlineSpec) -> DeadlineRule | None:
    """The congress's own row for a rule: the one an administrator's edit writes."""
    congress_id = current_congress_id()
    return next((r for r in _rows(session, spec.kind)
                 if r.channel == spec.channel and r.congress_id == congress_id), None)


def _new_row(spec: DeadlineSpec, congress_id: int | None) -> DeadlineRule:
    """A row with DOMAIN's period: the platform's (None) or a congress's own."""
    return DeadlineRule(kind=spec.kind, channel=spec.channel, amount=spec.amount, unit=spec.unit,
                        anchor=spec.anchor, basis="",
                        congress_id=PLATFORM if congress_id is None else congress_id)


def _in_force(rows: list[DeadlineRule], kind: DeadlineKind, channel: Channel | None
              ) -> DeadlineRule | None:
    return next((r for r in rows if r.kind == kind and r.channel == channel), None)


def rule_for(session, kind: DeadlineKind, channel: Channel) -> tuple[int, Unit, Anchor]:
    """The rule in force for a kind, the channel's own rule first; DOMAIN's default if none."""
    rows = _rows(session, kind)
    for want in (channel, None):
        if (row := _in_force(rows, kind, want)) is not None:
            return row.amount, row.unit, row.anchor
    for want in (channel, None):
        for spec in DEADLINES:
            if spec.kind == kind and spec.channel == want:
                return spec.amount, spec.unit, spec.anchor
    raise KeyError(kind)


def seed_rules(session) -> None:
    """Write DOMAIN's defaults as the platform's rule rows, leaving any an administrator changed."""
    have = {(r.kind, r.channel) for r in session.scalars(
        select(DeadlineRule).where(DeadlineRule.congress_id.is_(None))
        .execution_options(**{ALL_CONGRESSES: True}))}
    for spec in DEADLINES:
        if (spec.kind, spec.channel) not in have:
            session.add(_new_row(spec, None))
    session.flush()


def rule_lines(session) -> list[RuleLine]:
    """Every rule in the table's order, as in force in the congress in scope."""
    rows = _rows(session)
    lines = []
    for spec in DEADLINES:
        row = _in_force(rows, spec.kind, spec.channel)
        amount, unit = (row.amount, row.unit) if row else (spec.amount, spec.unit)
        lines.append(RuleLine(spec, amount, unit, row.basis if row else "",
                              own=row is not None and row.congress_id is not None))
    return lines


def line_for(session, spec: DeadlineSpec) -> RuleLine:
    return next(line for line in rule_lines(session) if line.spec == spec)


def check_period(amount: int, unit: Unit) -> None:
    """A period is a whole number from 1 up to the unit's most."""
    if unit not in MOST:
        raise InvalidData(N_("Choose months, working days or calendar days."), field="unit")
    if not 1 <= amount <= MOST[unit]:
        raise InvalidData(N_("Give a whole number from 1 to %(most)s."), most=MOST[unit], field="amount")


def _state(line: RuleLine) -> dict:
    return {"amount": line.amount, "unit": line.unit, "basis": line.basis, "own": line.own}


def save_rule(session, actor: User, spec: DeadlineSpec, *, amount: int, unit: Unit, basis: str,
              at: datetime) -> RuleLine:
    """Set the congress's own period for a rule; deadlines opened from now on use it, open ones
    keep their due dates. Other congresses keep theirs (or the platform's)."""
    line = line_for(session, spec)
    if not line.editable:
        raise InvalidData(N_("This deadline is set by a date, not by a period."), field="amount")
    check_period(amount, unit)
    row = _own(session, spec)
    if row is None:
        row = _new_row(spec, current_congress_id())
        session.add(row)
    row.amount, row.unit, row.basis = amount, unit, basis.strip()[:200]
    session.flush()
    after = line_for(session, spec)
    record(session, action=AuditAction.EDIT_DEADLINE_RULE, actor=actor, role=Role.ADMIN, at=at,
           data={"rule": rule_key(spec), "before": _state(line), "after": _state(after)})
    return after


def reset_rule(session, actor: User, spec: DeadlineSpec, *, at: datetime) -> RuleLine:
    """Back to the platform's rule: the congress's own row goes (audited like an edit)."""
    line = line_for(session, spec)
    row = _own(session, spec)
    if row is not None:
        session.delete(row)
        session.flush()
    after = line_for(session, spec)
    record(session, action=AuditAction.RESET_DEADLINE_RULE, actor=actor, role=Role.ADMIN, at=at,
           data={"rule": rule_key(spec), "before": _state(line), "after": _state(after)})
    return after
