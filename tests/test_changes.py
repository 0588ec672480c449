"""domain.changes: the patch of an edit holds exactly what changed, and applied to another copy of
the report (another writer's) changes only that."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest

from cchc_desktop.domain.changes import ReportPatch, diff
from cchc_desktop.domain.report import (
    Footnote,
    IndicatorValue,
    Paragraph,
    PropagandaRow,
    RemediationItem,
    Report,
    ReportStatus,
    Run,
    Section,
    Signer,
)
from cchc_desktop.domain.serialize import report_from_dict
from cchc_desktop.services.catalogs import demo_report_data


@pytest.fixture
def report() -> Report:
    return report_from_dict(demo_report_data())


def edited(report: Report, change: object) -> tuple[Report, ReportPatch]:
    new = copy.deepcopy(report)
    change(new)  # type: ignore[operator]
    return new, diff(report, new)


def test_no_change_is_an_empty_patch(report: Report) -> None:
    assert diff(report, copy.deepcopy(report)).is_empty()
    assert ReportPatch().is_empty()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("number", "123"),
        ("symbol", "BC-UBND"),
        ("place", "Vinh"),
        ("date", dt.date(2024, 6, 20)),
        ("subject", "Trích yếu khác"),
        ("recipient_to", "Sở Nội vụ"),
        ("signer", Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A")),
        ("status", ReportStatus.FINAL),
    ],
)
def test_one_header_field_is_the_whole_patch(report: Report, name: str, value: object) -> None:
    _new, patch = edited(report, lambda r: setattr(r, name, value))
    assert patch.header == {name: value}
    assert patch.narrative is None and not patch.values and patch.recipients is None
    assert patch.propaganda is None and patch.remediation is None and not patch.unit


def test_a_header_patch_leaves_another_writers_fields(report: Report) -> None:
    _new, patch = edited(report, lambda r: setattr(r, "subject", "Mới"))
    theirs = copy.deepcopy(report)
    theirs.values["2.1"] = IndicatorValue(Decimal(777))
    theirs.number = "55"
    patch.apply_to(theirs)
    assert (theirs.subject, theirs.number, theirs.value("2.1")) == ("Mới", "55", Decimal(777))


def test_unit_fields(report: Report) -> None:
    _new, patch = edited(report, lambda r: setattr(r.unit, "abbreviation", "STC2"))
    assert patch.unit == {"abbreviation": "STC2"}
    other = copy.deepcopy(report)
    patch.apply_to(other)
    assert other.unit.abbreviation == "STC2" and other.unit.name == report.unit.name


def test_figures_one_by_one_and_cleared(report: Report) -> None:
    def change(r: Report) -> None:
        r.values["1.1.1"] = IndicatorValue(Decimal(40))
        r.values.pop("1.1.2")
        r.values["2.1"] = IndicatorValue(r.value("2.1"), "ghi chú")

    _new, patch = edited(report, change)
    assert set(patch.values) == {"1.1.1", "1.1.2", "2.1"}
    assert not patch.values["1.1.2"].is_reported
    other = copy.deepcopy(report)
    other.values["3.1.1"] = IndicatorValue(Decimal(9))
    patch.apply_to(other)
    assert other.value("1.1.1") == Decimal(40) and "1.1.2" not in other.values
    assert other.values["2.1"].note == "ghi chú" and other.value("3.1.1") == Decimal(9)


def test_a_figure_changing_type_is_a_change(report: Report) -> None:
    report.values["9.9"] = IndicatorValue(Decimal(1))
    _new, patch = edited(report, lambda r: r.values.__setitem__("9.9", IndicatorValue("1")))
    assert patch.values == {"9.9": IndicatorValue("1")}


def test_a_table_row_edited_in_place_is_that_row_only(report: Report) -> None:
    def change(r: Report) -> None:
        r.propaganda[2].note = "sửa"

    _new, patch = edited(report, change)
    assert patch.propaganda is not None
    assert patch.propaganda.length == len(report.propaganda) and list(patch.propaganda.rows) == [2]
    other = copy.deepcopy(report)
    other.propaganda[0].note = "của người khác"
    patch.apply_to(other)
    assert (other.propaganda[0].note, other.propaganda[2].note) == ("của người khác", "sửa")


def test_rows_added_and_removed(report: Report) -> None:
    _new, added = edited(report, lambda r: r.remediation.append(RemediationItem("9", "Mới")))
    assert added.remediation is not None
    assert added.remediation.length == len(report.remediation) + 1
    other = copy.deepcopy(report)
    added.apply_to(other)
    assert other.remediation[-1].criterion == "Mới"
    _new, removed = edited(report, lambda r: r.propaganda.pop(0))
    assert removed.propaganda is not None
    other = copy.deepcopy(report)
    removed.apply_to(other)
    assert other.propaganda == report.propaganda[1:]
    _new, appended = edited(report, lambda r: r.propaganda.append(PropagandaRow("", "x")))
    assert appended.propaganda is not None and appended.propaganda.rows[len(report.propaganda)]


def test_recipients_and_groups(report: Report) -> None:
    def change(r: Report) -> None:
        r.recipients.insert(0, "UBND tỉnh;")
        r.optional_groups.add("hs")

    _new, patch = edited(report, change)
    assert patch.recipients is not None and patch.recipients[0] == "UBND tỉnh;"
    assert patch.optional_groups == {"hs"}


def _section(report: Report, index: int) -> Section:
    return report.narrative.sections[index]


def test_text_in_two_sections_by_two_writers_both_stay(report: Report) -> None:
    def mine(r: Report) -> None:
        _section(r, 0).paragraphs.append(Paragraph.of("Của tôi."))

    def theirs(r: Report) -> None:
        _section(r, 1).paragraphs.append(Paragraph.of("Của người khác."))

    _new, patch = edited(report, mine)
    assert patch.narrative is not None and patch.narrative.parts is not None
    title = _section(report, 0).title
    assert list(patch.narrative.parts) == [("section", 0, title)]
    other = copy.deepcopy(report)
    theirs(other)
    patch.apply_to(other)
    assert _section(other, 0).paragraphs[-1].text == "Của tôi."
    assert _section(other, 1).paragraphs[-1].text == "Của người khác."


def test_an_outline_edit_carries_the_whole_narrative(report: Report) -> None:
    _new, patch = edited(report, lambda r: r.narrative.sections.append(Section("Mục mới")))
    assert patch.narrative is not None and patch.narrative.parts is None
    other = copy.deepcopy(report)
    patch.apply_to(other)
    assert other.narrative.sections[-1].title == "Mục mới"


def test_parts_are_found_by_their_headings_after_another_writer_moved_sections(
    report: Report,
) -> None:
    def mine(r: Report) -> None:
        r.narrative.intro.append(Paragraph.of("Mở đầu."))
        _section(r, 1).paragraphs.append(Paragraph.of("Trong mục II."))

    _new, patch = edited(report, mine)
    other = copy.deepcopy(report)
    other.narrative.sections.insert(0, Section("Chen vào trước"))
    patch.apply_to(other)
    assert other.narrative.sections[0].title == "Chen vào trước"  # their outline stays
    assert other.narrative.intro[-1].text == "Mở đầu."
    assert other.narrative.sections[2].paragraphs[-1].text == "Trong mục II."


def test_an_outline_edit_keeps_text_another_writer_typed_meanwhile(report: Report) -> None:
    """One window adds a section while another types in section I: both stay."""
    _new, patch = edited(report, lambda r: r.narrative.sections.append(Section("Mục mới")))
    other = copy.deepcopy(report)
    _section(other, 0).paragraphs.append(Paragraph.of("Gõ ở cửa sổ kia."))
    patch.apply_to(other)
    assert other.narrative.sections[-1].title == "Mục mới"
    assert _section(other, 0).paragraphs[-1].text == "Gõ ở cửa sổ kia."


def test_an_outline_edit_over_the_same_part_keeps_the_writers_own_text(report: Report) -> None:
    def mine(r: Report) -> None:
        _section(r, 0).paragraphs[:] = [Paragraph.of("Của tôi.")]
        r.narrative.sections.append(Section("Mục mới"))

    _new, patch = edited(report, mine)
    other = copy.deepcopy(report)
    _section(other, 0).paragraphs[:] = [Paragraph.of("Của người khác.")]
    patch.apply_to(other)
    assert [p.text for p in _section(other, 0).paragraphs] == ["Của tôi."]


def test_two_sections_with_one_title_are_two_parts(report: Report) -> None:
    report.narrative.sections += [Section("Trùng"), Section("Trùng")]

    def mine(r: Report) -> None:
        r.narrative.sections[-1].paragraphs.append(Paragraph.of("thứ hai"))

    _new, patch = edited(report, mine)
    other = copy.deepcopy(report)
    patch.apply_to(other)
    assert other.narrative.sections[-2].paragraphs == []
    assert other.narrative.sections[-1].paragraphs[-1].text == "thứ hai"


def test_footnotes_added_edited_removed(report: Report) -> None:
    first = report.footnotes[0]

    def change(r: Report) -> None:
        r.footnotes[0].text = "Sửa chú thích."
        r.footnotes.pop(1)
        r.footnotes.append(Footnote("Chú thích mới.", id="moi"))
        r.narrative.intro.append(Paragraph([Run("x"), Run("", footnote_id="moi")]))

    _new, patch = edited(report, change)
    assert patch.narrative is not None
    assert set(patch.narrative.footnotes) == {first.id, report.footnotes[1].id, "moi"}
    assert patch.narrative.footnotes[report.footnotes[1].id] is None
    other = copy.deepcopy(report)
    patch.apply_to(other)
    ids = [f.id for f in other.footnotes]
    assert ids[0] == first.id and report.footnotes[1].id not in ids and ids[-1] == "moi"
    assert other.footnotes[0].text == "Sửa chú thích."


def test_a_patch_is_reusable_after_applying(report: Report) -> None:
    new, patch = edited(report, lambda r: r.propaganda[0].__setattr__("note", "a"))
    one, two = copy.deepcopy(report), copy.deepcopy(report)
    patch.apply_to(one)
    one.propaganda[0].note = "changed afterwards"
    patch.apply_to(two)
    assert two.propaganda[0].note == "a" == new.propaganda[0].note


def test_a_whole_report_is_never_written_over_a_newer_one(tmp_path: object) -> None:
    """Repository.save_report of a report read before another writer's change is refused."""
    from pathlib import Path

    from cchc_desktop.errors import ConflictError
    from cchc_desktop.services.reports import ReportService
    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    assert isinstance(tmp_path, Path)
    engine = open_engine(tmp_path / "t.sqlite3", create=True)
    try:
        repo = Repository(engine)
        created, _ = ReportService(repo).create_demo()
        assert created.id is not None
        stale = repo.load_report(created.id)
        repo.set_values(created.id, {"2.1": IndicatorValue(Decimal(777))})
        stale.subject = "Ghi đè"
        with pytest.raises(ConflictError):
            repo.save_report(stale)
        stored = repo.load_report(created.id)
        assert stored.value("2.1") == Decimal(777) and stored.subject != "Ghi đè"
        stored.subject = "Đọc mới rồi ghi"
        repo.save_report(stored)  # read at the current revision: allowed
        assert repo.load_report(created.id).subject == "Đọc mới rồi ghi"
    finally:
        engine.dispose()


def test_an_outline_edit_over_another_writers_outline_edit_is_refused(report: Report) -> None:
    """Writing the whole narrative would drop the other writer's new section: refused, for the
    caller to reload and do the edit again."""
    from cchc_desktop.domain.changes import OutlineConflict

    _new, patch = edited(report, lambda r: r.narrative.sections.append(Section("Của tôi")))
    other = copy.deepcopy(report)
    other.narrative.sections.append(Section("Của người khác"))
    with pytest.raises(OutlineConflict):
        patch.apply_to(other)
