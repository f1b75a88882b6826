"""Schema for issue 3 (joint suggestions, merge and convert).

Revision ID: e2a2b2c2d2e2
Revises: e1a1b1c1d1e1
Create Date: 2026-11-26
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "e2a2b2c2d2e2"
down_revision = "e1a1b1c1d1e1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
