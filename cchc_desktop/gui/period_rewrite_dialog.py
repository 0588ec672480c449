"""“Tạo từ kỳ trước”: the review of the period phrases proposed for rewording (all or one by one)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.period_phrases import Rewrite
from ..domain.periods import Period

if TYPE_CHECKING:
    from ..domain.report import Report
    from ..services.reports import ReportService


class PeriodRewriteDialog(QDialog):
    """Every proposal ticked; “Đổi các chỗ đã chọn” makes the ticked ones, “Giữ nguyên văn” none."""

    def __init__(
        self,
        proposals: Sequence[Rewrite],
        source: Period,
        target: Period,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.proposals = list(proposals)
        self.setWindowTitle("Đổi cách gọi kỳ báo cáo")
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Nội dung chép từ báo cáo {source.wording} còn {len(self.proposals)} chỗ gọi tên kỳ."
            f" Đề xuất đổi cho báo cáo {target.wording} (“kỳ tới” là kỳ sau kỳ báo cáo)."
            " Bỏ chọn những chỗ cần giữ nguyên."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.tree = QTreeWidget()
        self.tree.setObjectName("rewriteTree")
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels(["Vị trí", "Hiện tại", "Đổi thành", "Nghĩa", "Trong câu"])
        for r in self.proposals:
            item = QTreeWidgetItem(
                [r.place, r.edit.old, r.edit.new, r.edit.meaning.label, r.context]
            )
            item.setCheckState(0, Qt.CheckState.Checked)
            item.setToolTip(4, r.context)
            self.tree.addTopLevelItem(item)
        for col, width in ((0, 170), (1, 150), (2, 150), (3, 80)):
            self.tree.setColumnWidth(col, width)
        layout.addWidget(self.tree)
        row = QHBoxLayout()
        for text, state in (("Chọn tất cả", True), ("Bỏ chọn tất cả", False)):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, s=state: self.check_all(s))
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton(
            "Đổi các chỗ đã chọn", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.keep_button = buttons.addButton(
            "Giữ nguyên văn", QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _item(self, index: int) -> QTreeWidgetItem:
        item = self.tree.topLevelItem(index)
        assert item is not None
        return item

    def check_all(self, checked: bool) -> None:
        for i in range(self.tree.topLevelItemCount()):
            self.set_checked(i, checked)

    def set_checked(self, index: int, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self._item(index).setCheckState(0, state)

    def checked(self) -> list[Rewrite]:
        return [
            r
            for i, r in enumerate(self.proposals)
            if self._item(i).checkState(0) == Qt.CheckState.Checked
        ]


def review_rewrites(
    proposals: Sequence[Rewrite], source: Period, target: Period, parent: QWidget | None
) -> list[Rewrite]:
    """The proposals the user accepted (none when they chose to keep the wording)."""
    if not proposals:
        return []
    dialog = PeriodRewriteDialog(proposals, source, target, parent)
    try:
        return dialog.checked() if dialog.exec() == QDialog.DialogCode.Accepted else []
    finally:
        dialog.deleteLater()


def add_rewrite_check(dialog: QWidget) -> QCheckBox:
    """The copy dialog's “Đổi cách gọi kỳ…” tick box, under “Chép cả số liệu”; ticked."""
    check = QCheckBox("Đổi cách gọi kỳ trong trích yếu, nội dung, phụ lục (xem trước từng chỗ)")
    check.setObjectName("rewriteCheck")
    check.setChecked(True)
    form = dialog.findChild(QFormLayout, "form")
    if form is not None:
        form.addRow("", check)
    return check


def copy_with_review(
    service: ReportService,
    source_id: int,
    period: Period,
    *,
    with_figures: bool,
    parent: QWidget | None,
) -> Report:
    """Plan the copy, let the user review the rewording, save it with what they accepted."""
    new, proposals = service.plan_copy(
        source_id, period, with_figures=with_figures, rewrite_periods=True
    )
    source = service.repo.load_report(source_id).period
    accepted = review_rewrites(proposals, source, period, parent)
    if not accepted:
        new.subject = period.default_subject()  # the wording kept: the usual trích yếu, as before
    return service.save_copy(new, accepted)
