"""The exchange workbook's layout, shared by its writer and its reader: sheet names, columns, headers."""

from __future__ import annotations

from ...domain.appendix_tables import PROPAGANDA_HEADINGS, REMEDIATION_HEADINGS
from ...domain.catalog import Catalog
from ...domain.report import Report

SHEET_III = "Phụ lục III"
SHEET_I = "Phụ lục I"
SHEET_II = "Phụ lục II"
SHEET_META = "_cchc"
FORMAT_ID = "cchc-desktop/xlsx"
FORMAT_VERSION = "1"

# Columns of the Phụ lục III and Phụ lục I sheets (1-based)
COL_CODE, COL_LABEL, COL_UNIT, COL_VALUE, COL_NOTE = 1, 2, 3, 4, 5
N_COLS = 5
HEADER_ROW = 4
FIRST_DATA_ROW = HEADER_ROW + 1
HEADER_III = ("Mã", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú")
HEADER_I = PROPAGANDA_HEADINGS
HEADER_II = REMEDIATION_HEADINGS
TEXT_LIMIT = 1000  # characters of a text indicator: the data validation and the import


def check_catalog(report: Report, catalog: Catalog) -> None:
    if (report.catalog_id, report.catalog_version) != (catalog.id, catalog.version):
        raise ValueError(
            f"report uses catalog {report.catalog_id} {report.catalog_version}, "
            f"given {catalog.id} {catalog.version}"
        )
