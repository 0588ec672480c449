"""Phụ lục III's “84/105 chỉ tiêu” count and its “Chưa nhập” filter (only the empty indicators)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton

from ...domain.catalog import Catalog, Indicator
from ...domain.completeness import completeness_of, counted_codes, filled_codes

if TYPE_CHECKING:
    from .indicators import IndicatorPage


class CompletenessBar:
    """A count beside the filter box and a toggle that narrows the tree to the empty rows (with
    their group rows). A row filled while the toggle is on stays until the filter is applied
    again, so that Enter still moves to the next row."""

    def __init__(self, page: IndicatorPage) -> None:
        self.page = page
        self.label = QLabel()
        self.label.setObjectName("completenessLabel")
        self.toggle = QToolButton()
        self.toggle.setObjectName("emptyOnlyButton")
        self.toggle.setText("Chưa nhập")
        self.toggle.setCheckable(True)
        self.toggle.setToolTip("Chỉ hiện các chỉ tiêu chưa nhập số liệu")
        row = page.form.findChild(QHBoxLayout, "toolRow")
        if row is not None:
            at = row.indexOf(page.filter)
            row.insertWidget(max(at, 0), self.toggle)
            row.insertWidget(max(at, 0), self.label)
        self.toggle.toggled.connect(lambda _on: page._filter_changed(page.filter.text()))
        ctrl = page.ctrl
        # the form's counted codes, for the catalog and optional groups they were found for: the
        # same for every figure typed (finding them walked the whole catalog on each Enter)
        self._counted: tuple[Catalog, frozenset[str], tuple[str, ...]] | None = None
        self._shown = ""
        ctrl.values_changed.connect(lambda _codes: self.update())
        ctrl.report_reset.connect(self.update)
        self.update()

    @property
    def only_empty(self) -> bool:
        return self.toggle.isChecked()

    def shows(self, ind: Indicator) -> bool:
        """Whether the “Chưa nhập” filter keeps this row (group rows come with their children)."""
        if not self.only_empty:
            return True
        return ind.has_value and self.page.ctrl.session.value(ind.code).value is None

    def update(self) -> None:
        session = self.page.ctrl.session
        report = session.report
        groups = frozenset(report.optional_groups)
        known = self._counted
        if known is None or known[0] is not session.catalog or known[1] != groups:
            known = self._counted = (
                session.catalog,
                groups,
                counted_codes(session.catalog, groups),
            )
        done = completeness_of(known[2], filled_codes(report.values))
        if done.label == self._shown:
            return
        self._shown = done.label
        self.label.setText(done.label)
        self.label.setToolTip(
            f"Đã nhập {done.filled} trên {done.total} chỉ tiêu của biểu"
            " (không tính các nhóm tùy chọn chưa bật)"
        )
