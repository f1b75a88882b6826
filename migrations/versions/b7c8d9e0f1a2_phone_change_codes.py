"""A changed mobile number is proven by a code sent to it: the code's purpose, and the number it proves.

Revision ID: b7c8d9e0f1a2
Revises: a14da47cc68b
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "b7c8d9e0f1a2"
down_revision = "a14da47cc68b"
branch_labels = None
depends_on = None

# Frozen copies of the purposes before and after this revision.
OLD_PURPOSES = ("activate", "sign_in", "reset")
NEW_PURPOSES = ("activate", "sign_in", "reset", "change_phone")


def checked(name: str, values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _swap(purposes_from: tuple[str, ...], purposes_to: tuple[str, ...]) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("code_purpose", "login_code", type_="check")
        op.create_check_constraint("code_purpose", "login_code", sa.column("purpose").in_(purposes_to))
    else:  # SQLite rebuilds the table; the column's new type brings the new CHECK
        with op.batch_alter_table("login_code", recreate="always") as batch:
            batch.alter_column("purpose", existing_type=checked("code_purpose", purposes_from),
                               type_=checked("code_purpose", purposes_to), existing_nullable=False)


def upgrade() -> None:
    _swap(OLD_PURPOSES, NEW_PURPOSES)
    op.add_column("login_code", sa.Column("sent_to", sa.String(length=20), nullable=True))


def downgrade() -> None:
    op.execute("DELETE FROM login_code WHERE purpose = 'change_phone'")  # a pending change is dropped
    with op.batch_alter_table("login_code") as batch:
        batch.drop_column("sent_to")
    _swap(NEW_PURPOSES, OLD_PURPOSES)
