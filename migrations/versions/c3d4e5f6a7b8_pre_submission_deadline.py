"""A new deadline kind: a session draft owes its session's pre-submission date.

Revision ID: c3d4e5f6a7b8
Revises: b7a1c2d3e4f5
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "c3d4e5f6a7b8"
down_revision = "b7a1c2d3e4f5"
branch_labels = None
depends_on = None

# Frozen copies of the deadline kinds before and after this revision.
OLD_KINDS = (
    "cosigner_answer", "withdrawal_consent", "group_review", "committee_review", "office_review",
    "revision", "formal_submission", "registration", "routing", "sign_for",
    "reassignment_window", "reassignment_decision", "co_opinion", "reply", "reply_approval",
    "extension_decision", "evaluation", "dissatisfaction_decision", "rehandling_reply",
    "escalation_decision", "promise", "promise_review", "progress_report",
)
NEW_KINDS = (*OLD_KINDS[:5], "pre_submission", *OLD_KINDS[5:])
COLUMNS = (("deadline_rule", "rule_kind"), ("deadline", "deadline_kind"))


def checked(name: str, values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _swap(kinds_from: tuple[str, ...], kinds_to: tuple[str, ...]) -> None:
    bind = op.get_bind()
    for table, name in COLUMNS:
        if bind.dialect.name == "postgresql":
            op.drop_constraint(name, table, type_="check")
            op.create_check_constraint(name, table, sa.column("kind").in_(kinds_to))
        else:  # SQLite rebuilds the table; the column's new type brings the new CHECK
            with op.batch_alter_table(table, recreate="always") as batch:
                batch.alter_column("kind", existing_type=checked(name, kinds_from),
                                   type_=checked(name, kinds_to), existing_nullable=False)


def upgrade() -> None:
    _swap(OLD_KINDS, NEW_KINDS)


def downgrade() -> None:
    op.execute("DELETE FROM deadline WHERE kind = 'pre_submission'")
    op.execute("DELETE FROM deadline_rule WHERE kind = 'pre_submission'")
    _swap(NEW_KINDS, OLD_KINDS)
