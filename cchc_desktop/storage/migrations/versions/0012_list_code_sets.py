"""The report list's filled codes kept once per distinct set: each list_figures row names its set
(`set_id`) in code_sets, which holds each distinct set of filled codes once, in code order;
triggers keep both.

The list read every report's codes text (about 500 bytes, a million bytes at 2,000 reports, most
of them the same few texts) from list_figures: a quarter of `cchc list`'s cost over a one-report
list (benchmarks/bench_office_list.py). Now it reads each report's small `set_id` through a
covering index, and each distinct set's text once (records.read_summaries).

list_figures.codes and 0010's triggers stay as they were: they remain the one summary every
writer keeps, and `cchc check` compares it with the stored values. These triggers follow its
`codes`, whoever writes them: a row inserted or changed names the set of its report's filled
codes, read from its values in code order (made if new), so that reports filling the same codes
share one set whatever order they were typed in;
a set no row names any more is deleted, so code_sets holds just the sets in use. AUTOINCREMENT:
an id is never given to another set, so a list that read an id just before a writer changed the
report reads either that id's own codes or nothing (then the report's codes, records.py), never
another report's.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from alembic import op

revision = "0012"
down_revision: str | None = "0011"
branch_labels = None
depends_on = None

SETS = "code_sets"
# the list's join reads these from the index, not from the rows (which hold the codes text)
LIST_INDEX = "ix_list_figures_list"
# whether a set is still named by a row, asked when a row leaves it
SET_INDEX = "ix_list_figures_set"

# a set no row names any more (a report's codes changed, its row deleted) goes
_DROP_OLD = (
    f"DELETE FROM {SETS} WHERE id = OLD.set_id"
    f" AND NOT EXISTS (SELECT 1 FROM list_figures WHERE set_id = OLD.set_id);"
)
# The set's text is the report's filled codes in code order, read from its values through
# ix_indicator_values_filled (report_id, code, ...): list_figures.codes (0010) holds them in the
# order they were written, and a figure typed again moves its code to the end, so that reports
# filling the same codes would seldom share a text. SQLite keeps a subquery's ORDER BY under an
# aggregate (it does not flatten it there), so group_concat sees the codes in order.
_CANONICAL = (
    "(SELECT group_concat(c, char(31)) FROM (SELECT w.code AS c FROM indicator_values w"
    " WHERE w.report_id = {row}.report_id AND (w.number IS NOT NULL OR w.text IS NOT NULL)"
    " ORDER BY w.code))"
)
# the row names the set of its codes, made if no row had them (NULL codes: 0010's recount found
# nothing filled, and its next statement deletes the row)
# (none filled while codes is not NULL: a summary changed by hand; the row then names no set,
# which `cchc check` reports, rather than the write failing on code_sets' NOT NULL)
_NAME_SET = (
    f"INSERT OR IGNORE INTO {SETS} (codes) SELECT codes FROM"
    f" (SELECT {_CANONICAL.format(row='NEW')} AS codes) WHERE NEW.codes IS NOT NULL"
    " AND codes IS NOT NULL;"
    f" UPDATE list_figures SET set_id = (SELECT id FROM {SETS}"
    f" WHERE codes = {_CANONICAL.format(row='NEW')}) WHERE report_id = NEW.report_id;"
)
TRIGGERS = {
    "code_sets_insert": f"AFTER INSERT ON list_figures BEGIN {_NAME_SET} END",
    # recursive triggers are off (SQLite's default): the UPDATE of set_id here fires nothing
    "code_sets_update": f"AFTER UPDATE OF codes ON list_figures BEGIN {_NAME_SET} {_DROP_OLD} END",
    "code_sets_delete": f"AFTER DELETE ON list_figures BEGIN {_DROP_OLD} END",
}


def upgrade() -> None:
    op.execute(
        f"CREATE TABLE {SETS} (id INTEGER PRIMARY KEY AUTOINCREMENT, codes TEXT NOT NULL UNIQUE)"
    )
    op.execute("ALTER TABLE list_figures ADD COLUMN set_id INTEGER")
    op.execute(
        f"INSERT INTO {SETS} (codes) SELECT codes FROM (SELECT DISTINCT"
        f" {_CANONICAL.format(row='f')} AS codes FROM list_figures f WHERE f.codes IS NOT NULL)"
        " WHERE codes IS NOT NULL ORDER BY codes"
    )
    op.execute(
        f"UPDATE list_figures SET set_id = (SELECT s.id FROM {SETS} s"
        f" WHERE s.codes = {_CANONICAL.format(row='list_figures')})"
    )
    op.execute(f"CREATE INDEX {LIST_INDEX} ON list_figures (report_id, odd, set_id)")
    op.execute(f"CREATE INDEX {SET_INDEX} ON list_figures (set_id)")
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP INDEX IF EXISTS {SET_INDEX}")
    op.execute(f"DROP INDEX IF EXISTS {LIST_INDEX}")
    op.execute("ALTER TABLE list_figures DROP COLUMN set_id")
    op.execute(f"DROP TABLE {SETS}")
