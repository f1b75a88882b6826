"""Schema for issue 6 (Excel import and export jobs, list speed).

Revision ID: e6a6b6c6d6e6
Revises: e5a5b5c5d5e5
Create Date: 2026-11-26
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "e6a6b6c6d6e6"
down_revision = "e5a5b5c5d5e5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
