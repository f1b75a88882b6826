"""Hardening: fixes to earlier features.

Revision ID: a1b2c3d4e5f4
Revises: a1b2c3d4e5f3
Create Date: 2026-11-26
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "a1b2c3d4e5f4"
down_revision = "a1b2c3d4e5f3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
