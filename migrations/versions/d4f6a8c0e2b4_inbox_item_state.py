"""Each assignment keeps its item's state and key mark, so a unit's inbox counts its open work from
the assignment index alone; the unit's open deadlines are read index-only too.

`assignment.item_state` and `assignment.item_is_key` (kept by tracker.models.handling's flush hooks)
are filled from the items; ix_assignment_unit_open takes them, ix_deadline_unit_open takes the
deadline's kind (the inbox leaves out window deadlines).

Revision ID: d4f6a8c0e2b4
Revises: c3e5a7f9b1d2
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "d4f6a8c0e2b4"
down_revision = "c3e5a7f9b1d2"
branch_labels = None
depends_on = None

ASSIGNMENT = ["unit_id", "suggestion_id", "is_lead", "id"]
DEADLINE = ["owner_unit_id", "suggestion_id", "due_on"]


def _index(name: str, table: str, columns: list[str], where: str) -> None:
    op.create_index(name, table, columns, postgresql_where=sa.text(where), sqlite_where=sa.text(where))


def upgrade() -> None:
    op.add_column("assignment", sa.Column("item_state", sa.String(length=32), nullable=True))
    op.add_column("assignment", sa.Column("item_is_key", sa.Boolean(), nullable=True))
    op.execute("UPDATE assignment SET item_state = (SELECT state FROM suggestion WHERE suggestion.id = "
               "assignment.suggestion_id), item_is_key = (SELECT is_key FROM suggestion WHERE "
               "suggestion.id = assignment.suggestion_id)")
    op.drop_index("ix_assignment_unit_open", table_name="assignment")
    _index("ix_assignment_unit_open", "assignment", [*ASSIGNMENT, "item_state", "item_is_key"], "is_open")
    op.drop_index("ix_deadline_unit_open", table_name="deadline")
    _index("ix_deadline_unit_open", "deadline", [*DEADLINE, "kind"], "closed_at IS NULL")


def downgrade() -> None:
    op.drop_index("ix_deadline_unit_open", table_name="deadline")
    _index("ix_deadline_unit_open", "deadline", DEADLINE, "closed_at IS NULL")
    op.drop_index("ix_assignment_unit_open", table_name="assignment")
    _index("ix_assignment_unit_open", "assignment", ASSIGNMENT, "is_open")
    with op.batch_alter_table("assignment") as batch:
        batch.drop_column("item_is_key")
        batch.drop_column("item_state")
