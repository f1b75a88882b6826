"""Schema for issue 3: attachments (files on disk, metadata here) and minority-language original text.

Revision ID: e1a1b1c1d1e1
Revises: d4e5f6a7b8c9
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "e1a1b1c1d1e1"
down_revision = "d4e5f6a7b8c9"
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), nullable=False),
        sa.Column("reply_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("mime", sa.String(length=50), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", UTC_DATETIME, nullable=False),
        sa.Column("removed_at", UTC_DATETIME, nullable=True),
        sa.Column("removed_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("size > 0", name="ck_attachment_size"),
        sa.ForeignKeyConstraint(["suggestion_id"], ["suggestion.id"]),
        sa.ForeignKeyConstraint(["reply_id"], ["reply.id"]),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["removed_by_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_attachment_suggestion_id", "attachment", ["suggestion_id"])
    op.create_index("ix_attachment_reply_id", "attachment", ["reply_id"])
    for table in ("suggestion", "suggestion_version"):
        op.add_column(table, sa.Column("original_lang", sa.String(length=8), nullable=True))
        # The server default fills existing rows (and stays, as in the model).
        op.add_column(table, sa.Column("original_text", sa.Text(), nullable=False,
                                       server_default=""))


def downgrade() -> None:
    for table in ("suggestion_version", "suggestion"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("original_text")
            batch.drop_column("original_lang")
    op.drop_index("ix_attachment_reply_id", table_name="attachment")
    op.drop_index("ix_attachment_suggestion_id", table_name="attachment")
    op.drop_table("attachment")
