"""Each stored figure carries a mirror: its report, code or position and value(s) written again, in
SQLite's quote() form, by triggers. SQLite keeps no checksums, so a damaged byte in a figure would
otherwise read back as another valid figure; a figure that no longer matches its mirror is named
as unreadable instead of shown. Triggers use built-in functions only: any writer keeps them true.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# table -> the columns mirrored (records.MIRRORED says the same for the readers)
MIRRORED = {
    "indicator_values": ("report_id", "code", "number", "text"),
    "propaganda_rows": ("report_id", "position", "quantity"),
    "remediation_items": ("report_id", "position", "score_got", "score_max"),
}


def _expr(columns: tuple[str, ...]) -> str:
    return " || '|' || ".join(f"quote({c})" for c in columns)


def upgrade() -> None:
    for table, columns in MIRRORED.items():
        # ADD COLUMN, not a batch copy: the rows stay where they are
        op.add_column(table, sa.Column("mirror", sa.Text(), nullable=True))
        expr = _expr(columns)
        op.execute(f"UPDATE {table} SET mirror = {expr}")
        op.execute(
            f"CREATE TRIGGER mirror_{table}_insert AFTER INSERT ON {table} BEGIN"
            f" UPDATE {table} SET mirror = {expr} WHERE rowid = NEW.rowid; END"
        )
        op.execute(
            f"CREATE TRIGGER mirror_{table}_update AFTER UPDATE OF {', '.join(columns)}"
            f" ON {table} BEGIN UPDATE {table} SET mirror = {expr} WHERE rowid = NEW.rowid; END"
        )


def downgrade() -> None:
    for table in MIRRORED:
        op.execute(f"DROP TRIGGER IF EXISTS mirror_{table}_insert")
        op.execute(f"DROP TRIGGER IF EXISTS mirror_{table}_update")
        with op.batch_alter_table(table) as batch:
            batch.drop_column("mirror")
