"""Compiling a report from its parts: a unit's sub-units (phòng, đơn vị trực thuộc), the figures
each part gave for each indicator (value_sources), what the last merge wrote and whether the user
overrode it since (merged_values), and which parts were merged from which file (merge_parts).
New tables only: no existing row is touched.

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels = None
depends_on = None


def _report_fk(table: str) -> sa.ForeignKey:
    return sa.ForeignKey("reports.id", ondelete="CASCADE", name=f"fk_{table}_report_id_reports")


def upgrade() -> None:
    op.create_table(
        "sub_units",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "unit_id",
            sa.Integer(),
            sa.ForeignKey("units.id", ondelete="CASCADE", name="fk_sub_units_unit_id_units"),
            nullable=False,
        ),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False, server_default="phong"),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.UniqueConstraint("unit_id", "name", name="uq_sub_units_unit_id"),
    )
    op.create_index("ix_sub_units_unit_id", "sub_units", ["unit_id"])
    op.create_table(
        "value_sources",
        sa.Column("report_id", sa.Integer(), _report_fk("value_sources"), primary_key=True),
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("sub_unit", sa.String(300), primary_key=True),
        sa.Column("number", sa.String(64), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
    )
    op.create_table(
        "merged_values",
        sa.Column("report_id", sa.Integer(), _report_fk("merged_values"), primary_key=True),
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("number", sa.String(64), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("overridden", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "merge_parts",
        sa.Column("report_id", sa.Integer(), _report_fk("merge_parts"), primary_key=True),
        sa.Column("sub_unit", sa.String(300), primary_key=True),
        sa.Column("source", sa.Text(), nullable=False, server_default=""),
        sa.Column("catalog_version", sa.String(50), nullable=False, server_default=""),
        sa.Column("merged_at", sa.DateTime(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_table("merge_parts")
    op.drop_table("merged_values")
    op.drop_table("value_sources")
    op.drop_index("ix_sub_units_unit_id", "sub_units")
    op.drop_table("sub_units")
