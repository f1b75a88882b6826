"""The platform's sign-in log, the optional second factor (TOTP) and its per-congress requirement.

Revision ID: a9b8c7d6e5f4
Revises: f8a8b8c8d8e8
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "a9b8c7d6e5f4"
down_revision = "f8a8b8c8d8e8"
branch_labels = None
depends_on = None

METHODS = ("password", "code", "totp", "sso")
OUTCOMES = ("success", "failure", "delayed", "locked", "second_step")


def upgrade() -> None:
    op.create_table(
        "sign_in_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=120), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("user_agent", sa.String(length=300), nullable=False),
        sa.Column("method", sa.Enum(*METHODS, name="sign_in_method", native_enum=False,
                                    create_constraint=True, length=32), nullable=False),
        sa.Column("outcome", sa.Enum(*OUTCOMES, name="sign_in_outcome", native_enum=False,
                                     create_constraint=True, length=32), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sign_in_attempt_at", "sign_in_attempt", ["at"])
    op.create_index("ix_sign_in_attempt_user_at", "sign_in_attempt", ["user_id", "at"])
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("totp_secret", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("totp_confirmed_at", sa.DateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
    with op.batch_alter_table("congress") as batch:
        batch.add_column(sa.Column("second_factor_required", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("congress") as batch:
        batch.drop_column("second_factor_required")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("totp_last_step")
        batch.drop_column("totp_confirmed_at")
        batch.drop_column("totp_secret")
    op.drop_index("ix_sign_in_attempt_user_at", table_name="sign_in_attempt")
    op.drop_index("ix_sign_in_attempt_at", table_name="sign_in_attempt")
    op.drop_table("sign_in_attempt")
