"""Kiểm tra page: every finding of the report; double-click takes the user to the field."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHeaderView, QLabel, QPushButton, QTableView, QWidget

from ...domain.rules import Finding, Severity
from ..controller import ReportController
from ..forms import child
from ..models.findings_model import FindingsModel
from .base import Page


class FindingsPage(Page):
    ui_name = "findings_page.ui"
    go_to = Signal(object)  # Finding

    def __init__(self, ctrl: ReportController, parent: QWidget | None = None) -> None:
        super().__init__(ctrl, parent)
        self.model = FindingsModel(ctrl)
        self.table = child(self.form, QTableView, "findingsTable")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)  # one line each (the tooltip has it all): cheap to redraw
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        self.summary = child(self.form, QLabel, "summaryLabel")
        child(self.form, QPushButton, "recheckButton").clicked.connect(self.recheck)
        QShortcut(QKeySequence("F5"), self, self.recheck)
        self.model.modelReset.connect(self._update_summary)
        self._update_summary()

    def recheck(self) -> None:
        self.ctrl.recheck()

    def _update_summary(self) -> None:
        c = self.ctrl.session.counts()
        if not any(c.values()):
            self.summary.setText("Không phát hiện vấn đề nào.")
            return
        self.summary.setText(
            f"{c[Severity.ERROR]} lỗi · {c[Severity.WARNING]} cảnh báo · {c[Severity.NOTICE]} lưu ý"
        )

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            finding: Finding = self.model.finding(index.row())
            self.go_to.emit(finding)
