"""Made by pyside6-uic from ui/indicators_page.ui (gui/compiled_forms): not edited by hand."""

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpacerItem, QToolButton, QVBoxLayout

from cchc_desktop.gui.pages.indicators import IndicatorTreeView

class Ui_IndicatorPage(object):
    def setupUi(self, IndicatorPage):
        if not IndicatorPage.objectName():
            IndicatorPage.setObjectName(u"IndicatorPage")
        self.mainLayout = QVBoxLayout(IndicatorPage)
        self.mainLayout.setObjectName(u"mainLayout")
        self.mainLayout.setContentsMargins(0, 0, 0, 0)
        self.toolRow = QHBoxLayout()
        self.toolRow.setObjectName(u"toolRow")
        self.pageTitle = QLabel(IndicatorPage)
        self.pageTitle.setObjectName(u"pageTitle")
        self.pageTitle.setStyleSheet(u"font-weight: bold;")

        self.toolRow.addWidget(self.pageTitle)

        self.toolSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.toolRow.addItem(self.toolSpacer)

        self.filterEdit = QLineEdit(IndicatorPage)
        self.filterEdit.setObjectName(u"filterEdit")
        self.filterEdit.setClearButtonEnabled(True)
        self.filterEdit.setMinimumSize(QSize(200, 0))

        self.toolRow.addWidget(self.filterEdit)

        self.expandButton = QToolButton(IndicatorPage)
        self.expandButton.setObjectName(u"expandButton")

        self.toolRow.addWidget(self.expandButton)

        self.collapseButton = QToolButton(IndicatorPage)
        self.collapseButton.setObjectName(u"collapseButton")

        self.toolRow.addWidget(self.collapseButton)

        self.excelSeparator = QFrame(IndicatorPage)
        self.excelSeparator.setObjectName(u"excelSeparator")
        self.excelSeparator.setFrameShape(QFrame.Shape.VLine)
        self.excelSeparator.setFrameShadow(QFrame.Shadow.Sunken)

        self.toolRow.addWidget(self.excelSeparator)

        self.exportXlsxButton = QPushButton(IndicatorPage)
        self.exportXlsxButton.setObjectName(u"exportXlsxButton")

        self.toolRow.addWidget(self.exportXlsxButton)

        self.importXlsxButton = QPushButton(IndicatorPage)
        self.importXlsxButton.setObjectName(u"importXlsxButton")

        self.toolRow.addWidget(self.importXlsxButton)


        self.mainLayout.addLayout(self.toolRow)

        self.indicatorTree = IndicatorTreeView(IndicatorPage)
        self.indicatorTree.setObjectName(u"indicatorTree")
        self.indicatorTree.setAlternatingRowColors(True)
        self.indicatorTree.setUniformRowHeights(True)
        self.indicatorTree.setWordWrap(False)
        self.indicatorTree.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.indicatorTree.setSelectionMode(QAbstractItemView.SingleSelection)

        self.mainLayout.addWidget(self.indicatorTree)

        self.hintLabel = QLabel(IndicatorPage)
        self.hintLabel.setObjectName(u"hintLabel")
        self.hintLabel.setStyleSheet(u"color: #555;")
        self.hintLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.hintLabel)


        self.retranslateUi(IndicatorPage)
    # setupUi

    def retranslateUi(self, IndicatorPage):
        self.pageTitle.setText(QCoreApplication.translate("IndicatorPage", u"Ph\u1ee5 l\u1ee5c III - Th\u1ed1ng k\u00ea s\u1ed1 li\u1ec7u", None))
        self.filterEdit.setPlaceholderText(QCoreApplication.translate("IndicatorPage", u"L\u1ecdc theo m\u00e3 ho\u1eb7c t\u00ean ch\u1ec9 ti\u00eau\u2026 (Ctrl+F)", None))
        self.expandButton.setText(QCoreApplication.translate("IndicatorPage", u"M\u1edf h\u1ebft", None))
#if QT_CONFIG(tooltip)
        self.expandButton.setToolTip(QCoreApplication.translate("IndicatorPage", u"M\u1edf t\u1ea5t c\u1ea3 c\u00e1c nh\u00f3m ch\u1ec9 ti\u00eau", None))
#endif // QT_CONFIG(tooltip)
        self.collapseButton.setText(QCoreApplication.translate("IndicatorPage", u"Thu g\u1ecdn", None))
#if QT_CONFIG(tooltip)
        self.collapseButton.setToolTip(QCoreApplication.translate("IndicatorPage", u"Thu g\u1ecdn c\u00e1c nh\u00f3m ch\u1ec9 ti\u00eau (nh\u1ea5p m\u0169i t\u00ean b\u00ean tr\u00e1i m\u00e3 nh\u00f3m \u0111\u1ec3 m\u1edf t\u1eebng nh\u00f3m)", None))
#endif // QT_CONFIG(tooltip)
        self.exportXlsxButton.setText(QCoreApplication.translate("IndicatorPage", u"Xu\u1ea5t Excel\u2026", None))
#if QT_CONFIG(tooltip)
        self.exportXlsxButton.setToolTip(QCoreApplication.translate("IndicatorPage", u"Xu\u1ea5t Ph\u1ee5 l\u1ee5c III (v\u00e0 Ph\u1ee5 l\u1ee5c I) ra t\u1ec7p Excel \u0111\u1ec3 c\u00e1c ph\u00f2ng, \u0111\u01a1n v\u1ecb \u0111i\u1ec1n s\u1ed1 li\u1ec7u", None))
#endif // QT_CONFIG(tooltip)
        self.importXlsxButton.setText(QCoreApplication.translate("IndicatorPage", u"Nh\u1eadp Excel\u2026", None))
#if QT_CONFIG(tooltip)
        self.importXlsxButton.setToolTip(QCoreApplication.translate("IndicatorPage", u"Nh\u1eadp s\u1ed1 li\u1ec7u t\u1eeb t\u1ec7p Excel \u0111\u00e3 \u0111i\u1ec1n; xem tr\u01b0\u1edbc gi\u00e1 tr\u1ecb c\u0169 v\u00e0 m\u1edbi tr\u01b0\u1edbc khi nh\u1eadp", None))
#endif // QT_CONFIG(tooltip)
        self.hintLabel.setText(QCoreApplication.translate("IndicatorPage", u"G\u00f5 s\u1ed1 theo ki\u1ec3u Vi\u1ec7t Nam (1.088; 98,73). Enter: sang ch\u1ec9 ti\u00eau ti\u1ebfp theo \u00b7 Tab: sang ghi ch\u00fa \u00b7 \u00f4 tr\u1ed1ng l\u00e0 \u201cch\u01b0a nh\u1eadp\u201d, kh\u00e1c v\u1edbi 0.", None))
        pass
    # retranslateUi

