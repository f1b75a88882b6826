"""Liaison-station log of constituents' opinions (DOMAIN §9).

Stations, the opinions deputies log there, the link of each audit event to its opinion, and the
once-only ledger of referral follow-up notices (tracker.models.liaison).

Revision ID: a1b2c3d4e5f1
Revises: f7a7b7c7d7e7
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f1"
down_revision = "f7a7b7c7d7e7"
branch_labels = None
depends_on = None

OUTCOMES = ("pending", "solved_on_spot", "referred", "resolved", "suggestion", "explained")


def upgrade() -> None:
    op.create_table(
        "liaison_station",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.Enum("deputies_home", "liaison_station", "legislative_point",
                                  name="station_kind", native_enum=False, create_constraint=True,
                                  length=32), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["deputy_group.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "liaison_opinion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("deputy_id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("constituent", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=100), nullable=False),
        sa.Column("outcome", sa.Enum(*OUTCOMES, name="liaison_outcome", native_enum=False,
                                     create_constraint=True, length=32), nullable=False),
        sa.Column("outcome_note", sa.Text(), nullable=False),
        sa.Column("referred_to", sa.String(length=100), nullable=False),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("suggestion_id", sa.Integer(), nullable=True),
        sa.Column("told_on", sa.Date(), nullable=True),
        sa.Column("told_how", sa.String(length=20), nullable=False),
        sa.Column("told_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.CheckConstraint("outcome != 'referred' OR follow_up_on IS NOT NULL",
                           name="ck_liaison_referral_date"),
        sa.CheckConstraint("outcome != 'suggestion' OR suggestion_id IS NOT NULL",
                           name="ck_liaison_suggestion_link"),
        sa.ForeignKeyConstraint(["deputy_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["station_id"], ["liaison_station.id"]),
        sa.ForeignKeyConstraint(["suggestion_id"], ["suggestion.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_liaison_opinion_station_id", "liaison_opinion", ["station_id"])
    op.create_index("ix_liaison_opinion_suggestion_id", "liaison_opinion", ["suggestion_id"])
    op.create_index("ix_liaison_opinion_deputy_received", "liaison_opinion",
                    ["deputy_id", "received_on", "id"])
    op.create_index("ix_liaison_opinion_received", "liaison_opinion", ["received_on", "id"])
    op.create_index("ix_liaison_opinion_outcome_follow_up", "liaison_opinion",
                    ["outcome", "follow_up_on"])
    op.create_table(
        "liaison_event",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("opinion_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["audit_event.id"]),
        sa.ForeignKeyConstraint(["opinion_id"], ["liaison_opinion.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index("ix_liaison_event_opinion_id", "liaison_event", ["opinion_id"])
    op.create_table(
        "liaison_follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opinion_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["opinion_id"], ["liaison_opinion.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["outbox_id"], ["outbox.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("opinion_id", "due_on", name="uq_liaison_follow_up_once"),
    )


def downgrade() -> None:
    op.drop_table("liaison_follow_up")
    op.drop_index("ix_liaison_event_opinion_id", table_name="liaison_event")
    op.drop_table("liaison_event")
    for name in ("ix_liaison_opinion_outcome_follow_up", "ix_liaison_opinion_received",
                 "ix_liaison_opinion_deputy_received", "ix_liaison_opinion_suggestion_id",
                 "ix_liaison_opinion_station_id"):
        op.drop_index(name, table_name="liaison_opinion")
    op.drop_table("liaison_opinion")
    op.drop_table("liaison_station")
