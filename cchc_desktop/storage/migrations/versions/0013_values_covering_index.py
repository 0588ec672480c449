"""A report's figures read from one index: ix_indicator_values_filled widened to every column of
indicator_values (the note and the mirror too).

Opening a report and `validate` read the report's figures and those of the periods its checks
compare with (`SELECT *`, records.read_figures), each row found through the primary key and then
looked up in the table: at 4 compared reports, about 190 µs of `validate`'s 6 ms went to those
lookups (benchmarks/bench_office_open.py). The widened index holds the whole row, so the read
walks it alone; it begins with the columns it had (report_id, code, number, text), so the list's
reads of the filled codes (0009, 0012) use it as before. Only an index changes; no row is touched.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from alembic import op

revision = "0013"
down_revision: str | None = "0012"
branch_labels = None
depends_on = None

INDEX = "ix_indicator_values_filled"
COLUMNS_0009 = ["report_id", "code", "number", "text"]
COLUMNS = [*COLUMNS_0009, "note", "mirror"]


def _rebuild(columns: list[str]) -> None:
    op.drop_index(INDEX, table_name="indicator_values")
    op.create_index(INDEX, "indicator_values", columns)


def upgrade() -> None:
    _rebuild(COLUMNS)


def downgrade() -> None:
    _rebuild(COLUMNS_0009)
