"""The "Mẫu Phụ lục III" choice of the new-report dialog: the catalogs of the database, or none."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel

from ..errors import UserError
from ..services.catalogs import CatalogInfo, CatalogRegistry

if TYPE_CHECKING:
    from ..services.store import ReportStore

NONE_KEY = "none"
NONE_TEXT = "Không có Phụ lục III"


def catalog_text(info: CatalogInfo) -> str:
    """How a catalog reads in the list: whose form, which year, which version."""
    who = info.province or info.id
    year = f" năm {info.year}" if info.year else ""
    origin = "" if info.shipped else " - đã nhập"
    return f"Mẫu {who}{year} (phiên bản {info.version}){origin}"


class CatalogPicker:
    """A combo box put into the dialog's form: each catalog by its key, then "none"."""

    def __init__(self, form: QFormLayout, row: int, store: ReportStore) -> None:
        self.registry = CatalogRegistry(store)
        self.combo = QComboBox()
        self.combo.setObjectName("catalogCombo")
        for info in self.registry.list():
            self.combo.addItem(catalog_text(info), info.key)
            self.combo.setItemData(
                self.combo.count() - 1,
                f"{info.title}\n{info.rows} dòng chỉ tiêu",
                Qt.ItemDataRole.ToolTipRole,
            )
        self.combo.addItem(NONE_TEXT, NONE_KEY)
        self.combo.setToolTip(
            "Biểu thống kê (Phụ lục III) của báo cáo; mặc định là mẫu mới nhất đơn vị đã dùng"
        )
        label = QLabel("Mẫu Phụ lục III:")
        label.setBuddy(self.combo)
        form.insertRow(row, label, self.combo)

    def suggest(self, unit_name: str, year: int) -> None:
        """Select the form the unit's new report would get by default."""
        try:
            default = self.registry.default_for(unit_name, year)
        except UserError:  # a form removed meanwhile: the user picks one
            return
        key = default.key or NONE_KEY
        index = self.combo.findData(key)
        if index >= 0:
            self.combo.setCurrentIndex(index)

    def selected(self) -> str:
        """ "ID@VERSION" or "none", as `cchc new --catalog` takes it."""
        return str(self.combo.currentData())
