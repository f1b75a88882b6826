"""Single sign-on (issue 14): a congress's OpenID Connect providers and the subjects linked to its people.

Revision ID: 5a0c1d2e3f40
Revises: a9b8c7d6e5f4
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "5a0c1d2e3f40"
down_revision = "a9b8c7d6e5f4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sso_provider",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("client_id", sa.String(length=200), nullable=False),
        sa.Column("client_secret_sealed", sa.Text(), nullable=False),
        sa.Column("scopes", sa.String(length=200), nullable=False),
        sa.Column("is_enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("congress_id", sa.Integer(), sa.ForeignKey("congress.id"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("congress_id", "name"),
    )
    op.create_index("ix_sso_provider_congress_id", "sso_provider", ["congress_id"])
    op.create_table(
        "sso_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), sa.ForeignKey("sso_provider.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("congress_id", sa.Integer(), sa.ForeignKey("congress.id"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("congress_id", "issuer", "subject"),
        sa.UniqueConstraint("provider_id", "user_id"),
    )
    for column in ("congress_id", "provider_id", "user_id"):
        op.create_index(f"ix_sso_link_{column}", "sso_link", [column])


def downgrade() -> None:
    op.drop_table("sso_link")
    op.drop_table("sso_provider")
