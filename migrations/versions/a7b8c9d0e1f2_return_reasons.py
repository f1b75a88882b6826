"""Standard return reasons (issue 15): each review layer's phrases a reviewer picks, per congress.

Revision ID: a7b8c9d0e1f2
Revises: 5a0c1d2e3f40
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "a7b8c9d0e1f2"
down_revision = "5a0c1d2e3f40"
branch_labels = None
depends_on = None

# A frozen copy of the states when this revision was written.
STATES = ("draft", "group_review", "committee_review", "office_review", "returned", "pre_approved",
          "submitted", "registered", "assigned", "in_handling", "reply_signoff", "replied", "dissatisfied",
          "rehandling", "escalated", "closed", "withdrawn", "merged", "not_registered", "converted")


def upgrade() -> None:
    op.create_table(
        "return_reason",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("layer", sa.Enum(*STATES, name="return_reason_layer", native_enum=False,
                                   create_constraint=True, length=32), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("congress_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("position >= 0", name="ck_return_reason_position"),
        sa.ForeignKeyConstraint(["congress_id"], ["congress.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_return_reason_congress_id"), "return_reason", ["congress_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_return_reason_congress_id"), table_name="return_reason")
    op.drop_table("return_reason")
