"""The new-draft page's submission key: a second send of the same page makes no second draft.

Revision ID: f7a7b7c7d7e7
Revises: e6a6b6c6d6e6
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "f7a7b7c7d7e7"
down_revision = "e6a6b6c6d6e6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("suggestion", sa.Column("submission_key", sa.String(length=40), nullable=True))
    op.create_index("uq_suggestion_submission_key", "suggestion", ["author_id", "submission_key"],
                    unique=True)


def downgrade() -> None:
    op.drop_index("uq_suggestion_submission_key", table_name="suggestion")
    with op.batch_alter_table("suggestion") as batch:
        batch.drop_column("submission_key")
