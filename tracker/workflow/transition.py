"""One row of a workflow table, and the names the suggestion table's rows are written with."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.workflow.deadlines import DeadlineKind
from tracker.workflow.enums import Action, Guard, Own, Reason, Role, State, Subject
from tracker.workflow.fields import Field


@dataclass(frozen=True)
class Transition:
    """One row of the table. Several rows may share source and action, told apart by guards.

    `independent` rows append a record without changing the state (a contact, a progress report):
    two people may take them at once, so they neither need the page's version to be current nor
    move it.
    """

    action: Action
    source: State
    target: State
    roles: frozenset[Role]
    own: Own
    subject: Subject = Subject.ITEM
    guards: tuple[Guard, ...] = ()
    reason: Reason = Reason.OPTIONAL
    independent: bool = False
    fields: tuple[Field, ...] = ()
    optional_fields: tuple[Field, ...] = ()
    opens: tuple[DeadlineKind, ...] = ()
    closes: tuple[DeadlineKind, ...] = ()

    def __post_init__(self) -> None:
        # A row names one role or several; stored as a frozenset either way.
        roles = self.roles
        roles = frozenset({roles}) if isinstance(roles, Role) else frozenset(roles)
        object.__setattr__(self, "roles", roles)

    @property
    def keeps_state(self) -> bool:
        return self.source == self.target

    @property
    def reason_required(self) -> bool:
        return self.reason is Reason.REQUIRED

