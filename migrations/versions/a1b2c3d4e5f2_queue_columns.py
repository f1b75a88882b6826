"""Columns that let the inbox and review queue scale (open-assignment flag, entered-state time).

`assignment.is_open`: live on an unfinished item, the unit's open work; the inbox reads it through
the partial index ix_assignment_unit_open instead of every live assignment of the unit's history.
`suggestion.state_entered_at`: when the item came into its current state, which the review queue
sorts on (ix_suggestion_state_entered_id) instead of searching the audit trail. Both are filled
from the existing rows: the latest audit event that changed the item into its state, else (no
trail: imported or generated data) its last change, as the queue computed it before.

Revision ID: a1b2c3d4e5f2
Revises: a1b2c3d4e5f1
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f2"
down_revision = "a1b2c3d4e5f1"
branch_labels = None
depends_on = None

FINAL = "('closed', 'converted', 'merged', 'not_registered', 'withdrawn')"
LIVE = "state != 'released'"
# The backfills, as conditions on a row (tests/domain/test_queue_columns.py checks them against
# what the engine stores): open = live on an unfinished item; entered = the latest audit event
# that changed the item into its current state, else its last change.
OPEN = (f"assignment.{LIVE} AND assignment.suggestion_id NOT IN "
        f"(SELECT id FROM suggestion WHERE state IN {FINAL})")
ENTERED = ("COALESCE((SELECT max(e.at) FROM audit_event e WHERE e.suggestion_id = suggestion.id "
           "AND e.to_state = suggestion.state AND (e.from_state IS NULL OR e.from_state != e.to_state)), "
           "suggestion.updated_at)")


def upgrade() -> None:
    op.add_column("assignment", sa.Column("is_open", sa.Boolean(), nullable=False,
                                          server_default=sa.true()))
    op.execute(f"UPDATE assignment SET is_open = false WHERE NOT ({OPEN})")
    op.drop_index("ix_assignment_unit_live", table_name="assignment")
    op.create_index("ix_assignment_unit_open", "assignment", ["unit_id", "suggestion_id", "is_lead", "id"],
                    postgresql_where=sa.text("is_open"), sqlite_where=sa.text("is_open"))

    op.add_column("suggestion", sa.Column("state_entered_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(f"UPDATE suggestion SET state_entered_at = {ENTERED}")
    with op.batch_alter_table("suggestion") as batch:
        batch.alter_column("state_entered_at", existing_type=sa.DateTime(timezone=True), nullable=False)
    op.create_index("ix_suggestion_state_entered_id", "suggestion", ["state", "state_entered_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_suggestion_state_entered_id", table_name="suggestion")
    with op.batch_alter_table("suggestion") as batch:
        batch.drop_column("state_entered_at")
    op.drop_index("ix_assignment_unit_open", table_name="assignment")
    op.create_index("ix_assignment_unit_live", "assignment", ["unit_id", "suggestion_id", "is_lead", "id"],
                    postgresql_where=sa.text(LIVE), sqlite_where=sa.text(LIVE))
    with op.batch_alter_table("assignment") as batch:
        batch.drop_column("is_open")
