"""Liaison-station log of constituents' opinions (DOMAIN §9).

Revision ID: a1b2c3d4e5f1
Revises: f7a7b7c7d7e7
Create Date: 2026-11-26
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "a1b2c3d4e5f1"
down_revision = "f7a7b7c7d7e7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
