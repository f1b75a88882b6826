"""The review queue's index holds the congress: (state, congress_id, state_entered_at, id), so one
congress's queue pages in order and its per-state counts are index-only.

Revision ID: c3e5a7f9b1d2
Revises: b7c8d9e0f1a2
Create Date: 2026-12-07
"""

from alembic import op

revision = "c3e5a7f9b1d2"
down_revision = "b7c8d9e0f1a2"
branch_labels = None
depends_on = None

NAME = "ix_suggestion_state_entered_id"


def upgrade() -> None:
    op.drop_index(NAME, table_name="suggestion")
    op.create_index(NAME, "suggestion", ["state", "congress_id", "state_entered_at", "id"])


def downgrade() -> None:
    op.drop_index(NAME, table_name="suggestion")
    op.create_index(NAME, "suggestion", ["state", "state_entered_at", "id"])
