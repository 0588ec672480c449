"""The page registry: one list of pages for the window, `--page` and the findings' targets."""

from __future__ import annotations

from pathlib import Path

from cchc_desktop.domain.rules import Finding, Severity
from cchc_desktop.gui.app import build_parser
from cchc_desktop.gui.pages.base import Page
from cchc_desktop.gui.pages.registry import PAGE_KEYS, PAGES, finding_target, page_key
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.storage.repository import Repository


def _finding(rule: str, codes: tuple[str, ...] = ()) -> Finding:
    return Finding(Severity.ERROR, rule, codes, "x", {})


def test_the_window_lists_the_registry_pages_and_builds_each(window: ReportWindow) -> None:
    shown = [window.page_list.item(i) for i in range(window.page_list.count())]
    assert [item.text().split(" (")[0] for item in shown] == [p.title for p in PAGES]
    for spec in PAGES:
        page = window.show_page(spec.key)
        assert isinstance(page, Page) and type(page).__name__ == spec.class_name
        assert window.current_key() == spec.key
        for alias in spec.aliases:
            assert page_key(alias) == spec.key
        assert page_key(spec.title) == spec.key  # "Phụ lục III" as the user reads it
    (go_menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "T&rang"]
    shortcuts = {a.text(): a.shortcut().toString() for a in go_menu.actions()}
    assert shortcuts == {p.title: f"Ctrl+{i}" for i, p in enumerate(PAGES, start=1)}


def test_the_page_option_names_the_registry_keys() -> None:
    help_text = build_parser().format_help()
    assert all(key in help_text for key in PAGE_KEYS)


def test_findings_go_to_their_page_and_field() -> None:
    assert finding_target(_finding("1.1.2<=1.1.1", ("1.1.2", "1.1.1"))).page == "phu-luc-3"
    assert finding_target(_finding("1.1.2<=1.1.1", ("1.1.2",))).field == "1.1.2"
    signer = finding_target(_finding("report.signer-name"))
    assert (signer.page, signer.field) == ("thong-tin-chung", "signer_name")
    assert finding_target(_finding("report.footnote-unused")).page == "noi-dung"
    assert finding_target(_finding("report.something-new")).page == "thong-tin-chung"


def test_a_final_export_with_errors_is_refused_with_the_cli_message(
    window: ReportWindow, repo: Repository, tmp_path: Path, shown_messages: list[str]
) -> None:
    assert window.ctrl.edit_value("1.1.2", "99") is None  # more done than planned: an error
    target = tmp_path / "chinh-thuc.docx"
    window.export_word(draft=False, path=target)
    assert shown_messages, "the refusal is said"
    message = shown_messages[-1]
    assert message.startswith("Báo cáo còn 1 lỗi nên chỉ xuất được bản dự thảo")
    assert "(1.1.2) ghi 99" in message  # the error itself is listed, as the CLI prints it
    assert not target.exists()
