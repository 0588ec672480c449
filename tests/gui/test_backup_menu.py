"""Tệp > Sao lưu…, Khôi phục…, Kiểm tra tệp dữ liệu in the report list, and a damaged database
at start: refused untouched, or its newest good backup restored when the user accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton, QTableWidget
from pytestqt.qtbot import QtBot

from cchc_desktop.gui import messages
from cchc_desktop.gui.app import _open_store, main
from cchc_desktop.gui.backup_dialogs import RestoreDialog
from cchc_desktop.gui.main_window import ReportListWindow
from cchc_desktop.services.reports import ReportService
from cchc_desktop.storage.backup import list_backups, make_backup
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.quick import StartupStore
from cchc_desktop.storage.repository import Repository


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, m, *_a, **_k: said.append(m))
    monkeypatch.setattr(messages, "show_info", lambda _p, m, *_a, **_k: said.append(m))
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    return said


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "cchc.sqlite3"
    engine = open_engine(path)
    ReportService(Repository(engine)).create_demo()
    engine.dispose()
    return path


@pytest.fixture
def list_window(qtbot: QtBot, demo_db: Path) -> ReportListWindow:
    store = StartupStore(demo_db)
    win = ReportListWindow(store)
    qtbot.addWidget(win)
    win.show()
    yield win
    store.dispose()


def _action(win: ReportListWindow, text: str):  # type: ignore[no-untyped-def]
    [menu] = [a.menu() for a in win.menuBar().actions() if a.text() == "&Tệp"]
    found = {a.text(): a for a in menu.actions()}
    return found[text], [a.text() for a in menu.actions() if a.text()]


def test_the_file_menu_has_backup_restore_and_check(list_window: ReportListWindow) -> None:
    _found, names = _action(list_window, "&Sao lưu…")
    assert names[-4:] == ["&Sao lưu…", "&Khôi phục…", "&Kiểm tra tệp dữ liệu", "&Thoát"]


def test_backup_from_the_menu(
    list_window: ReportListWindow, demo_db: Path, shown: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = demo_db.parent / "usb" / "ban-sao.sqlite3"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    action, _ = _action(list_window, "&Sao lưu…")
    action.trigger()
    assert target.is_file()
    assert shown == [f"Đã sao lưu dữ liệu vào “{target}”."]
    copy = Repository(open_engine(target, create=False))
    assert len(copy.list_reports()) == 1
    copy.engine.dispose()


def test_restore_dialog_lists_date_size_and_count_then_restores(
    qtbot: QtBot, list_window: ReportListWindow, demo_db: Path, shown: list[str]
) -> None:
    made = make_backup(demo_db, "thu-cong")
    [rid] = [r.id for r in list_window.repo.list_reports()]
    list_window.repo.delete_report(rid)
    list_window.refresh()
    assert list_window.model.rowCount() == 0

    dialog = RestoreDialog(list_backups(demo_db), list_window)
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableWidget, "backupTable")
    assert table is not None and table.rowCount() == 1
    cells = [table.item(0, c).text() for c in range(table.columnCount())]
    assert cells[1] == "sao lưu thủ công" and cells[2].endswith(" KB") and cells[3] == "1"
    assert cells[4] == made.name and cells[0].count("/") == 2

    clicked: list[bool] = []

    def click_restore() -> None:
        active = QApplication.activeModalWidget()
        button = active.findChild(QPushButton, "restoreButton") if active else None
        if button is None:
            if len(clicked) < 200:
                clicked.append(False)
                QTimer.singleShot(20, click_restore)
            return
        clicked.append(True)
        button.click()

    QTimer.singleShot(20, click_restore)
    action, _ = _action(list_window, "&Khôi phục…")
    action.trigger()
    qtbot.waitUntil(lambda: list_window.model.rowCount() == 1, timeout=5000)
    assert clicked and clicked[-1]
    assert shown and shown[-1].startswith(f"Đã khôi phục dữ liệu từ “{made}”.")
    assert "Dữ liệu trước khi khôi phục được sao lưu" in shown[-1]
    # the window keeps working on the restored file
    list_window.repo.load_report(list_window.model.summary(0).id)


def test_check_from_the_menu(list_window: ReportListWindow, shown: list[str]) -> None:
    action, _ = _action(list_window, "&Kiểm tra tệp dữ liệu")
    action.trigger()
    assert len(shown) == 1 and "nguyên vẹn (1 báo cáo)" in shown[0]


def _damage(path: Path) -> bytes:
    data = bytearray(path.read_bytes())
    for page in range(2, len(data) // 4096):
        data[page * 4096] = 0x55
    path.write_bytes(bytes(data))
    return bytes(data)


def test_a_damaged_database_at_start_is_refused_untouched(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = _damage(demo_db)
    code = main(["--db", str(demo_db), "--screenshot", str(tmp_path / "x.png")])
    assert code == 2
    assert "bị hỏng" in capsys.readouterr().err
    assert demo_db.read_bytes() == damaged


def test_a_damaged_database_at_start_offers_the_newest_good_backup(
    qtbot: QtBot, demo_db: Path, shown: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_backup(demo_db, "hang-ngay")
    damaged = _damage(demo_db)
    asked: list[str] = []
    monkeypatch.setattr(messages, "choose", lambda _p, m, *_a, **_k: asked.append(m) or 0)
    win = ReportListWindow()
    qtbot.addWidget(win)
    store = _open_store(win, demo_db, offer=True)
    try:
        assert "bị hỏng" in asked[0] and "Khôi phục bản sao lưu tốt gần nhất" in asked[0]
        assert len(store.list_reports()) == 1
        [aside] = demo_db.parent.glob("cchc.hong-*.sqlite3")
        assert aside.read_bytes() == damaged
        assert "Tệp hỏng được giữ nguyên" in shown[-1]
    finally:
        store.dispose()


def test_the_first_start_creates_the_database_and_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cchc_desktop.gui import app

    path = tmp_path / "moi" / "cchc.sqlite3"
    status: list[str] = []
    monkeypatch.setattr(app, "grab_to", lambda w, _p: status.append(w.statusBar().currentMessage()))
    assert main(["--db", str(path), "--screenshot", str(tmp_path / "x.png")]) == 0
    assert path.is_file()
    assert status == [f"Đã tạo tệp dữ liệu mới: {path}"]
