"""Schema for issue 5 (reminder ledger, channels).

Revision ID: e4a4b4c4d4e4
Revises: e3a3b3c3d3e3
Create Date: 2026-11-26
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "e4a4b4c4d4e4"
down_revision = "e3a3b3c3d3e3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
