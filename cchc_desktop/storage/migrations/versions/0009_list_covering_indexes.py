"""The report list from indexes alone: 0008's two indexes widened to every column the list reads.

0008's ix_reports_list left out the form, the optional blocks and the sending columns, which are
stored after the narrative: reading them walked each report's narrative (tens of kilobytes of
overflow pages, about 80 MB at 2,000 reports), which also pushed the value indexes out of SQLite's
page cache. Its ix_indicator_values_filled left out the value's code, so the filled codes were read
from every value's row. Both are rebuilt with those columns (records.SUMMARY_SQL's columns). Only
indexes change; no row is touched.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from alembic import op

revision = "0009"
down_revision: str | None = "0008"
branch_labels = None
depends_on = None

# the columns records.SUMMARY_SQL reads, in its ORDER BY's order first (as 0008's, then the rest)
LIST_COLUMNS_0008 = [
    "updated_at",
    "id",
    "unit_id",
    "year",
    "period_kind",
    "status",
    "number",
    "symbol",
]
LIST_COLUMNS = [
    *LIST_COLUMNS_0008,
    "catalog_id",
    "catalog_version",
    "optional_groups",
    "sent_on",
    "sent_via",
    "sent_number",
    "reopen_count",
    "reopen_reason",
]
VALUE_COLUMNS_0008 = ["report_id", "number", "text"]
VALUE_COLUMNS = ["report_id", "code", "number", "text"]


def _rebuild(name: str, table: str, columns: list[str]) -> None:
    op.drop_index(name, table_name=table)
    op.create_index(name, table, columns)


def upgrade() -> None:
    _rebuild("ix_reports_list", "reports", LIST_COLUMNS)
    _rebuild("ix_indicator_values_filled", "indicator_values", VALUE_COLUMNS)


def downgrade() -> None:
    _rebuild("ix_indicator_values_filled", "indicator_values", VALUE_COLUMNS_0008)
    _rebuild("ix_reports_list", "reports", LIST_COLUMNS_0008)
