"""An index on a suggestion's state and congress: the per-state counts of one congress, index-only.

Revision ID: c3e5a7f9b1d2
Revises: b7c8d9e0f1a2
Create Date: 2026-12-07
"""

from alembic import op

revision = "c3e5a7f9b1d2"
down_revision = "b7c8d9e0f1a2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_suggestion_state_congress", "suggestion", ["state", "congress_id"])


def downgrade() -> None:
    op.drop_index("ix_suggestion_state_congress", table_name="suggestion")
