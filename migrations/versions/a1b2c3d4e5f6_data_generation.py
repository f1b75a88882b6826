"""The data generation token that keys the cached list fragments (tracker.domain.generation).

Revision ID: a1b2c3d4e5f6
Revises: a1b2c3d4e5f5
Create Date: 2026-11-26
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = "a1b2c3d4e5f5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table("data_generation",
                            sa.Column("name", sa.String(length=20), primary_key=True),
                            sa.Column("token", sa.String(length=32), nullable=False))
    op.bulk_insert(table, [{"name": "lists", "token": uuid.uuid4().hex}])


def downgrade() -> None:
    op.drop_table("data_generation")
