"""Audit events of the system itself (a scheduled task pruning the sign-in log): no actor.

Revision ID: 0a6fe4c1a98c
Revises: c2d3e4f5a6b7
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0a6fe4c1a98c"
down_revision = "c2d3e4f5a6b7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # On PostgreSQL a plain ALTER: the append-only triggers guard rows, not the table's definition.
    with op.batch_alter_table("audit_event") as batch:
        batch.alter_column("actor_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # Fails while system events exist: they have no actor to give, and audit rows are never removed.
    with op.batch_alter_table("audit_event") as batch:
        batch.alter_column("actor_id", existing_type=sa.Integer(), nullable=False)
