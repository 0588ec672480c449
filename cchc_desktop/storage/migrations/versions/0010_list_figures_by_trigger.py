"""The report list's figure summary kept per report by triggers: which codes are filled, and how
many stored figures are odd (records.SUMMARY_SQL reads it).

The list read it from every value of every report (168,000 index entries at 2,000 reports, about
120 ms of each `cchc list`). A count written by the app beside the report would stop showing a
figure damaged after it was written; these triggers instead change the summary with every insert,
update and delete on indicator_values, whoever writes (the app, a hand-made UPDATE or INSERT OR
REPLACE), as migration 0003's mirrors do, with built-in functions only. A typed figure costs
tens of microseconds more (benchmarks/bench_list_triggers.py).

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
# (records.read_summaries). As 0009's list query counted them. A report without a filled value
# has no row; `codes` are its filled values' codes joined by char(31), in no set order.
_ODD = (
    "coalesce({v}.number GLOB '*[^0-9.-]*'"
    " OR typeof({v}.number) NOT IN ('null', 'text', 'integer') OR {v}.number = '', 0)"
)
_FILLED = "({v}.number IS NOT NULL OR {v}.text IS NOT NULL)"
_SEP = "char(31)"
# whether the report's row holds the value's code
_HAS = f"instr({_SEP} || codes || {_SEP}, {_SEP} || {{v}}.code || {_SEP}) > 0"

# A write changes the summary by the one value written (a few string operations, not a recount of
# the report's hundred values: a whole report written again would recount it a hundred times).
# The old value is taken out, the new one put in. A code already present when a value is put in
# means SQLite replaced a row without telling (INSERT OR REPLACE, which fires no delete trigger):
# then the report is counted again from its values.
_TAKE_OUT = (
    f"UPDATE {TABLE} SET odd = odd - {_ODD},"
    f" codes = trim(replace({_SEP} || codes || {_SEP}, {_SEP} || {{v}}.code || {_SEP}, {_SEP}),"
    f" {_SEP}) WHERE report_id = {{v}}.report_id AND {_FILLED} AND {_HAS};"
    f" DELETE FROM {TABLE} WHERE report_id = {{v}}.report_id AND codes = '';"
)
_PUT_IN = (
    f"UPDATE {TABLE} SET (odd, codes) = (SELECT coalesce(SUM({_ODD.format(v='w')}), 0),"
    f" group_concat(w.code, {_SEP}) FROM indicator_values w"
    f" WHERE w.report_id = {{v}}.report_id AND {_FILLED.format(v='w')})"
    f" WHERE report_id = {{v}}.report_id AND {_HAS};"
    f" DELETE FROM {TABLE} WHERE report_id = {{v}}.report_id AND codes IS NULL;"
    f" UPDATE {TABLE} SET odd = odd + {_ODD}, codes = codes || {_SEP} || {{v}}.code"
    f" WHERE report_id = {{v}}.report_id AND {_FILLED} AND NOT {_HAS};"
    f" INSERT INTO {TABLE} (report_id, odd, codes) SELECT {{v}}.report_id, {_ODD}, {{v}}.code"
    f" WHERE {_FILLED} AND NOT EXISTS (SELECT 1 FROM {TABLE} WHERE report_id = {{v}}.report_id);"
)
# the columns the summary reads; the mirror trigger's own UPDATE (of `mirror`) does not fire these
_READ = "report_id, code, number, text"
TRIGGERS = {
    "list_figures_insert": (
        f"AFTER INSERT ON indicator_values BEGIN {_PUT_IN.format(v='NEW')} END"
    ),
    # a value changed, or moved to another report
    "list_figures_update": (
        f"AFTER UPDATE OF {_READ} ON indicator_values BEGIN {_TAKE_OUT.format(v='OLD')}"
        f" {_PUT_IN.format(v='NEW')} END"
    ),
    "list_figures_delete": (
        f"AFTER DELETE ON indicator_values BEGIN {_TAKE_OUT.format(v='OLD')} END"
    ),
    # a report deleted with its values (foreign keys off, or a hand-made DELETE) leaves no row
    "list_figures_report_delete": (
        f"AFTER DELETE ON reports BEGIN DELETE FROM {TABLE} WHERE report_id = OLD.id; END"
    ),
}


def upgrade() -> None:
    # codes may be NULL for a moment only: a recount that found nothing filled (_PUT_IN)
    op.execute(
        f"CREATE TABLE {TABLE} (report_id INTEGER NOT NULL PRIMARY KEY,"
        " odd INTEGER NOT NULL, codes TEXT)"
    )
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    # every report's summary as the triggers would write it
    op.execute(
        f"INSERT INTO {TABLE} (report_id, odd, codes) SELECT v.report_id,"
        f" SUM({_ODD.format(v='v')}), group_concat(v.code, {_SEP}) FROM indicator_values v"
        f" WHERE {_FILLED.format(v='v')} GROUP BY v.report_id"
    )


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE {TABLE}")
