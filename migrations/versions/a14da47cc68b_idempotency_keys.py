"""The API's idempotency keys (issue 16): a caller's key, its request's fingerprint, the response.

Revision ID: a14da47cc68b
Revises: c65ba6eca392 (written on c2d3e4f5a6b7; re-pointed when main was merged in)
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "a14da47cc68b"
down_revision = "c65ba6eca392"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "idempotency_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("caller", sa.String(length=80), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("body", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("congress_id", sa.Integer(), sa.ForeignKey("congress.id"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("congress_id", "caller", "key", name="uq_idempotency_key_caller"),
    )
    op.create_index("ix_idempotency_key_congress_id", "idempotency_key", ["congress_id"])
    op.create_index("ix_idempotency_key_created", "idempotency_key", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_idempotency_key_created", table_name="idempotency_key")
    op.drop_index("ix_idempotency_key_congress_id", table_name="idempotency_key")
    op.drop_table("idempotency_key")
