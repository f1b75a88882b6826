"""Published reports: the frozen, versioned public copies of the yearly handling report.

Revision ID: a1b2c3d4e5f4
Revises: a1b2c3d4e5f3
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f4"
down_revision = "a1b2c3d4e5f3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "published_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope_key", sa.String(length=30), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("figures_source", sa.Enum("live", "summary", name="figures_source", native_enum=False,
                                            create_constraint=True, length=32), nullable=False),
        sa.Column("figures_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_by_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_reason", sa.Text(), nullable=False),
        sa.CheckConstraint("(session_id IS NULL) <> (year IS NULL)", name="ck_published_report_scope"),
        sa.CheckConstraint("version >= 1", name="ck_published_report_version"),
        sa.ForeignKeyConstraint(["session_id"], ["congress_session.id"]),
        sa.ForeignKeyConstraint(["published_by_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["withdrawn_by_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("scope_key", "version", name="uq_published_report_version"),
    )


def downgrade() -> None:
    op.drop_table("published_report")
