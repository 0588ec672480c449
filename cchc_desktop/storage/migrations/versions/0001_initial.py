"""Initial schema: units, reports, footnotes, recipients, appendices, indicator values, cited documents.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("parent_authority", sa.String(300), nullable=False, server_default=""),
        sa.Column("abbreviation", sa.String(50), nullable=False, server_default=""),
        sa.Column("place", sa.String(100), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_units"),
        sa.UniqueConstraint("name", name="uq_units_name"),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("period_kind", sa.String(4), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("catalog_id", sa.String(100), nullable=False),
        sa.Column("catalog_version", sa.String(50), nullable=False),
        sa.Column("status", sa.String(10), nullable=False, server_default="draft"),
        sa.Column("number", sa.String(50), nullable=False, server_default=""),
        sa.Column("symbol", sa.String(50), nullable=False, server_default=""),
        sa.Column("place", sa.String(100), nullable=False, server_default=""),
        sa.Column("issue_date", sa.Date(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=False, server_default=""),
        sa.Column("recipient_to", sa.Text(), nullable=False, server_default=""),
        sa.Column("signer_authority", sa.String(200), nullable=False, server_default=""),
        sa.Column("signer_title", sa.String(200), nullable=False, server_default=""),
        sa.Column("signer_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("narrative", sa.JSON(), nullable=False),
        sa.Column("optional_groups", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reports"),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], ondelete="RESTRICT", name="fk_reports_unit_id_units"
        ),
        sa.UniqueConstraint("unit_id", "period_kind", "year", name="uq_reports_unit_id"),
    )
    op.create_index("ix_reports_unit_id", "reports", ["unit_id"])
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(100), nullable=False, server_default=""),
        sa.Column("number", sa.String(50), nullable=False, server_default=""),
        sa.Column("symbol", sa.String(100), nullable=False, server_default=""),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("issuer", sa.String(300), nullable=False, server_default=""),
        sa.Column("subject", sa.Text(), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], ondelete="CASCADE", name="fk_documents_unit_id_units"
        ),
    )
    op.create_index("ix_documents_unit_id", "documents", ["unit_id"])
    op.create_table(
        "footnotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_footnotes"),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], ondelete="CASCADE", name="fk_footnotes_report_id_reports"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            ondelete="SET NULL",
            name="fk_footnotes_document_id_documents",
        ),
        sa.UniqueConstraint("report_id", "key", name="uq_footnotes_report_id"),
    )
    op.create_index("ix_footnotes_report_id", "footnotes", ["report_id"])
    op.create_table(
        "recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_recipients"),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            ondelete="CASCADE",
            name="fk_recipients_report_id_reports",
        ),
    )
    op.create_index("ix_recipients_report_id", "recipients", ["report_id"])
    op.create_table(
        "propaganda_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(20), nullable=False, server_default=""),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(100), nullable=False, server_default=""),
        sa.Column("quantity", sa.String(64), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_propaganda_rows"),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            ondelete="CASCADE",
            name="fk_propaganda_rows_report_id_reports",
        ),
    )
    op.create_index("ix_propaganda_rows_report_id", "propaganda_rows", ["report_id"])
    op.create_table(
        "remediation_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(20), nullable=False, server_default=""),
        sa.Column("criterion", sa.Text(), nullable=False),
        sa.Column("assessment", sa.Text(), nullable=False, server_default=""),
        sa.Column("score_got", sa.String(64), nullable=True),
        sa.Column("score_max", sa.String(64), nullable=True),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("remedies", sa.JSON(), nullable=False),
        sa.Column("deadlines", sa.JSON(), nullable=False),
        sa.Column("progress", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_remediation_items"),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            ondelete="CASCADE",
            name="fk_remediation_items_report_id_reports",
        ),
    )
    op.create_index("ix_remediation_items_report_id", "remediation_items", ["report_id"])
    op.create_table(
        "indicator_values",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("number", sa.String(64), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("report_id", "code", name="pk_indicator_values"),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            ondelete="CASCADE",
            name="fk_indicator_values_report_id_reports",
        ),
    )


def downgrade() -> None:
    for table in (
        "indicator_values",
        "remediation_items",
        "propaganda_rows",
        "recipients",
        "footnotes",
        "documents",
        "reports",
        "units",
    ):
        op.drop_table(table)
