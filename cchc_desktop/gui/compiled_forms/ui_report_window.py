"""Made by pyside6-uic from ui/report_window.ui (gui/compiled_forms): not edited by hand."""

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QPushButton, QSplitter, QStackedWidget, QToolButton, QVBoxLayout

from cchc_desktop.gui.widgets import ElidedLabel

class Ui_ReportWindow(object):
    def setupUi(self, ReportWindow):
        if not ReportWindow.objectName():
            ReportWindow.setObjectName(u"ReportWindow")
        ReportWindow.resize(1200, 800)
        self.mainLayout = QVBoxLayout(ReportWindow)
        self.mainLayout.setObjectName(u"mainLayout")
        self.mainLayout.setContentsMargins(6, 6, 6, 6)
        self.headerRow = QHBoxLayout()
        self.headerRow.setObjectName(u"headerRow")
        self.titleLabel = ElidedLabel(ReportWindow)
        self.titleLabel.setObjectName(u"titleLabel")
        self.titleLabel.setStyleSheet(u"font-size: 12pt; font-weight: bold;")

        self.headerRow.addWidget(self.titleLabel)

        self.undoButton = QToolButton(ReportWindow)
        self.undoButton.setObjectName(u"undoButton")
        self.undoButton.setToolButtonStyle(Qt.ToolButtonTextOnly)

        self.headerRow.addWidget(self.undoButton)

        self.redoButton = QToolButton(ReportWindow)
        self.redoButton.setObjectName(u"redoButton")
        self.redoButton.setToolButtonStyle(Qt.ToolButtonTextOnly)

        self.headerRow.addWidget(self.redoButton)

        self.exportDraftButton = QPushButton(ReportWindow)
        self.exportDraftButton.setObjectName(u"exportDraftButton")

        self.headerRow.addWidget(self.exportDraftButton)

        self.exportFinalButton = QPushButton(ReportWindow)
        self.exportFinalButton.setObjectName(u"exportFinalButton")

        self.headerRow.addWidget(self.exportFinalButton)


        self.mainLayout.addLayout(self.headerRow)

        self.splitter = QSplitter(ReportWindow)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.pageList = QListWidget(self.splitter)
        self.pageList.setObjectName(u"pageList")
        self.pageList.setMinimumSize(QSize(150, 0))
        self.pageList.setMaximumSize(QSize(240, 16777215))
        self.pageList.setStyleSheet(u"QListWidget { font-size: 10.5pt; } QListWidget::item { padding: 7px 4px; }")
        self.splitter.addWidget(self.pageList)
        self.pageStack = QStackedWidget(self.splitter)
        self.pageStack.setObjectName(u"pageStack")
        self.splitter.addWidget(self.pageStack)

        self.mainLayout.addWidget(self.splitter)


        self.retranslateUi(ReportWindow)
    # setupUi

    def retranslateUi(self, ReportWindow):
        self.undoButton.setText(QCoreApplication.translate("ReportWindow", u"\u21b6 Ho\u00e0n t\u00e1c", None))
        self.redoButton.setText(QCoreApplication.translate("ReportWindow", u"\u21b7 L\u00e0m l\u1ea1i", None))
        self.exportDraftButton.setText(QCoreApplication.translate("ReportWindow", u"Xu\u1ea5t Word (d\u1ef1 th\u1ea3o)", None))
#if QT_CONFIG(tooltip)
        self.exportDraftButton.setToolTip(QCoreApplication.translate("ReportWindow", u"Xu\u1ea5t b\u00e1o c\u00e1o ra t\u1ec7p Word, c\u00f3 d\u1ea5u D\u1ef0 TH\u1ea2O (Ctrl+E)", None))
#endif // QT_CONFIG(tooltip)
        self.exportFinalButton.setText(QCoreApplication.translate("ReportWindow", u"Xu\u1ea5t Word (ch\u00ednh th\u1ee9c)", None))
#if QT_CONFIG(tooltip)
        self.exportFinalButton.setToolTip(QCoreApplication.translate("ReportWindow", u"Xu\u1ea5t b\u1ea3n ch\u00ednh th\u1ee9c; kh\u00f4ng xu\u1ea5t \u0111\u01b0\u1ee3c khi c\u00f2n l\u1ed7i (Ctrl+Shift+E)", None))
#endif // QT_CONFIG(tooltip)
        pass
    # retranslateUi

