"""The report list's figure summary kept per report by triggers: which codes are filled, and how
many stored figures are odd (records.SUMMARY_SQL reads it).

The list read it from every value of every report (168,000 index entries at 2,000 reports, about
120 ms of each `cchc list`). A count written by the app beside the report would stop showing a
figure damaged after it was written; these triggers instead work the summary out again from the
report's values after every insert, update and delete on indicator_values, whoever writes (the
app, an older copy of this code, a hand-made UPDATE), as migration 0003's mirrors do. They use
built-in functions only. Each recount reads one report's entries of ix_indicator_values_filled
(about a hundred), so a typed figure costs a few tens of microseconds more.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from alembic import op

revision = "0010"
down_revision: str | None = "0009"
branch_labels = None
depends_on = None

TABLE = "list_figures"

# A value "filled" holds a figure or a text; "odd": a figure holding anything but digits, "." and
# "-" (a damaged "3x8", an exponent; never an empty value), which the list decodes to name it
# (records.read_summaries). Written as 0009's list query wrote them. A report without a filled
# value has no row.
_ODD = (
    "SUM(v.number GLOB '*[^0-9.-]*' OR typeof(v.number) NOT IN ('null', 'text', 'integer')"
    " OR v.number = '')"
)
_FILLED = "(v.number IS NOT NULL OR v.text IS NOT NULL)"
_RECOUNT = (
    "DELETE FROM list_figures WHERE report_id = {rid};"
    " INSERT INTO list_figures (report_id, odd, codes)"
    f" SELECT {{rid}}, odd, codes FROM (SELECT {_ODD} AS odd,"
    " group_concat(v.code, char(31)) AS codes"
    f" FROM indicator_values v WHERE v.report_id = {{rid}} AND {_FILLED})"
    " WHERE codes IS NOT NULL;"
)
# the columns the summary reads; the mirror trigger's own UPDATE (of `mirror`) does not fire these
_READ = "report_id, code, number, text"
TRIGGERS = {
    "list_figures_insert": f"AFTER INSERT ON indicator_values BEGIN {_RECOUNT} END",
    "list_figures_update": (f"AFTER UPDATE OF {_READ} ON indicator_values BEGIN {_RECOUNT} END"),
    # a value moved to another report: the one it left is counted again too
    "list_figures_update_moved": (
        "AFTER UPDATE OF report_id ON indicator_values WHEN OLD.report_id IS NOT NEW.report_id"
        f" BEGIN {_RECOUNT.replace('{rid}', 'OLD.report_id')} END"
    ),
    "list_figures_delete": (
        f"AFTER DELETE ON indicator_values BEGIN {_RECOUNT.replace('{rid}', 'OLD.report_id')} END"
    ),
    # a report deleted with its values (foreign keys off, or a hand-made DELETE) leaves no row
    "list_figures_report_delete": (
        "AFTER DELETE ON reports BEGIN DELETE FROM list_figures WHERE report_id = OLD.id; END"
    ),
}


def upgrade() -> None:
    op.execute(
        f"CREATE TABLE {TABLE} (report_id INTEGER NOT NULL PRIMARY KEY,"
        " odd INTEGER NOT NULL, codes TEXT NOT NULL)"
    )
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body.replace('{rid}', 'NEW.report_id')}")
    # every report's summary as the triggers would write it
    op.execute(
        f"INSERT INTO {TABLE} (report_id, odd, codes) SELECT v.report_id, {_ODD},"
        f" group_concat(v.code, char(31)) FROM indicator_values v WHERE {_FILLED}"
        " GROUP BY v.report_id"
    )


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE {TABLE}")
