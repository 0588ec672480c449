"""The report's life in the office and the history of its fields: the sending (date, how, the
văn thư's number), reopenings (count, last reason), and change_history, one row per field changed
(old -> new, when, from where). Existing reports keep their status (all were "draft").

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN, not a batch copy: the rows stay where they are
    op.add_column("reports", sa.Column("sent_on", sa.Date(), nullable=True))
    op.add_column("reports", sa.Column("sent_via", sa.String(20), nullable=True))
    op.add_column(
        "reports", sa.Column("sent_number", sa.String(50), nullable=False, server_default="")
    )
    op.add_column(
        "reports", sa.Column("reopen_count", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column(
        "reports", sa.Column("reopen_reason", sa.Text(), nullable=False, server_default="")
    )
    op.create_table(
        "change_history",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "report_id",
            sa.Integer(),
            sa.ForeignKey(
                "reports.id", ondelete="CASCADE", name="fk_change_history_report_id_reports"
            ),
            nullable=False,
        ),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(30), nullable=False),
        sa.Column("field", sa.String(300), nullable=False),
        sa.Column("code", sa.String(40), nullable=True),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_change_history"),
    )
    op.create_index("ix_change_history_report_code", "change_history", ["report_id", "code"])
    op.create_index("ix_change_history_report_field", "change_history", ["report_id", "field"])


def downgrade() -> None:
    op.drop_table("change_history")
    with op.batch_alter_table("reports") as batch:
        for column in ("reopen_reason", "reopen_count", "sent_number", "sent_via", "sent_on"):
            batch.drop_column(column)
