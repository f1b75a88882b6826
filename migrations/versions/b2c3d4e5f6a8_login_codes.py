"""Accounts without a password (issue 13): one-time login codes, the forced password change, and
audit rows of a person acting on their own account (no role).

Revision ID: b2c3d4e5f6a8
Revises: c0c0c0c0c0c1
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "b2c3d4e5f6a8"
down_revision = "c0c0c0c0c0c1"
branch_labels = None
depends_on = None

ROLES = ("deputy", "group_leader", "committee_staff", "office_staff", "unit_handler", "unit_leader",
         "supervisor", "admin")  # frozen copy: the audit role's CHECK, which the SQLite rebuild keeps


def checked(name: str, values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        "login_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", checked("code_purpose", ("activate", "sign_in", "reset")), nullable=False),
        sa.Column("channel", checked("code_channel", ("sms", "email", "office")), nullable=False),
        sa.Column("code_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("attempts >= 0", name="ck_login_code_attempts"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["issued_by_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_code_code_digest", "login_code", ["code_digest"])
    op.create_index("ix_login_code_user_purpose", "login_code", ["user_id", "purpose"])
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.alter_column("password_hash", existing_type=sa.String(length=200), nullable=True)
    with op.batch_alter_table("user") as batch:  # the default was for the rows already there
        batch.alter_column("must_change_password", existing_type=sa.Boolean(), server_default=None)
    with op.batch_alter_table("audit_event") as batch:
        batch.alter_column("role", existing_type=checked("audit_role", ROLES), nullable=True)


def downgrade() -> None:
    # Audit rows are never rewritten: with account events recorded (role NULL) this step fails, as it should.
    with op.batch_alter_table("audit_event") as batch:
        batch.alter_column("role", existing_type=checked("audit_role", ROLES), nullable=False)
    op.execute("UPDATE \"user\" SET password_hash = '' WHERE password_hash IS NULL")
    with op.batch_alter_table("user") as batch:
        batch.alter_column("password_hash", existing_type=sa.String(length=200), nullable=False)
        batch.drop_column("must_change_password")
    op.drop_index("ix_login_code_user_purpose", table_name="login_code")
    op.drop_index("ix_login_code_code_digest", table_name="login_code")
    op.drop_table("login_code")
