"""Every status is an enum stored with a CHECK: co-signer and reply status, disclosure, grades, contact
way, close kind, and how a constituent was told (issue 12).

Revision ID: a1b2c3d4e5f7
Revises: a1b2c3d4e5f6
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f7"
down_revision = "a1b2c3d4e5f6"
branch_labels = None
depends_on = None

GRADES = ("satisfied", "basically", "dissatisfied")
# Frozen copies: (table, column, CHECK name, values, old length, old CHECK name, NOT NULL before/after).
COLUMNS = (
    ("cosigner", "status", "cosigner_status", ("invited", "confirmed", "declined"), 12, None, True, True),
    ("reply", "status", "reply_status", ("drafted", "returned", "issued"), 12, None, True, True),
    ("reply", "disclosure", "reply_disclosure", ("public", "on_request", "private"), 12,
     "ck_reply_disclosure", False, False),
    ("evaluation", "attitude", "evaluation_attitude", GRADES, 12, "ck_attitude", True, True),
    ("evaluation", "result", "evaluation_result", GRADES, 12, "ck_result", True, True),
    ("contact", "way", "contact_way", ("face_to_face", "phone", "on_site", "online"), 20, None, True, True),
    ("suggestion", "close_kind", "close_kind", ("satisfied", "no_feedback", "concluded"), 20, None,
     False, False),
    # Not yet told was "" and is now NULL.
    ("liaison_opinion", "told_how", "told_how", ("face_to_face", "phone", "visit", "message"), 20, None,
     True, False),
)


def checked(name: str, values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _old_check_sql(column: str, values: tuple[str, ...], nullable: bool) -> str:
    listed = ",".join(f"'{v}'" for v in values)
    return f"{column} IS NULL OR {column} IN ({listed})" if nullable else f"{column} IN ({listed})"


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, column, name, values, length, old_check, _, not_null in COLUMNS:
        if postgres:
            if old_check:
                op.drop_constraint(old_check, table, type_="check")
            op.alter_column(table, column, existing_type=sa.String(length), type_=sa.String(32),
                            nullable=not not_null)
            if table == "liaison_opinion":
                op.execute("UPDATE liaison_opinion SET told_how = NULL WHERE told_how = ''")
            op.create_check_constraint(name, table, sa.column(column).in_(values))
        else:  # SQLite rebuilds the table; the column's new type brings its CHECK
            if table == "liaison_opinion":
                with op.batch_alter_table(table, recreate="always") as batch:
                    batch.alter_column(column, existing_type=sa.String(length), nullable=True)
                op.execute("UPDATE liaison_opinion SET told_how = NULL WHERE told_how = ''")
            with op.batch_alter_table(table, recreate="always") as batch:
                if old_check:
                    batch.drop_constraint(old_check, type_="check")
                batch.alter_column(column, existing_type=sa.String(length), type_=checked(name, values),
                                   nullable=not not_null)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, column, name, values, length, old_check, was_not_null, _ in reversed(COLUMNS):
        if table == "liaison_opinion":
            op.execute("UPDATE liaison_opinion SET told_how = '' WHERE told_how IS NULL")
        if postgres:
            op.drop_constraint(name, table, type_="check")
            op.alter_column(table, column, existing_type=sa.String(32), type_=sa.String(length),
                            nullable=not was_not_null)
            if old_check:
                op.create_check_constraint(old_check, table,
                                           sa.text(_old_check_sql(column, values, not was_not_null)))
        else:
            with op.batch_alter_table(table, recreate="always") as batch:
                batch.alter_column(column, existing_type=checked(name, values), type_=sa.String(length),
                                   nullable=not was_not_null)
                if old_check:
                    batch.create_check_constraint(old_check,
                                                  sa.text(_old_check_sql(column, values, not was_not_null)))
