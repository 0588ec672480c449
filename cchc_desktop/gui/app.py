"""The desktop app's entry point `cchc-desktop [--db PATH] [--open ID] [--page NAME] [--screenshot F]`."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from ..arguments import VietnameseArgumentParser
from ..errors import UserError
from . import messages
from .pages.registry import PAGE_KEYS

if TYPE_CHECKING:
    from ..storage.quick import StartupStore
    from .main_window import ReportListWindow
    from .report_window import ReportWindow
    from .single_instance import InstanceServer

# Families with full Vietnamese coverage, best first: Windows, macOS, Linux (and the offscreen tests).
FONT_FAMILIES = [
    "Segoe UI",
    "Arial",
    "Helvetica Neue",
    "Noto Sans",
    "DejaVu Sans",
    "Liberation Sans",
]


def _vietnamese_letters() -> str:
    """Every letter Vietnamese writes: the 12 vowels with each of the 5 tone marks, and đ."""
    vowels = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    lower = "".join(unicodedata.normalize("NFC", v + t) for v in vowels for t in tones) + "đ"
    return lower + lower.upper()


VIETNAMESE_LETTERS = _vietnamese_letters()


def covers_vietnamese(font: QFont) -> bool:
    metrics = QFontMetrics(font)
    return all(metrics.inFontUcs4(ord(c)) for c in VIETNAMESE_LETTERS)


def vietnamese_font_family() -> str | None:
    """The first installed family that draws every Vietnamese letter itself (no fallback font
    mixing shapes inside a word): a preferred one, else any the system says writes Vietnamese."""
    for family in FONT_FAMILIES:
        if QFontDatabase.hasFamily(family) and covers_vietnamese(QFont(family)):
            return family
    for family in QFontDatabase.families(QFontDatabase.WritingSystem.Vietnamese):
        if covers_vietnamese(QFont(family)):
            return family
    return None


PAGES = PAGE_KEYS
NEW_REPORT_PAGE = "bao-cao-moi"
# `--open ID --page lich-su`: the report's "Lịch sử thay đổi…" dialog
HISTORY_PAGE = "lich-su"


def build_parser() -> argparse.ArgumentParser:
    p = VietnameseArgumentParser(
        prog="cchc-desktop", description="Soạn báo cáo cải cách hành chính (CCHC)."
    )
    p.add_argument(
        "--db", type=Path, help="tệp cơ sở dữ liệu (mặc định: thư mục dữ liệu người dùng)"
    )
    p.add_argument("--open", type=int, metavar="ID", help="mở báo cáo có số hiệu ID")
    p.add_argument(
        "--page",
        metavar="TÊN",
        help="trang mở sẵn: " + ", ".join(PAGES) + " (hoặc danh-sach cho cửa sổ danh sách)",
    )
    p.add_argument(
        "--screenshot",
        type=Path,
        metavar="TỆP.png",
        help="vẽ cửa sổ, ghi ảnh PNG của trang rồi thoát",
    )
    p.add_argument(
        "--import-docx",
        type=Path,
        metavar="TỆP.docx",
        help="mở bảng xem lại khi nhập báo cáo từ tệp Word (Nhập từ tệp Word…)",
    )
    p.add_argument("--size", default="1366x860", help="cỡ cửa sổ khi chụp ảnh, ví dụ 1366x860")
    return p


def setup_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication with the app's names, a Vietnamese-capable font and high-DPI settings."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    QCoreApplication.setOrganizationName("CCHC Desktop")
    QCoreApplication.setApplicationName("CCHC Desktop")
    app.setApplicationDisplayName("CCHC Desktop")
    font = QFont(app.font())
    chosen = vietnamese_font_family()
    font.setFamilies([chosen, *FONT_FAMILIES] if chosen else FONT_FAMILIES)
    font.setPointSize(10)
    app.setFont(font)
    from .none_guard import install as keep_none_alive
    from .translation import install_translator

    install_translator(app)
    keep_none_alive(app)  # a binding bug would abort a long session (gui/none_guard.py)
    return app


def _setup_logging() -> None:
    from ..storage.location import log_folder

    try:
        folder = log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        logging.basicConfig(
            filename=str(folder / "cchc-desktop.log"),
            level=logging.INFO,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
            encoding="utf-8",
        )
    except OSError:
        logging.basicConfig(level=logging.WARNING)


def grab_to(widget: QWidget, path: Path) -> None:
    """Lay the widget out and write it as a PNG."""
    app = QApplication.instance()
    for _ in range(3):
        if app is not None:
            app.processEvents()
    pixmap = widget.grab()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not pixmap.save(str(path), "PNG"):
        raise UserError(f"Không ghi được ảnh “{path}”")


def _open_store(window: QWidget | None, db: Path | None, *, offer: bool) -> StartupStore:
    """The database, or, when it is damaged, the offer to restore its newest good backup."""
    from ..storage.health import DamagedDatabaseError
    from ..storage.quick import StartupStore

    try:
        return StartupStore(db)
    except DamagedDatabaseError as exc:
        from .backup_dialogs import offer_restore

        if not offer or not offer_restore(window, exc.path, exc.message):
            raise
    return StartupStore(db)


def _allow_foreground() -> None:
    """Windows lets only the foreground process raise a window: the launch the user just made
    passes that right on to the copy already running."""
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY


def _bring_to_front(window: QWidget, request: dict[str, object]) -> None:
    """A second launch on the same database: show the running window (and the report it asked for)."""
    from .main_window import ReportListWindow

    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
    report_id = request.get("open")
    opened = None
    if isinstance(window, ReportListWindow) and isinstance(report_id, int):
        page = request.get("page")
        opened = window.open_report(report_id, page if isinstance(page, str) else None)
    logging.getLogger("cchc_desktop.gui").info(
        "second launch: window brought to the front; report %s %s",
        report_id,
        "opened" if opened is not None else "not asked for or not found",
    )


def _new_list_window(size: tuple[int, int] | None) -> ReportListWindow:
    from .main_window import ReportListWindow

    window = ReportListWindow()
    if size is not None:
        window.resize(*size)
    return window


def _greet(window: ReportListWindow, store: StartupStore) -> None:
    """What opening the database has to say, in the list window's status bar."""
    for notice in store.notices:  # an upgrade names the backup it took
        window.statusBar().showMessage(notice)
    if store.created:  # the first start: say where the reports will be kept
        window.statusBar().showMessage(f"Đã tạo tệp dữ liệu mới: {store.path}")


def _first_report(store: StartupStore, report_id: int, page: str | None) -> ReportWindow | None:
    """`--open ID`: the report's window, shown before the list window is built (the list adopts
    it after the first paint); None, said to the user, when there is no such report."""
    from .report_window import ReportWindow

    try:
        window = ReportWindow(store, report_id)
    except UserError as exc:
        messages.show_error(None, exc.message)
        return None
    if page:
        window.show_page(page)
    window.show()
    return window


def _list_behind(window: ReportListWindow, report_window: ReportWindow) -> None:
    """The list window, read and shown once the report opened with `--open ID` is painted; the
    report stays in front."""
    window.refresh()
    window.show()
    report_window.raise_()
    report_window.activateWindow()


def main(argv: Sequence[str] | None = None, *, collector_paused: bool = False) -> int:
    """collector_paused: the launcher (cchc_desktop/gui_entry.py) turned the cycle collector off
    for the start; it is turned back on right after the first paint."""
    args = build_parser().parse_args(list(argv) if argv is not None else None)
    _setup_logging()
    from ..storage.locale_cache import keep_babel_symbols

    keep_babel_symbols()  # babel's answer kept in the user cache: no locale load at the first figure
    app = setup_application()
    sys.excepthook = messages.report_exception
    page = (args.page or "").strip().lower()
    size: tuple[int, int] | None = None
    if args.screenshot:
        messages.HEADLESS = True
        try:
            w, h = (int(x) for x in args.size.lower().split("x"))
        except ValueError:
            sys.stderr.write(f"Lỗi: cỡ “{args.size}” không hợp lệ (ví dụ 1366x860)\n")
            return 2
        size = (w, h)
    from .help import DIALOG_PAGES

    report_dialog = page == HISTORY_PAGE  # a dialog of the report window (--open ID)
    if page and page != "danh-sach" and not report_dialog:
        from .pages.registry import page_key

        if page not in (*DIALOG_PAGES, NEW_REPORT_PAGE) and page_key(page) is None:
            names = ", ".join((*PAGES, "danh-sach", *DIALOG_PAGES, NEW_REPORT_PAGE, HISTORY_PAGE))
            sys.stderr.write(f"Lỗi: không có trang “{args.page}” (các trang: {names})\n")
            return 2
    instance: InstanceServer | None = None
    db_file: Path | None = None  # the file later launches on it are sent on to this copy
    if not args.screenshot:
        from ..storage.location import resolve_db_path
        from .single_instance import notify_running

        db_file = resolve_db_path(args.db)
        _allow_foreground()
        if notify_running(db_file, {"open": args.open, "page": page or None}):
            return 0  # the running copy came to the front (and opened the report asked for)

    # The window goes on screen before the database is read, and the report before SQLAlchemy
    # (about 0.4 s) is imported: the first reads go through plain sqlite3 (storage/quick.py) and
    # the ORM, which does every write, loads in the background once the window is painted.
    # `--open ID`: the report asked for is painted first; the list window is built, read and shown
    # behind it after that paint (neither its widgets nor a list of 2,000 reports is part of the
    # wait for the report)
    report_first = (
        args.open is not None
        and args.import_docx is None
        and page not in DIALOG_PAGES
        and page != NEW_REPORT_PAGE
    )
    lists: list[ReportListWindow] = []  # the list window, once built
    if not report_first:
        lists.append(_new_list_window(size))
        if size is None:
            lists[0].show()
            app.processEvents()

    try:
        store = _open_store(lists[0] if lists else None, args.db, offer=not args.screenshot)
    except UserError as exc:
        if args.screenshot:
            sys.stderr.write(exc.message + "\n")
        else:
            messages.show_error(lists[0] if lists else None, exc.message)
        for window in lists:
            window.close()
        return 2

    report_window: ReportWindow | None = None  # `--open ID`

    def list_window() -> ReportListWindow:
        if not lists:
            lists.append(_new_list_window(size))
            lists[0].attach(store, refresh=False)
            _greet(lists[0], store)
            if report_window is not None:
                lists[0].adopt(report_window)
        return lists[0]

    if lists:
        lists[0].attach(store)
        _greet(lists[0], store)
    if args.screenshot:
        store.backup_in_background()  # the day's first open copies the file, off the GUI thread
    target: QWidget | None = lists[0] if lists else None
    if args.import_docx is not None:
        from .docx_import_dialog import import_docx, review_dialog

        window = list_window()
        if args.screenshot:
            review = review_dialog(window, args.import_docx)
            target = review if review is not None else window
        else:
            QTimer.singleShot(0, lambda: import_docx(window, args.import_docx))
    elif page in DIALOG_PAGES:
        from .help import open_dialog

        target = open_dialog(list_window(), page, store)  # at its own size
    elif page == NEW_REPORT_PAGE:  # the "Báo cáo mới…" dialog, as the list window opens it
        from .main_window import NewReportDialog

        target = NewReportDialog(list_window().service, list_window()).dialog
    elif args.open is not None:
        report_window = _first_report(store, args.open, None if report_dialog else page or None)
        if report_window is None:
            store.dispose()
            return 2
        target = report_window
        if size is not None:
            report_window.resize(*size)
        if report_dialog:
            target = report_window.status_panel.show_history()  # "Lịch sử thay đổi…"
    assert target is not None
    if args.screenshot:
        target.show()
        if report_window is not None:
            report_window.check_now()  # the findings on the picture, whenever the paint comes
        try:
            grab_to(target, args.screenshot)
        except UserError as exc:
            sys.stderr.write(exc.message + "\n")
            return 2
        finally:
            if report_window is not None:
                report_window.close()
            for window in lists:
                window.close()
            store.dispose()
        return 0
    app.processEvents()  # paint the report before the ORM import competes for the interpreter
    if report_window is None:  # the list: what its paint laid out anew (scroll bars, columns)
        app.processEvents()
    if collector_paused:
        # what the start made lives as long as the app: frozen out of the collector's reach
        # (never scanned again, a keystroke's collection included), then collection resumes
        gc.freeze()
        gc.enable()
        # SQLAlchemy's modules and the open Repository live as long as the app too: frozen once
        # loaded, so that a full collection (37-49 ms at 2,000 reports with them, measured; 0.1-1
        # ms without) does not land on a keystroke. The report window's freeze once its check is shown
        # (ReportWindow.check_now, ~200 ms after the paint) comes before this load ends.
        store.when_loaded(gc.freeze)
    store.load_in_background()
    # the day's first open copies the file, off the GUI thread; after the paint, which its
    # import and its look at the backups folder would otherwise share the interpreter with
    store.backup_in_background()
    if db_file is not None:
        # listening for later launches starts here, after the paint: QtNetwork is not part of
        # the wait for the window (a launch in the moment before finds no copy and starts one,
        # as one in the moment before the old code listened did)
        from .single_instance import InstanceServer

        instance = InstanceServer(db_file, app)
        instance.requested.connect(lambda request: _bring_to_front(list_window(), request))
    if report_window is not None:
        shown = report_window
        QTimer.singleShot(0, lambda: _list_behind(list_window(), shown))
    code = app.exec()
    if instance is not None:
        instance.close()
    store.dispose()
    return int(code)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
