"""Qt's own texts in Vietnamese (context menus, dialog buttons), the "Trợ giúp" menu, `--page` checks."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cchc_desktop import __version__
from cchc_desktop.assets import asset_path
from cchc_desktop.gui import export_flow, translation
from cchc_desktop.gui.app import main, setup_application
from cchc_desktop.gui.help_dialogs import AboutDialog, GuideDialog
from cchc_desktop.gui.main_window import ReportListWindow
from cchc_desktop.storage.repository import Repository

# Qt's English words for the texts these widgets show; none may reach the user.
ENGLISH = re.compile(
    r"\b(Undo|Redo|Cut|Copy|Paste|Delete|Select|All|OK|Cancel|Insert|Unicode|control|character|"
    r"Step|up|down|Yes|No|Close|Save|Open|Details)\b"
)


def _visible_texts(menu: QMenu) -> list[str]:
    """Every action text of a menu and its submenus, without the & and the shortcut after a tab."""
    texts: list[str] = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        texts.append(action.text().split("\t", 1)[0].replace("&", ""))
        if action.menu() is not None:
            texts += _visible_texts(action.menu())  # type: ignore[arg-type]
    return texts


def _right_click(qtbot: QtBot, widget: QWidget) -> list[str]:
    """Right-click the widget as a user does and read the context menu that opens, then close it.
    The menu runs its own event loop: the timer only records and closes; assertions come after."""
    seen: list[list[str]] = []

    def read_popup(tries: int = 0) -> None:
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu):
            seen.append(_visible_texts(popup))
            popup.close()
        elif tries < 200:
            QTimer.singleShot(10, lambda: read_popup(tries + 1))

    QTimer.singleShot(0, read_popup)
    pos = QPoint(5, 5)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, widget.mapToGlobal(pos))
    QApplication.sendEvent(widget, event)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    return seen[0]


def test_the_right_click_menu_of_a_text_field_speaks_vietnamese(qtbot: QtBot) -> None:
    setup_application()  # as cchc-desktop starts: loads qt_vi.qm
    edit = QLineEdit("Sở Tài chính")
    qtbot.addWidget(edit)
    edit.show()
    edit.selectAll()
    texts = _right_click(qtbot, edit)
    assert {"Hoàn tác", "Làm lại", "Cắt", "Sao chép", "Dán", "Xóa", "Chọn tất cả"} <= set(texts)
    assert not [t for t in texts if ENGLISH.search(t)], texts


def test_the_right_click_menu_of_a_paragraph_editor_speaks_vietnamese(qtbot: QtBot) -> None:
    setup_application()
    edit = QTextEdit()
    edit.setPlainText("Kết quả thực hiện nhiệm vụ cải cách hành chính")
    qtbot.addWidget(edit)
    edit.show()
    edit.selectAll()
    texts = _right_click(qtbot, edit.viewport())
    assert {"Hoàn tác", "Sao chép", "Dán", "Chọn tất cả"} <= set(texts)
    assert not [t for t in texts if ENGLISH.search(t)], texts


def test_input_dialogs_and_message_boxes_have_vietnamese_buttons(qtbot: QtBot) -> None:
    setup_application()
    dialog = QInputDialog()
    dialog.setLabelText("Tên mục:")
    qtbot.addWidget(dialog)
    dialog.show()
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    texts = [b.text().replace("&", "") for b in buttons.buttons()]
    assert sorted(texts) == ["Hủy", "Đồng ý"]
    box = QMessageBox(QMessageBox.Icon.Question, "Xác nhận", "Xóa?")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == ["Có", "Không"]


def test_every_source_string_has_a_vietnamese_translation() -> None:
    ts = ET.parse(asset_path("resources", "translations", translation.TS_NAME))
    messages = list(ts.getroot().iter("message"))
    assert len(messages) > 100
    for message in messages:
        source = message.findtext("source") or ""
        text = message.findtext("translation") or ""
        assert text.strip() and text != source, source
        # a printf-style argument of Qt's must survive translation
        assert sorted(re.findall(r"%\d", source)) == sorted(re.findall(r"%\d", text)), source


def test_the_translation_is_compiled_from_the_ts_when_none_is_shipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From a source checkout there is no .qm: it is compiled into the cache, once per .ts content."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "cache"))
    first = translation.qm_path()
    assert first.is_file() and first.is_relative_to(tmp_path)
    assert first.read_bytes()[:4] == b"\x3c\xb8\x64\x18"  # the .qm magic number
    assert translation.qm_path() == first


def test_a_changed_ts_is_compiled_anew(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cached .qm is named after the .ts's content: an edited translation is not hidden by the
    one compiled before it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "cache"))
    shipped = translation.asset_path("resources", "translations", translation.TS_NAME)
    ts = tmp_path / translation.TS_NAME

    def asset(*parts: str) -> Path:
        if parts[-1] == translation.TS_NAME:
            return ts
        raise FileNotFoundError(parts[-1])  # a source checkout: no .qm shipped

    monkeypatch.setattr(translation, "asset_path", asset)
    ts.write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    first = translation.qm_path()
    ts.write_text(shipped.read_text(encoding="utf-8").replace("Hủy", "Hủy bỏ", 1), encoding="utf-8")
    second = translation.qm_path()
    assert first.is_file() and second.is_file() and first != second
    assert first.read_bytes() != second.read_bytes()


# --- Trợ giúp ----------------------------------------------------------------------------------------
def _menu_action(window: ReportListWindow, name: str) -> QAction:
    action = window.findChild(QAction, name)
    assert isinstance(action, QAction)
    return action


def test_help_menu_opens_the_guide_with_its_pictures(qtbot: QtBot, repo: Repository) -> None:
    window = ReportListWindow(repo)
    qtbot.addWidget(window)
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert "Trợ giúp" in titles
    _menu_action(window, "action-huong-dan").trigger()
    guide = window.findChild(GuideDialog)
    assert isinstance(guide, GuideDialog) and guide.isVisible()
    text = guide.browser.toPlainText()
    for heading in ("Tạo báo cáo", "Nhập số liệu", "chú thích", "Kiểm tra", "Excel", "Sao lưu"):
        assert heading in text
    html = asset_path("resources", "help", "huong-dan.html").read_text(encoding="utf-8")
    pictures = re.findall(r'<img src="([^"]+)"', html)
    assert len(pictures) >= 4
    for src in pictures:
        assert asset_path("resources", "help", *src.split("/")).stat().st_size > 5_000, src


def test_about_shows_version_and_folders_and_opens_them(
    qtbot: QtBot,
    repo: Repository,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown_messages: list[str],
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(export_flow, "open_path", opened.append)
    window = ReportListWindow(repo)
    qtbot.addWidget(window)
    _menu_action(window, "action-gioi-thieu").trigger()
    about = window.findChild(AboutDialog)
    assert isinstance(about, AboutDialog) and about.isVisible()
    shown = " ".join(label.text() for label in about.findChildren(QLabel))
    assert f"Phiên bản {__version__}" in shown and str(db_path) in shown
    assert str(db_path.parent / "backups") in shown and "cchc-desktop.log" in shown
    buttons = {b.text() for b in about.findChildren(QPushButton)}
    assert {"Mở thư mục dữ liệu", "Mở thư mục sao lưu", "Mở thư mục nhật ký"} <= buttons
    about.open_buttons["data"].click()
    assert opened == [db_path.parent]
    about.open_buttons["backups"].click()  # none made yet: said so, nothing opened
    assert opened == [db_path.parent]
    assert shown_messages and "Chưa có bản sao lưu nào" in shown_messages[-1]
    (db_path.parent / "backups").mkdir()
    about.open_buttons["backups"].click()
    assert opened[-1] == db_path.parent / "backups"


def test_screenshots_of_the_help_dialogs_and_an_unknown_page(tmp_path: Path, db_path: Path) -> None:
    for page in ("gioi-thieu", "huong-dan"):
        shot = tmp_path / f"{page}.png"
        assert main(["--db", str(db_path), "--page", page, "--screenshot", str(shot)]) == 0
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bogus = tmp_path / "bogus.png"
    assert main(["--db", str(db_path), "--page", "bogus", "--screenshot", str(bogus)]) == 2
    assert not bogus.exists()


def test_unknown_page_is_a_vietnamese_error(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "--db",
                str(db_path),
                "--open",
                "1",
                "--page",
                "phu-luc-9",
                "--screenshot",
                str(tmp_path / "x.png"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "không có trang “phu-luc-9”" in err and "phu-luc-3" in err
    assert not (tmp_path / "x.png").exists()
