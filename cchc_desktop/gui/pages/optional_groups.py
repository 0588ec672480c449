"""The "Bật khối …" switches of Phụ lục III: one per optional block of the report's form."""

from __future__ import annotations

import copy

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from ...services import operations
from ..controller import ReportController


class OptionalGroupSwitches(QWidget):
    """A check box per optional block (e.g. the dossier counts, 3.5.x): ticked, its rows are
    shown, checked and exported. One undoable step each; the figures in it are kept when off."""

    def __init__(self, ctrl: ReportController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctrl = ctrl
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for group in ctrl.session.catalog.optional_groups:
            box = QCheckBox(f"Bật khối “{group.title}”", self)
            box.setObjectName(f"optionalGroup_{group.code}")
            box.setToolTip(group.description)
            box.toggled.connect(lambda on, code=group.code: self._switch(code, on))
            layout.addWidget(box)
            self.boxes[group.code] = box
        layout.addStretch(1)
        self.setVisible(bool(self.boxes))
        ctrl.report_reset.connect(self.reload)
        self.reload()

    def _switch(self, code: str, on: bool) -> None:
        if (code in self.ctrl.report.optional_groups) == on:
            return  # reload() putting the box in step with the report
        new = copy.deepcopy(self.ctrl.report)
        operations.set_optional_group(new, code, on)
        title = self.boxes[code].text()
        label = title if on else title.replace("Bật khối", "Tắt khối", 1)
        self.ctrl.replace_report(label, new)  # rows appear or go: every page reloads
        self.reload()

    def reload(self) -> None:
        groups = self.ctrl.report.optional_groups
        for code, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(code in groups)
            box.blockSignals(False)
