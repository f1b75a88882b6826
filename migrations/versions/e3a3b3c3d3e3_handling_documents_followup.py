"""Schema for issue 4 (documents, follow-up, supervision).

Revision ID: e3a3b3c3d3e3
Revises: e2a2b2c2d2e2
Create Date: 2026-11-26
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "e3a3b3c3d3e3"
down_revision = "e2a2b2c2d2e2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
