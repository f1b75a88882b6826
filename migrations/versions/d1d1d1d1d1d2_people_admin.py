"""People administration (issue 13): terms of a congress (届), a deputy's office in the current term,
a membership ended by an administrator, committees' English names (the forced password change is
the accounts migration's).

Revision ID: d1d1d1d1d1d2
Revises: c1d2e3f4a5b6
Create Date: 2026-12-12
"""

import sqlalchemy as sa
from alembic import op

revision = "d1d1d1d1d1d2"
down_revision = "c1d2e3f4a5b6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("congress_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["congress_id"], ["congress.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("congress_id", "ordinal"),
    )
    op.create_index(op.f("ix_term_congress_id"), "term", ["congress_id"], unique=False)
    with op.batch_alter_table("membership") as batch:
        batch.add_column(sa.Column("in_office", sa.Boolean(), nullable=False, server_default=sa.true()))
        batch.add_column(sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("committee") as batch:
        batch.add_column(sa.Column("name_en", sa.String(length=100), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("committee") as batch:
        batch.drop_column("name_en")
    with op.batch_alter_table("membership") as batch:
        batch.drop_column("ended_at")
        batch.drop_column("in_office")
    op.drop_index(op.f("ix_term_congress_id"), table_name="term")
    op.drop_table("term")
