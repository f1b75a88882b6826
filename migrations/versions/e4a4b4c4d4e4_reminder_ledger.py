"""Schema for issue 5: the reminder ladder, hours, per-person channels, each deadline's next step, the ledger.

Revision ID: e4a4b4c4d4e4
Revises: e3a3b3c3d3e3
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "e4a4b4c4d4e4"
down_revision = "e3a3b3c3d3e3"
branch_labels = None
depends_on = None

# Frozen copies of the enum values at this revision, never imported from the app.
DEADLINE_KINDS = (
    "cosigner_answer", "withdrawal_consent", "group_review", "committee_review", "office_review",
    "pre_submission", "revision", "formal_submission", "registration", "routing", "sign_for",
    "reassignment_window", "reassignment_decision", "co_opinion", "reply", "reply_approval",
    "extension_decision", "evaluation", "dissatisfaction_decision", "rehandling_reply",
    "escalation_decision", "promise", "promise_review", "progress_report",
)
AUDIENCES = ("owner", "unit_leader", "office", "supervisors")
VIAS = ("inapp", "email", "sms")
STATUSES = ("pending", "sent", "cancelled", "skipped")
WINDOW_KINDS = ("reassignment_window",)


def checked(name: str, values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        "reminder_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", checked("step_kind", DEADLINE_KINDS), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("day_offset", sa.Integer(), nullable=False),
        sa.Column("key_day_offset", sa.Integer(), nullable=False),
        sa.Column("audience", checked("step_audience", AUDIENCES), nullable=False),
        sa.CheckConstraint("level >= 1", name="ck_step_level"),
        sa.CheckConstraint("key_day_offset <= day_offset", name="ck_step_key_sooner"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "level"),
    )
    op.create_table(
        "reminder_setting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quiet_hours", sa.Boolean(), nullable=False),
        sa.Column("day_starts", sa.String(length=5), nullable=False),
        sa.Column("day_ends", sa.String(length=5), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "reminder_preference",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("by_email", sa.Boolean(), nullable=False),
        sa.Column("by_sms", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "reminder_schedule",
        sa.Column("deadline_id", sa.Integer(), nullable=False),
        sa.Column("next_level", sa.Integer(), nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["deadline_id"], ["deadline.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("deadline_id"),
    )
    op.create_index("ix_reminder_schedule_next", "reminder_schedule", ["next_at"], unique=False,
                    postgresql_where=sa.text("next_at IS NOT NULL"),
                    sqlite_where=sa.text("next_at IS NOT NULL"))
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deadline_id", sa.Integer(), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("audience", checked("reminder_audience", AUDIENCES), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("via", checked("reminder_via", VIAS), nullable=False),
        sa.Column("digest", sa.Boolean(), nullable=False),
        sa.Column("status", checked("reminder_status", STATUSES), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_token", sa.String(length=32), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.CheckConstraint("attempts >= 0", name="ck_reminder_attempts"),
        sa.ForeignKeyConstraint(["deadline_id"], ["deadline.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recipient_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["suggestion_id"], ["suggestion.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("deadline_id", "due_on", "level", "recipient_id", "via", name="uq_reminder_once"),
    )
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.create_index("ix_reminder_recipient_id", ["recipient_id"], unique=False)
        batch_op.create_index("ix_reminder_suggestion_id", ["suggestion_id"], unique=False)
    op.create_index("ix_reminder_pending_due", "reminder", ["due_at", "id"], unique=False,
                    postgresql_where=sa.text("status = 'pending'"),
                    sqlite_where=sa.text("status = 'pending'"))
    # Deadlines already open get their first look now; the planner finds each one's exact step.
    windows = ", ".join(f"'{k}'" for k in WINDOW_KINDS)
    op.execute(f"INSERT INTO reminder_schedule (deadline_id, next_level, next_at) "
               f"SELECT id, 1, opened_at FROM deadline WHERE closed_at IS NULL AND kind NOT IN ({windows})")


def downgrade() -> None:
    op.drop_index("ix_reminder_pending_due", table_name="reminder")
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_suggestion_id")
        batch_op.drop_index("ix_reminder_recipient_id")
    op.drop_table("reminder")
    op.drop_index("ix_reminder_schedule_next", table_name="reminder_schedule")
    op.drop_table("reminder_schedule")
    op.drop_table("reminder_preference")
    op.drop_table("reminder_setting")
    op.drop_table("reminder_step")
