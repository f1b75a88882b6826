"""Several congresses on one deployment: every congress-owned row gets its congress, a person's
group, committee, unit and title move to a membership per congress, names are unique per congress.

An existing single-congress database keeps all its rows: they go to one congress made from the
TRACKER_CONGRESS_* settings (by default 城东区 of 西宁).

Revision ID: c0c0c0c0c0c1
Revises: a1b2c3d4e5f8
Create Date: 2026-12-06
"""

import os

import sqlalchemy as sa
from alembic import op

revision = "c0c0c0c0c0c1"
down_revision = "a1b2c3d4e5f8"
branch_labels = None
depends_on = None

OWNED = ("assignment", "attachment", "category", "committee", "congress_session", "contact",
         "cosigner", "deadline", "deputy_group", "evaluation", "extension_request", "handling_unit",
         "job", "liaison_event", "liaison_follow_up", "liaison_opinion", "liaison_station", "outbox",
         "prereview_check", "progress_report", "promise", "published_report",
         "reassignment_request", "reminder", "reminder_schedule", "reply", "review_opinion",
         "suggestion", "suggestion_search", "suggestion_version", "supervision_mark", "user_role")
SHARED = ("audit_event",)  # NULL: a platform-wide act (the national calendar, a new congress)
NAMED_PER_CONGRESS = ("category", "committee", "congress_session", "deputy_group", "handling_unit",
                      "liaison_station")
DEACTIVATABLE = ("category", "committee", "deputy_group", "handling_unit")
# SQLite's reflected unique constraints have no names; this gives them the ones dropped below.
NAMES = {"uq": "%(table_name)s_%(column_0_N_name)s_key", "fk": "%(table_name)s_%(column_0_name)s_fkey"}
PLACED = ("group_id", "committee_id", "unit_id")  # a person's place, now per congress
# SQLite's batch mode rebuilds suggestion_search, and its FTS5 triggers go with the old table: a
# frozen copy of tracker.models.search's triggers as they stand for this revision puts them back.
FTS5_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS suggestion_search_ai AFTER INSERT ON suggestion_search BEGIN "
    "INSERT INTO suggestion_fts(rowid, tokens) VALUES (new.suggestion_id, new.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS suggestion_search_ad AFTER DELETE ON suggestion_search BEGIN "
    "INSERT INTO suggestion_fts(suggestion_fts, rowid, tokens) "
    "VALUES ('delete', old.suggestion_id, old.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS suggestion_search_au AFTER UPDATE ON suggestion_search BEGIN "
    "INSERT INTO suggestion_fts(suggestion_fts, rowid, tokens) "
    "VALUES ('delete', old.suggestion_id, old.tokens); "
    "INSERT INTO suggestion_fts(rowid, tokens) VALUES (new.suggestion_id, new.tokens); END",
)


def _first_congress() -> dict:
    env = os.environ.get
    place = env("TRACKER_CONGRESS_PLACE", "城东区")
    return {"code": env("TRACKER_CONGRESS_CODE", "chengdong"),
            "name": env("TRACKER_CONGRESS_NAME", f"西宁市{place}人民代表大会常务委员会"),
            "short_name": env("TRACKER_CONGRESS_SHORT_NAME", f"{place}人大常委会"),
            "place": place, "office_name": env("TRACKER_CONGRESS_OFFICE", "人代联工委"),
            "name_en": "", "short_name_en": "", "place_en": "", "level": "county",
            "is_active": True}


def upgrade() -> None:
    congress = op.create_table(
        "congress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("short_name", sa.String(length=40), nullable=False),
        sa.Column("place", sa.String(length=40), nullable=False),
        sa.Column("office_name", sa.String(length=60), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("short_name_en", sa.String(length=60), nullable=False),
        sa.Column("place_en", sa.String(length=60), nullable=False),
        sa.Column("level", sa.String(length=12), nullable=False),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("congress.id"), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    bind = op.get_bind()
    has_rows = bind.execute(sa.text('SELECT count(*) FROM "user"')).scalar() > 0
    first = None
    if has_rows:  # an existing database: its rows become the first congress's
        op.bulk_insert(congress, [{"id": 1, **_first_congress()}])
        first = 1
    for table in (*OWNED, *SHARED):
        _add_congress(table, first, required=table in OWNED)
    for table in NAMED_PER_CONGRESS:
        with op.batch_alter_table(table, naming_convention=NAMES) as batch:
            batch.drop_constraint(f"{table}_name_key", type_="unique")
            batch.create_unique_constraint(f"{table}_congress_id_name_key", ["congress_id", "name"])
    for table in DEACTIVATABLE:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("is_active", sa.Boolean(), nullable=False,
                                       server_default=sa.true()))
    _renumber_uniques()
    _membership(first)
    _counter_per_congress(first)
    _fts_triggers()


def _fts_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS5_TRIGGERS:
            op.execute(statement)


def _add_congress(table: str, first: int | None, *, required: bool) -> None:
    op.add_column(table, sa.Column("congress_id", sa.Integer(), nullable=True))
    if first is not None:
        op.execute(sa.text(f"UPDATE {table} SET congress_id = :c").bindparams(c=first))
    with op.batch_alter_table(table) as batch:
        if required:
            batch.alter_column("congress_id", existing_type=sa.Integer(), nullable=False)
        batch.create_index(f"ix_{table}_congress_id", ["congress_id"])
        batch.create_foreign_key(f"{table}_congress_id_fkey", "congress", ["congress_id"], ["id"])


def _renumber_uniques() -> None:
    with op.batch_alter_table("suggestion") as batch:
        batch.drop_constraint("uq_registration_number", type_="unique")
        batch.create_unique_constraint("uq_registration_number",
                                       ["congress_id", "reg_sequence", "reg_number"])
    with op.batch_alter_table("published_report") as batch:
        batch.drop_constraint("uq_published_report_version", type_="unique")
        batch.create_unique_constraint("uq_published_report_version",
                                       ["congress_id", "scope_key", "version"])
    with op.batch_alter_table("user_role", naming_convention=NAMES) as batch:
        batch.drop_constraint("user_role_user_id_role_key", type_="unique")
        batch.create_unique_constraint("user_role_user_id_congress_id_role_key",
                                       ["user_id", "congress_id", "role"])


def _membership(first: int | None) -> None:
    op.create_table(
        "membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("deputy_group.id"), nullable=True),
        sa.Column("committee_id", sa.Integer(), sa.ForeignKey("committee.id"), nullable=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("handling_unit.id"), nullable=True),
        sa.Column("title", sa.String(length=60), nullable=False),
        sa.Column("congress_id", sa.Integer(), sa.ForeignKey("congress.id"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "congress_id"),
    )
    op.create_index("ix_membership_congress_id", "membership", ["congress_id"])
    if first is not None:
        op.execute(sa.text(
            'INSERT INTO membership (user_id, group_id, committee_id, unit_id, title, congress_id) '
            'SELECT id, group_id, committee_id, unit_id, title, :c FROM "user"').bindparams(c=first))
    with op.batch_alter_table("user", naming_convention=NAMES) as batch:
        batch.add_column(sa.Column("is_platform_admin", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        for column in PLACED:
            batch.drop_constraint(f"user_{column}_fkey", type_="foreignkey")
        for column in (*PLACED, "title"):
            batch.drop_column(column)


def _counter_per_congress(first: int | None) -> None:
    # Each congress numbers from 1: the counter's key becomes (congress, sequence).
    op.create_table(
        "registration_counter_new",
        sa.Column("congress_id", sa.Integer(), sa.ForeignKey("congress.id"), nullable=False),
        sa.Column("sequence", sa.String(length=30), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("congress_id", "sequence"),
    )
    if first is not None:
        op.execute(sa.text("INSERT INTO registration_counter_new (congress_id, sequence, last_number)"
                           " SELECT :c, sequence, last_number FROM registration_counter")
                   .bindparams(c=first))
    op.drop_table("registration_counter")
    op.rename_table("registration_counter_new", "registration_counter")
    if op.get_bind().dialect.name == "postgresql":  # the names the models' metadata would give
        op.execute("ALTER TABLE registration_counter RENAME CONSTRAINT registration_counter_new_pkey"
                   " TO registration_counter_pkey")
        op.execute("ALTER TABLE registration_counter RENAME CONSTRAINT"
                   " registration_counter_new_congress_id_fkey TO registration_counter_congress_id_fkey")


def downgrade() -> None:
    """Back to one congress: the first congress's rows stay, every other congress's are refused."""
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT count(*) FROM congress")).scalar() > 1:
        raise RuntimeError("several congresses: a single-congress schema cannot hold them")
    op.create_table(
        "registration_counter_old",
        sa.Column("sequence", sa.String(length=30), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("sequence", name="registration_counter_pkey_old"),
    )
    op.execute("INSERT INTO registration_counter_old SELECT sequence, last_number"
               " FROM registration_counter")
    op.drop_table("registration_counter")
    op.rename_table("registration_counter_old", "registration_counter")
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE registration_counter RENAME CONSTRAINT registration_counter_pkey_old"
                   " TO registration_counter_pkey")
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("title", sa.String(length=60), nullable=False,
                                   server_default=""))
        for column, target in zip(PLACED, ("deputy_group", "committee", "handling_unit"),
                                  strict=True):
            batch.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch.create_foreign_key(f"user_{column}_fkey", target, [column], ["id"])
        batch.drop_column("is_platform_admin")
    for column in (*PLACED, "title"):
        op.execute(f'UPDATE "user" SET {column} = (SELECT m.{column} FROM membership m'
                   f' WHERE m.user_id = "user".id)')
    op.drop_table("membership")
    with op.batch_alter_table("user_role", naming_convention=NAMES) as batch:
        batch.drop_constraint("user_role_user_id_congress_id_role_key", type_="unique")
        batch.create_unique_constraint("user_role_user_id_role_key", ["user_id", "role"])
    with op.batch_alter_table("published_report") as batch:
        batch.drop_constraint("uq_published_report_version", type_="unique")
        batch.create_unique_constraint("uq_published_report_version", ["scope_key", "version"])
    with op.batch_alter_table("suggestion") as batch:
        batch.drop_constraint("uq_registration_number", type_="unique")
        batch.create_unique_constraint("uq_registration_number", ["reg_sequence", "reg_number"])
    for table in DEACTIVATABLE:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("is_active")
    for table in NAMED_PER_CONGRESS:
        with op.batch_alter_table(table, naming_convention=NAMES) as batch:
            batch.drop_constraint(f"{table}_congress_id_name_key", type_="unique")
            batch.create_unique_constraint(f"{table}_name_key", ["name"])
    for table in (*OWNED, *SHARED):
        with op.batch_alter_table(table, naming_convention=NAMES) as batch:
            batch.drop_constraint(f"{table}_congress_id_fkey", type_="foreignkey")
            batch.drop_index(f"ix_{table}_congress_id")
            batch.drop_column("congress_id")
    op.drop_table("congress")
    _fts_triggers()
