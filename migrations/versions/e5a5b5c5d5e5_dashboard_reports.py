"""Schema for issue 6 (dashboard, reports, exports).

Revision ID: e5a5b5c5d5e5
Revises: e4a4b4c4d4e4
Create Date: 2026-11-26
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "e5a5b5c5d5e5"
down_revision = "e4a4b4c4d4e4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
