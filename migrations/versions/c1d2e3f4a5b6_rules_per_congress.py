"""Deadline rules, calendar days and the reminder ladder and hours per congress: each table gets a
congress_id (NULL: the platform's row, the statutory rule, the national calendar) and one unique key
per congress on coalesce(congress_id, 0), which counts NULL as one value on SQLite and PostgreSQL
alike; calendar_day gets an id key, since a congress's day may share its date with a national one.

The existing rows become the platform's (congress_id NULL): every congress keeps the rules, days,
ladder and hours it had until its administrator sets its own.

Revision ID: c1d2e3f4a5b6
Revises: b2c3d4e5f6a8
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "c1d2e3f4a5b6"
down_revision = "b2c3d4e5f6a8"
branch_labels = None
depends_on = None

# SQLite's reflected unique constraints have no names; this gives them the ones PostgreSQL gave.
NAMES = {"uq": "%(table_name)s_%(column_0_N_name)s_key"}
OLD_UNIQUE = {"deadline_rule": ("kind", "channel"), "reminder_step": ("kind", "level")}
SCOPED = {  # the unique key per congress, after coalesce(congress_id, 0)
    "deadline_rule": ("uq_deadline_rule_scope", ["kind", sa.text("coalesce(channel, '')")]),
    "reminder_step": ("uq_reminder_step_scope", ["kind", "level"]),
    "reminder_setting": ("uq_reminder_setting_scope", []),
    "calendar_day": ("uq_calendar_day_scope", ["day"]),
}


def _add_congress(table: str) -> None:
    op.add_column(table, sa.Column("congress_id", sa.Integer(), nullable=True))
    with op.batch_alter_table(table) as batch:
        batch.create_index(f"ix_{table}_congress_id", ["congress_id"])
        batch.create_foreign_key(f"{table}_congress_id_fkey", "congress", ["congress_id"], ["id"])


def _scoped_key(table: str) -> None:
    name, columns = SCOPED[table]
    op.create_index(name, table, [sa.text("coalesce(congress_id, 0)"), *columns], unique=True)


def upgrade() -> None:
    for table, columns in OLD_UNIQUE.items():
        with op.batch_alter_table(table, naming_convention=NAMES) as batch:
            batch.drop_constraint(f"{table}_{'_'.join(columns)}_key", type_="unique")
        _add_congress(table)
    # "The single row" of delivery hours: a second one, if a race ever made it, cannot be the platform's.
    op.execute("DELETE FROM reminder_setting WHERE id > (SELECT min(id) FROM reminder_setting)")
    _add_congress("reminder_setting")
    _calendar_day_with_id()
    _add_congress("calendar_day")
    for table in SCOPED:
        _scoped_key(table)


def _calendar_day_with_id() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("calendar_day_pkey", "calendar_day", type_="primary")
        op.execute("ALTER TABLE calendar_day ADD COLUMN id SERIAL PRIMARY KEY")
        return
    # SQLite cannot move a primary key in place: the rows go to a new table of the new shape.
    op.create_table(
        "calendar_day_new",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_workday", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO calendar_day_new (day, is_workday, name, source)"
               " SELECT day, is_workday, name, source FROM calendar_day ORDER BY day")
    op.drop_table("calendar_day")
    op.rename_table("calendar_day_new", "calendar_day")


def downgrade() -> None:
    """Back to platform-wide rows only: refused while a congress has rows of its own."""
    bind = op.get_bind()
    for table in SCOPED:
        if bind.execute(sa.text(f"SELECT count(*) FROM {table} WHERE congress_id IS NOT NULL")).scalar():
            raise RuntimeError(f"{table} has congresses' own rows: a platform-wide schema cannot hold them")
    for table, (name, _) in SCOPED.items():
        op.drop_index(name, table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"{table}_congress_id_fkey", type_="foreignkey")
            batch.drop_index(f"ix_{table}_congress_id")
            batch.drop_column("congress_id")
    for table, columns in OLD_UNIQUE.items():
        with op.batch_alter_table(table, naming_convention=NAMES) as batch:
            batch.create_unique_constraint(f"{table}_{'_'.join(columns)}_key", list(columns))
    if bind.dialect.name == "postgresql":
        op.drop_column("calendar_day", "id")
        op.create_primary_key("calendar_day_pkey", "calendar_day", ["day"])
        return
    op.create_table(
        "calendar_day_old",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_workday", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.execute("INSERT INTO calendar_day_old SELECT day, is_workday, name, source FROM calendar_day")
    op.drop_table("calendar_day")
    op.rename_table("calendar_day_old", "calendar_day")
