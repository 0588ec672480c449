"""The named edits of services/operations.py and the outline helpers of domain/outline.py, on plain reports."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc_desktop.domain.changes import diff
from cchc_desktop.domain.outline import (
    CLOSING,
    INTRO,
    clean_paragraphs,
    first_part_with_footnotes,
    footnote_numbers,
    paragraphs_of,
    part_key,
    path_of,
    section_at,
)
from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import (
    Footnote,
    Narrative,
    Paragraph,
    ParagraphStyle,
    Report,
    Run,
    Section,
    Unit,
    default_symbol,
)
from cchc_desktop.services import operations as op
from cchc_desktop.services.reports import build_new_report


def _report() -> Report:
    cited = Paragraph([Run("Theo Kế hoạch"), Run("", footnote_id="a"), Run(".")])
    return Report(
        unit=Unit("Sở Tài chính", "UBND TỈNH HÀ TĨNH", "STC", "Hà Tĩnh"),
        period=Period(2024, PeriodKind.H1),
        catalog_id="c",
        catalog_version="1",
        symbol="BC-STC",
        place="Hà Tĩnh",
        narrative=Narrative(
            intro=[Paragraph.of("Mở đầu")],
            sections=[
                Section("Kết quả", children=[Section("Chỉ đạo", [cited]), Section("Thể chế")]),
                Section("Phương hướng"),
            ],
            closing=[Paragraph.of("Kết thúc")],
        ),
        footnotes=[Footnote("Kế hoạch số 191/KH-STC.", id="a"), Footnote("Chưa dùng", id="b")],
    )


# --- Thông tin chung --------------------------------------------------------------------------
def test_the_symbol_follows_the_abbreviation_unless_typed_by_hand() -> None:
    r = _report()
    op.set_abbreviation(r, "  sxd ")
    assert (r.unit.abbreviation, r.symbol) == ("SXD", "BC-SXD")
    op.set_abbreviation(r, "")
    assert (r.unit.abbreviation, r.symbol) == ("", "BC")
    op.set_abbreviation(r, "stc")
    assert r.symbol == "BC-STC"
    op.set_symbol(r, "BC-VP ")
    op.set_abbreviation(r, "SNV")
    assert (r.unit.abbreviation, r.symbol) == ("SNV", "BC-VP")


def test_a_new_report_takes_the_same_symbol_rule() -> None:
    unit = Unit("Sở Xây dựng", abbreviation="SXD")
    assert build_new_report(unit, Period(2024, PeriodKind.Q1)).symbol == default_symbol("SXD")
    assert build_new_report(Unit("Sở X"), Period(2024, PeriodKind.Q1)).symbol == "BC"


def test_the_unit_place_follows_a_non_blank_place() -> None:
    r = _report()
    op.set_place(r, " Kỳ Anh ")
    assert (r.place, r.unit.place) == ("Kỳ Anh", "Kỳ Anh")
    op.set_place(r, "")
    assert (r.place, r.unit.place) == ("", "Kỳ Anh")


def test_text_fields_are_cleaned_at_entry() -> None:
    r = _report()
    decomposed = "Cai cach hanh chi\u0301nh"  # "í" typed as i + combining acute
    op.set_subject(r, f"  {decomposed}\n")
    assert r.subject == "Cai cach hanh chính"
    op.set_signer_title(r, " Phó Giám đốc ")
    op.set_signer_name(r, "Nguyễn  Văn A")
    op.set_signer_authority(r, "KT. GIÁM ĐỐC ")
    op.set_recipient_to(r, " Sở Nội vụ ")
    op.set_parent_authority(r, " UBND TỈNH ")
    op.set_number(r, " 12 ")
    assert (r.signer.title, r.signer.authority, r.recipient_to) == (
        "Phó Giám đốc",
        "KT. GIÁM ĐỐC",
        "Sở Nội vụ",
    )
    assert r.signer.name.startswith("Nguyễn") and r.unit.parent_authority == "UBND TỈNH"
    assert r.number == "12"
    op.set_date(r, dt.date(2024, 6, 15))
    assert r.date == dt.date(2024, 6, 15)
    op.suggest_subject(r)
    assert r.subject == "Cải cách hành chính 6 tháng đầu năm 2024"


def test_recipients_keep_the_archive_line_last() -> None:
    r = _report()
    op.set_recipients(r, ["- Lưu: VT, VP.", " Sở Nội vụ (b/c);", "", "– UBND tỉnh;"])
    assert r.recipients == ["Sở Nội vụ (b/c);", "UBND tỉnh;", "Lưu: VT, VP."]


def test_an_operation_is_a_patch_of_what_it_changed() -> None:
    r = _report()
    before = _report()
    op.set_place(r, "Kỳ Anh")
    patch = diff(before, r)
    assert not patch.is_empty()
    fresh = _report()
    patch.apply_to(fresh)
    assert (fresh.place, fresh.unit.place) == ("Kỳ Anh", "Kỳ Anh")


# --- Nội dung: outline ---------------------------------------------------------------------------
def test_add_rename_move_sections() -> None:
    r = _report()
    assert op.add_section(r, None, "  ", child=False) == (2,)
    assert section_at(r, (2,)).title == op.NEW_SECTION_TITLE
    assert op.add_section(r, (0, 0), "Cải cách TTHC", child=False) == (0, 1)
    assert [s.title for s in section_at(r, (0,)).children] == [
        "Chỉ đạo",
        "Cải cách TTHC",
        "Thể chế",
    ]
    assert op.add_section(r, (0, 0), "Con", child=True) == (0, 0, 0)
    op.rename_section(r, (0, 0, 0), " Tiểu mục ")
    assert section_at(r, (0, 0, 0)).title == "Tiểu mục"
    assert op.move_section(r, (1,), -1) == (0,)
    assert [s.title for s in r.narrative.sections][:2] == ["Phương hướng", "Kết quả"]
    assert op.move_section(r, (0,), -1) == (0,)  # already first: stays
    assert op.move_section(r, (2,), 1) == (2,)  # already last: stays


def test_deleting_a_section_drops_the_footnotes_only_it_cited() -> None:
    r = _report()
    r.narrative.closing.append(Paragraph([Run("", footnote_id="b")]))
    op.delete_section(r, (0,))
    assert [s.title for s in r.narrative.sections] == ["Phương hướng"]
    assert [f.id for f in r.footnotes] == ["b"]  # "a" went with its section; "b" is cited elsewhere


def test_footnotes_add_edit_delete() -> None:
    r = _report()
    note = Footnote(" Quyết định số 1.\n", id="c", document_id=7)
    r.narrative.intro[0].runs.append(Run("", footnote_id="c"))
    op.add_footnote(r, note)
    added = r.footnote("c")
    assert added is not None and added.text == "Quyết định số 1." and added.document_id == 7
    assert footnote_numbers(r) == {"c": 1, "a": 2}  # numbered in the order of the text
    op.edit_footnote(r, "a", " Kế hoạch số 2. ")
    edited = r.footnote("a")
    assert edited is not None and edited.text == "Kế hoạch số 2."
    op.edit_footnote(r, "nothing", "x")  # a footnote another writer removed: nothing to do
    op.delete_footnote(r, "a")
    assert r.footnote("a") is None
    assert all(run.footnote_id != "a" for p in r.narrative.paragraphs() for run in p.runs)


def test_parts_by_key() -> None:
    r = _report()
    assert part_key(None) == INTRO and part_key((0, 1)) == "s:0.1"
    assert path_of("s:0.1") == (0, 1) and path_of(CLOSING) is None
    assert paragraphs_of(r, INTRO) is r.narrative.intro
    assert paragraphs_of(r, CLOSING) is r.narrative.closing
    assert paragraphs_of(r, "s:0.0") is section_at(r, (0, 0)).paragraphs
    with pytest.raises(IndexError):
        paragraphs_of(r, "s:5")
    assert first_part_with_footnotes(r) == "s:0.0"
    assert first_part_with_footnotes(Report(r.unit, r.period, "c", "1")) == INTRO
    op.set_paragraphs(r, CLOSING, [Paragraph.of("Nơi khác")])
    assert r.narrative.closing[0].text == "Nơi khác"


def test_clean_paragraphs_merges_runs_and_keeps_marks() -> None:
    typed = [
        Paragraph(
            [Run("Sở "), Run("đã"), Run(""), Run("", footnote_id="a"), Run("x\ny", bold=True)],
            ParagraphStyle.DASH,
        )
    ]
    (p,) = clean_paragraphs(typed)
    assert [(r.text, r.bold, r.footnote_id) for r in p.runs] == [
        ("Sở đã", False, None),
        ("", False, "a"),
        ("x y", True, None),
    ]
    assert p.style is ParagraphStyle.DASH


def test_recipients_add_remove_move_around_the_archive_line() -> None:
    r = _report()
    op.set_recipients(r, ["Sở Nội vụ;", "Lưu: VT, VP."])
    assert op.add_recipient(r, "- UBND tỉnh;") == 1
    assert r.recipients == ["Sở Nội vụ;", "UBND tỉnh;", "Lưu: VT, VP."]
    assert op.recipient_move_target(r.recipients, 1, 1) is None  # not below the archive line
    assert op.recipient_move_target(r.recipients, 2, -1) is None  # the archive line stays last
    assert op.recipient_move_target(r.recipients, 0, -1) is None  # already first
    op.move_recipient(r, 1, -1)
    assert r.recipients == ["UBND tỉnh;", "Sở Nội vụ;", "Lưu: VT, VP."]
    op.move_recipient(r, 1, 1)  # refused: nothing changes
    assert r.recipients == ["UBND tỉnh;", "Sở Nội vụ;", "Lưu: VT, VP."]
    op.remove_recipient(r, 0)
    op.remove_recipient(r, 9)  # a row that is not there: nothing to do
    assert r.recipients == ["Sở Nội vụ;", "Lưu: VT, VP."]
    empty = _report()
    assert op.add_recipient(empty, "Sở Nội vụ;") == 0 and empty.recipients == ["Sở Nội vụ;"]
