"""API tokens and service accounts (issue 16): personal and system tokens for the JSON API, the
service-account flag on users, and the channel a liaison opinion came in by.

Revision ID: d53cbd99a644
Revises: 0a6fe4c1a98c
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "d53cbd99a644"
down_revision = "0a6fe4c1a98c"
branch_labels = None
depends_on = None

SOURCES = ("in_person", "hotline", "online", "letter", "other")


def upgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("is_service_account", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    with op.batch_alter_table("liaison_opinion") as batch:
        batch.add_column(sa.Column("source", sa.Enum(*SOURCES, name="opinion_source", native_enum=False,
                                                     create_constraint=True, length=32),
                                   nullable=False, server_default="in_person"))
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("scopes", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("congress_id", sa.Integer(), sa.ForeignKey("congress.id"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("scopes IN ('read', 'act', 'read act')", name="ck_api_token_scopes"),
    )
    op.create_index("ix_api_token_digest", "api_token", ["digest"], unique=True)
    op.create_index("ix_api_token_user", "api_token", ["user_id", "revoked_at"])
    op.create_index("ix_api_token_congress_id", "api_token", ["congress_id"])
    op.create_table(
        "service_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("handling_unit.id"), nullable=True),
        sa.Column("station_id", sa.Integer(), sa.ForeignKey("liaison_station.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("congress_id", sa.Integer(), sa.ForeignKey("congress.id"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id"),
        sa.CheckConstraint("(unit_id IS NULL) != (station_id IS NULL)", name="ck_service_account_binding"),
    )
    op.create_index("ix_service_account_congress_id", "service_account", ["congress_id"])


def downgrade() -> None:
    op.drop_table("service_account")
    op.drop_table("api_token")
    with op.batch_alter_table("liaison_opinion") as batch:
        batch.drop_constraint("opinion_source", type_="check")  # SQLite's copy would keep it otherwise
        batch.drop_column("source")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("is_service_account")
