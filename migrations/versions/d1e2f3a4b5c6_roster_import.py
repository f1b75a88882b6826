"""Roster import (issue 13): a deputy's card number per congress, the import's stable key, and a
job kind for roster imports run in the background.

Revision ID: d1e2f3a4b5c6
Revises: c0c0c0c0c0c2
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "d1e2f3a4b5c6"
down_revision = "c0c0c0c0c0c2"
branch_labels = None
depends_on = None

# Frozen copies of the job kinds before and after this revision.
OLD_KINDS = ("export", "import")
NEW_KINDS = ("export", "import", "roster")
CARD_KEY = "membership_congress_id_card_number_key"


def checked(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name="job_kind", native_enum=False, create_constraint=True, length=32)


def _swap(kinds_from: tuple[str, ...], kinds_to: tuple[str, ...]) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("job_kind", "job", type_="check")
        op.create_check_constraint("job_kind", "job", sa.column("kind").in_(kinds_to))
    else:  # SQLite rebuilds the table; the column's new type brings the new CHECK
        with op.batch_alter_table("job", recreate="always") as batch:
            batch.alter_column("kind", existing_type=checked(kinds_from), type_=checked(kinds_to),
                               existing_nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("membership") as batch:
        batch.add_column(sa.Column("card_number", sa.String(length=40), nullable=True))
        batch.create_unique_constraint(CARD_KEY, ["congress_id", "card_number"])
    _swap(OLD_KINDS, NEW_KINDS)


def downgrade() -> None:
    op.execute("DELETE FROM job WHERE kind = 'roster'")  # their files are swept like any job's
    _swap(NEW_KINDS, OLD_KINDS)
    with op.batch_alter_table("membership") as batch:
        batch.drop_constraint(CARD_KEY, type_="unique")
        batch.drop_column("card_number")
