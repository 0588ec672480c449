"""The banner at the top of an overdue draft's window: by how many days it is late."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout

from ..services.clock import today
from ..services.progress import deadline_of

if TYPE_CHECKING:
    from .report_window import ReportWindow


class DeadlineBanner(QLabel):
    """Hidden unless the report is a draft past its deadline (counted from today)."""

    def __init__(self, window: ReportWindow) -> None:
        super().__init__()
        self.setObjectName("deadlineBanner")
        # the session, not the window: a reference back to the window would keep its Python
        # wrapper alive after Qt deleted it (closed windows delete themselves)
        self._session = window.session
        self.setWordWrap(True)
        # one line high: the pages below keep the room
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setStyleSheet(
            "background: #fde2e1; color: #a11a12; border: 1px solid #e8a19c;"
            " border-radius: 3px; padding: 4px 8px; font-weight: bold;"
        )
        layout = window.form.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(0, self)
        window.ctrl.report_reset.connect(self.update_text)
        self.update_text()

    def update_text(self) -> None:
        report = self._session.report
        text = deadline_of(report.period, report.status, today()).banner(report.period.wording)
        self.setText(f"⚠ {text}" if text else "")
        self.setVisible(bool(text))
