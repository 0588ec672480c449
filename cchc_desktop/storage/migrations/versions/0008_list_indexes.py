"""Indexes for the report list: its columns and its figure counts read from indexes alone.

The reports table holds each report's narrative inline (tens of kilobytes of JSON in overflow
pages); listing 2,000 reports walked every narrative to reach the columns stored after it. The
list's query (records.SUMMARY_SQL) reads these two covering indexes instead, and counts the
figures of a report without touching its rows. No data changes.

Revision ID: 0008
Revises: 0003
Create Date: 2026-12-02
"""

from alembic import op

revision = "0008"
down_revision: str | None = "0006"
branch_labels = None
depends_on = None

# the columns records.SUMMARY_SQL reads, in its ORDER BY's order first
LIST_COLUMNS = ["updated_at", "id", "unit_id", "year", "period_kind", "status", "number", "symbol"]


def upgrade() -> None:
    op.create_index("ix_reports_list", "reports", LIST_COLUMNS)
    op.create_index(
        "ix_indicator_values_filled", "indicator_values", ["report_id", "number", "text"]
    )


def downgrade() -> None:
    op.drop_index("ix_indicator_values_filled", table_name="indicator_values")
    op.drop_index("ix_reports_list", table_name="reports")
