"""SQLAlchemy 2.0 table models. The schema itself is created and changed only by Alembic migrations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class DecimalText(TypeDecorator[Decimal]):
    """A figure stored exactly as decimal text ("1088", "98.73"), never as a float."""

    impl = String(64)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError("figures must be Decimal, never float")
        return str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        from .records import decode_stored  # one decoder for the ORM and the quick reader

        return None if value is None else decode_stored("indicator_values", "number", value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UnitRow(Base):
    __tablename__ = "units"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    parent_authority: Mapped[str] = mapped_column(String(300), default="")
    abbreviation: Mapped[str] = mapped_column(String(50), default="")
    place: Mapped[str] = mapped_column(String(100), default="")


class ReportRow(Base):
    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("unit_id", "period_kind", "year"),
        # the report list reads its columns from this index, never the rows (migrations 0008, 0009)
        Index(
            "ix_reports_list",
            "updated_at",
            "id",
            "unit_id",
            "year",
            "period_kind",
            "status",
            "number",
            "symbol",
            "catalog_id",
            "catalog_version",
            "optional_groups",
            "sent_on",
            "sent_via",
            "sent_number",
            "reopen_count",
            "reopen_reason",
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    period_kind: Mapped[str] = mapped_column(String(4))
    year: Mapped[int] = mapped_column(Integer)
    catalog_id: Mapped[str] = mapped_column(String(100))
    catalog_version: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    number: Mapped[str] = mapped_column(String(50), default="")
    symbol: Mapped[str] = mapped_column(String(50), default="")
    place: Mapped[str] = mapped_column(String(100), default="")
    issue_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    subject: Mapped[str] = mapped_column(Text, default="")
    recipient_to: Mapped[str] = mapped_column(Text, default="")
    signer_authority: Mapped[str] = mapped_column(String(200), default="")
    signer_title: Mapped[str] = mapped_column(String(200), default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    # the narrative is stored part by part in narrative_parts (migration 0011)
    optional_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # raised by every write to the report or its children (optimistic concurrency between writers)
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # the sending and reopenings (migration 0005; domain.report.Sending)
    sent_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    sent_via: Mapped[str | None] = mapped_column(String(20), nullable=True)
    sent_number: Mapped[str] = mapped_column(String(50), default="", server_default="")
    reopen_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    reopen_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    unit: Mapped[UnitRow] = relationship()


class FootnoteRow(Base):
    __tablename__ = "footnotes"
    __table_args__ = (UniqueConstraint("report_id", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), nullable=True
    )


class NarrativePartRow(Base):
    """One part of a report's narrative (0011): the opening paragraphs, a section (its heading,
    its depth in the outline, its paragraphs) or the closing paragraphs, in document order
    (records.narrative_rows): an edit of one part writes its row alone."""

    __tablename__ = "narrative_parts"
    # a save reads the outline from this index alone, never the paragraphs' pages (0011)
    __table_args__ = (
        Index(
            "ix_narrative_parts_outline",
            "report_id",
            "position",
            "kind",
            "depth",
            "title",
            "numbered",
        ),
    )
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # "intro", "section", "closing"
    depth: Mapped[int] = mapped_column(Integer)  # a section's level (0: I, II...)
    title: Mapped[str] = mapped_column(Text)
    numbered: Mapped[int] = mapped_column(Integer)
    paragraphs: Mapped[str] = mapped_column(Text)  # JSON, as records.narrative_rows writes it


class RecipientRow(Base):
    __tablename__ = "recipients"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class PropagandaRowRow(Base):
    __tablename__ = "propaganda_rows"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20), default="")
    label: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(100), default="")
    quantity: Mapped[Decimal | None] = mapped_column(DecimalText, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    mirror: Mapped[str | None] = mapped_column(Text, nullable=True)  # set by a trigger (0003)


class RemediationRow(Base):
    __tablename__ = "remediation_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20), default="")
    criterion: Mapped[str] = mapped_column(Text)
    assessment: Mapped[str] = mapped_column(Text, default="")
    score_got: Mapped[Decimal | None] = mapped_column(DecimalText, nullable=True)
    score_max: Mapped[Decimal | None] = mapped_column(DecimalText, nullable=True)
    findings: Mapped[list[str]] = mapped_column(JSON, default=list)
    remedies: Mapped[list[str]] = mapped_column(JSON, default=list)
    deadlines: Mapped[list[str]] = mapped_column(JSON, default=list)
    progress: Mapped[list[str]] = mapped_column(JSON, default=list)
    mirror: Mapped[str | None] = mapped_column(Text, nullable=True)  # set by a trigger (0003)


class IndicatorValueRow(Base):
    __tablename__ = "indicator_values"
    # the list reads a report's filled codes from this index alone (migrations 0008, 0009), and a
    # report's figures are read from it whole, without a lookup of each row (0013)
    __table_args__ = (
        Index(
            "ix_indicator_values_filled", "report_id", "code", "number", "text", "note", "mirror"
        ),
    )
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    # exactly one of number / text is set when a value is reported; both NULL = not reported
    number: Mapped[Decimal | None] = mapped_column(DecimalText, nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    # the figure written again by a trigger (migration 0003): a damaged byte shows as a mismatch
    mirror: Mapped[str | None] = mapped_column(Text, nullable=True)


class DocumentRow(Base):
    """The unit's register of cited documents, reused for footnotes across its reports."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(100), default="")  # "Kế hoạch", "Quyết định"
    number: Mapped[str] = mapped_column(String(50), default="")  # "191"
    symbol: Mapped[str] = mapped_column(String(100), default="")  # "KH-STC"
    issued_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    issuer: Mapped[str] = mapped_column(String(300), default="")  # "Sở Tài chính"
    subject: Mapped[str] = mapped_column(Text, default="")


class CatalogRow(Base):
    """A user's catalog (a province's form imported or authored): its JSON, rules and the mapping
    of its indicators to earlier versions (migration 0004). Shipped catalogs are not stored."""

    __tablename__ = "catalogs"
    __table_args__ = (UniqueConstraint("catalog_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    catalog_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(Text, default="")
    province: Mapped[str] = mapped_column(String(100), default="")
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    data: Mapped[str] = mapped_column(Text)  # the catalog JSON, as resources/catalogs/*.json
    rules: Mapped[str | None] = mapped_column(Text, nullable=True)  # as resources/rules/*.json
    mapping: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON, see services.catalogs
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ChangeRow(Base):
    """One field's change (old -> new), written in the transaction that changed it (0005)."""

    __tablename__ = "change_history"
    __table_args__ = (
        Index("ix_change_history_report_code", "report_id", "code"),
        Index("ix_change_history_report_field", "report_id", "field"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(30))
    field: Mapped[str] = mapped_column(String(300))
    code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    old: Mapped[str | None] = mapped_column(Text, nullable=True)
    new: Mapped[str | None] = mapped_column(Text, nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="", server_default="")


# --- compiling from parts (migration 0006) ----------------------------------------------------
class SubUnitRow(Base):
    """A phòng or đơn vị trực thuộc of a unit: the parts its report is compiled from."""

    __tablename__ = "sub_units"
    __table_args__ = (UniqueConstraint("unit_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="phong")
    position: Mapped[int] = mapped_column(Integer, default=0)


class ValueSourceRow(Base):
    """One part's figure of one indicator of a compiled report (its provenance)."""

    __tablename__ = "value_sources"
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    sub_unit: Mapped[str] = mapped_column(String(300), primary_key=True)
    number: Mapped[Decimal | None] = mapped_column(DecimalText, nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class MergedValueRow(Base):
    """What the last merge made of an indicator, and whether the user overrode it since."""

    __tablename__ = "merged_values"
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(10))
    number: Mapped[Decimal | None] = mapped_column(DecimalText, nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    overridden: Mapped[int] = mapped_column(Integer, default=0)


class MergePartRow(Base):
    """A part merged into a report: from which file (or report), on which catalog version, when."""

    __tablename__ = "merge_parts"
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    sub_unit: Mapped[str] = mapped_column(String(300), primary_key=True)
    source: Mapped[str] = mapped_column(Text, default="")
    catalog_version: Mapped[str] = mapped_column(String(50), default="")
    merged_at: Mapped[dt.datetime] = mapped_column(DateTime)
    position: Mapped[int] = mapped_column(Integer, default=0)  # the parts' order, as shown
