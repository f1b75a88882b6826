"""Deadline rules name the local rule they follow, and a period may count calendar days (issue 13).

Revision ID: a1b2c3d4e5f8
Revises: a1b2c3d4e5f7
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f8"
down_revision = "a1b2c3d4e5f7"
branch_labels = None
depends_on = None

# Frozen copies of the units before and after this revision.
OLD_UNITS = ("working_days", "months", "fixed_date")
NEW_UNITS = ("working_days", "months", "calendar_days", "fixed_date")
COLUMNS = (("deadline_rule", "rule_unit"), ("deadline", "deadline_unit"))


def checked(name: str, values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _swap(units_from: tuple[str, ...], units_to: tuple[str, ...]) -> None:
    bind = op.get_bind()
    for table, name in COLUMNS:
        if bind.dialect.name == "postgresql":
            op.drop_constraint(name, table, type_="check")
            op.create_check_constraint(name, table, sa.column("unit").in_(units_to))
        else:  # SQLite rebuilds the table; the column's new type brings the new CHECK
            with op.batch_alter_table(table, recreate="always") as batch:
                batch.alter_column("unit", existing_type=checked(name, units_from),
                                   type_=checked(name, units_to), existing_nullable=False)


def upgrade() -> None:
    _swap(OLD_UNITS, NEW_UNITS)
    op.add_column("deadline_rule", sa.Column("basis", sa.String(length=200), nullable=False,
                                             server_default=""))


def downgrade() -> None:
    op.drop_column("deadline_rule", "basis")
    # A calendar-day rule goes back to its working-day reading; its open deadlines keep their dates.
    op.execute("UPDATE deadline_rule SET unit = 'working_days' WHERE unit = 'calendar_days'")
    op.execute("UPDATE deadline SET unit = 'working_days' WHERE unit = 'calendar_days'")
    _swap(NEW_UNITS, OLD_UNITS)
