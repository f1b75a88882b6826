"""Schema for issue 3 (attachments, minority-language original text).

Revision ID: e1a1b1c1d1e1
Revises: d4e5f6a7b8c9
Create Date: 2026-11-26
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "e1a1b1c1d1e1"
down_revision = "d4e5f6a7b8c9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
