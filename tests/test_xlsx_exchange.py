"""The Excel exchange workbook: its structure, round trips, matching rules, Vietnamese numbers, all-or-nothing."""

from __future__ import annotations

import copy
import datetime as dt
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from _xlsx_support import sheet_part, small_catalog, small_report
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_desktop.assets import asset_path
from cchc_desktop.domain.catalog import Catalog, IndicatorKind
from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import IndicatorValue, Report
from cchc_desktop.domain.serialize import report_to_dict
from cchc_desktop.errors import InvalidValueError, UserError
from cchc_desktop.export.xlsx.layout import SHEET_I, SHEET_II, SHEET_III, SHEET_META
from cchc_desktop.export.xlsx.writer import write_workbook
from cchc_desktop.services.exchange_xlsx import ImportPlan, apply_plan, read_plan


@pytest.fixture
def catalog() -> Catalog:
    return small_catalog()


@pytest.fixture
def report(catalog: Catalog) -> Report:
    return small_report(catalog)


@pytest.fixture
def exported(tmp_path: Path, report: Report, catalog: Catalog) -> Path:
    path = tmp_path / "phu-luc.xlsx"
    write_workbook(report, catalog, path)
    return path


def row_of(ws: Any, code: str) -> int:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, 1).value == code:
            return int(row)
    raise AssertionError(code)


def edit(src: Path, dst: Path, changes: dict[str, Any], sheet: str = SHEET_III) -> Path:
    """Edit cells with openpyxl as a sub-unit's Excel would: {"1.1.1": 40} or {"B7": "x"}."""
    wb = openpyxl.load_workbook(src)
    ws = wb[sheet]
    for key, value in changes.items():
        if key[0].isalpha():
            ws[key] = value
        else:
            ws.cell(row_of(ws, key), 4).value = value
    wb.save(dst)
    return dst


def plan_for(path: Path, report: Report, catalog: Catalog) -> ImportPlan:
    before = report_to_dict(report)
    plan = read_plan(path, report, catalog)
    assert report_to_dict(report) == before  # reading never touches the report
    return plan


# --- export structure -------------------------------------------------------------------------
def test_sheets_meta_and_workbook_protection(exported: Path, report: Report) -> None:
    wb = openpyxl.load_workbook(exported)
    assert wb.sheetnames == [SHEET_III, SHEET_I, SHEET_II, SHEET_META]
    meta = wb[SHEET_META]
    assert meta.sheet_state == "hidden"
    values = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(1, meta.max_row + 1)}
    assert values["catalog_id"] == "xlsx-test"
    assert values["catalog_version"] == "2024.1"
    assert values["unit"] == "Sở Tài chính"
    assert values["period"] == "H1" and values["year"] == "2024"
    assert values["report_id"] == "7"
    assert wb.security is not None and wb.security.lockStructure
    for name in (SHEET_III, SHEET_I, SHEET_II, SHEET_META):
        assert wb[name].protection.sheet is True
        assert not wb[name].protection.password  # protection without a password


def test_phu_luc_iii_layout_and_print_setup(exported: Path, catalog: Catalog) -> None:
    ws = openpyxl.load_workbook(exported)[SHEET_III]
    assert [ws.cell(4, c).value for c in range(1, 6)] == [
        "Mã",
        "Chỉ tiêu thống kê",
        "Đơn vị tính",
        "Số liệu",
        "Ghi chú",
    ]
    assert "PHỤ LỤC III" in ws["A1"].value
    assert ws["A2"].value == "Sở Tài chính - 6 tháng đầu năm 2024"
    assert ws.freeze_panes == "A5"
    assert ws.print_title_rows == "$4:$4"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"
    assert ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.column_dimensions["B"].width >= 50
    # rows in the catalog's order (optional group "hs" is off in this report)
    codes = [ws.cell(r, 1).value for r in range(5, ws.max_row + 1)]
    assert codes == [i.code for i in catalog.enabled(set())]
    assert "3.5.1" not in codes


def test_locked_and_unlocked_cells(exported: Path, catalog: Catalog) -> None:
    ws = openpyxl.load_workbook(exported)[SHEET_III]
    for row in range(5, ws.max_row + 1):
        ind = catalog.get(ws.cell(row, 1).value)
        for col in (1, 2, 3):
            assert ws.cell(row, col).protection.locked, (ind.code, col)
        assert ws.cell(row, 4).protection.locked is (not ind.has_value), ind.code
        assert ws.cell(row, 5).protection.locked is False  # notes, group rows included
    for name in (SHEET_I,):
        ws1 = openpyxl.load_workbook(exported)[name]
        for row in range(5, ws1.max_row + 1):
            assert ws1.cell(row, 2).protection.locked
            assert not ws1.cell(row, 4).protection.locked
            assert not ws1.cell(row, 5).protection.locked
    ws2 = openpyxl.load_workbook(exported)[SHEET_II]
    assert all(c.protection.locked for row in ws2.iter_rows() for c in row)


def _validation_of(ws: Any, coordinate: str) -> Any:
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, coordinate
    return found[0]


def test_data_validation_per_kind(exported: Path, catalog: Catalog) -> None:
    ws = openpyxl.load_workbook(exported)[SHEET_III]
    seen = set()
    for row in range(5, ws.max_row + 1):
        ind = catalog.get(ws.cell(row, 1).value)
        coordinate = f"D{row}"
        if not ind.has_value:
            assert not [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
            continue
        dv = _validation_of(ws, coordinate)
        assert dv.showErrorMessage and dv.errorStyle == "stop" and dv.allow_blank
        assert dv.error and dv.prompt  # Vietnamese guidance on typing and on error
        seen.add(ind.kind)
        if ind.kind is IndicatorKind.COUNT:
            assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
        elif ind.kind is IndicatorKind.PERCENT:
            assert (dv.type, dv.operator, dv.formula1, dv.formula2) == (
                "decimal",
                "between",
                "0",
                "100",
            )
        elif ind.kind is IndicatorKind.DECIMAL:
            assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")
        elif ind.kind is IndicatorKind.CHOICE:
            assert dv.type == "list"
            assert dv.formula1 == '"' + ",".join(str(c.code) for c in ind.choices) + '"'
            assert "Không" in dv.prompt or "Trực tuyến" in dv.prompt
        elif ind.kind is IndicatorKind.TEXT:
            assert dv.type == "textLength"
    assert seen == {
        IndicatorKind.COUNT,
        IndicatorKind.PERCENT,
        IndicatorKind.DECIMAL,
        IndicatorKind.CHOICE,
        IndicatorKind.TEXT,
    }
    ws1 = openpyxl.load_workbook(exported)[SHEET_I]
    dv = _validation_of(ws1, "D5")
    assert (dv.type, dv.formula1) == ("whole", "0")


def test_values_filled(exported: Path, report: Report) -> None:
    wb = openpyxl.load_workbook(exported)
    ws = wb[SHEET_III]
    cell = {
        code: ws.cell(row_of(ws, code), 4) for code in ("1.1.1", "3.4.1", "3.6", "7.1.1", "1.4.2")
    }
    assert cell["1.1.1"].value == 38
    assert cell["3.4.1"].value == pytest.approx(98.73)
    assert "%" not in cell["3.4.1"].number_format  # plain 0-100, never a fraction
    assert cell["3.6"].value == pytest.approx(6.981)
    assert cell["7.1.1"].value == "Đảm bảo"
    assert cell["1.4.2"].value is None  # not reported stays empty, not 0
    assert ws.cell(row_of(ws, "1.1.1"), 5).value == "38 nhiệm vụ trọng tâm"
    assert ws.cell(row_of(ws, "1.2"), 5).value == "Chưa kiểm tra vì thực hiện theo Kế hoạch"
    assert ws.cell(row_of(ws, "7.2.1"), 2).comment is not None  # the catalog's defect note
    ws1 = wb[SHEET_I]
    assert [ws1.cell(r, 4).value for r in range(5, 10)] == [16, 0, 1, 80, 1]
    assert ws1["A5"].value == "01"  # the printed number stays text
    ws2 = wb[SHEET_II]
    assert "6,981/10" in ws2["B5"].value and "- Tiêu chí 1.1" in ws2["B5"].value
    assert ws2.page_setup.orientation == "landscape"


def test_text_starting_with_formula_characters_is_stored_as_text(exported: Path) -> None:
    with zipfile.ZipFile(exported) as zf:
        xml = zf.read(sheet_part(exported, SHEET_III)).decode()
        xml_i = zf.read(sheet_part(exported, SHEET_I)).decode()
    assert "<f>" not in xml and "<f " not in xml and "<f>" not in xml_i
    ws = openpyxl.load_workbook(exported)[SHEET_III]
    note = ws.cell(row_of(ws, "7.2.1"), 5)
    assert note.value.startswith("=SUM(") and note.data_type == "s"
    assert note.quotePrefix  # Excel keeps it text even after the cell is edited
    zalo = openpyxl.load_workbook(exported)[SHEET_I]["E9"]
    assert zalo.value == "+ Zalo" and zalo.data_type == "s" and zalo.quotePrefix


def test_write_is_atomic_and_replaces(tmp_path: Path, report: Report, catalog: Catalog) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old")
    write_workbook(report, catalog, path)
    assert zipfile.is_zipfile(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]  # no temp file left


def test_write_into_missing_folder_is_a_file_problem(
    tmp_path: Path, report: Report, catalog: Catalog
) -> None:
    with pytest.raises(UserError, match=r"thư mục .* không tồn tại"):
        write_workbook(report, catalog, tmp_path / "missing" / "out.xlsx")


# --- round trips ------------------------------------------------------------------------------
def test_untouched_file_changes_nothing(exported: Path, report: Report, catalog: Catalog) -> None:
    plan = plan_for(exported, report, catalog)
    assert plan.ok and plan.changes == []
    assert report_to_dict(apply_plan(report, plan)) == report_to_dict(report)


def test_resaved_by_openpyxl_changes_nothing(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    plan = plan_for(edit(exported, tmp_path / "resaved.xlsx", {}), report, catalog)
    assert plan.ok and plan.changes == []


def test_edited_values_change_exactly(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    path = edit(
        exported,
        tmp_path / "edited.xlsx",
        {"1.1.1": 40, "3.4.1": 99.5, "1.4.2": 2, "3.6": None, "7.1.1": "Chưa đảm bảo"},
    )
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_III]
    ws.cell(row_of(ws, "1.1.2"), 5).value = "Còn 21 nhiệm vụ"
    wb[SHEET_I]["D8"] = 95
    wb.save(path)
    original = copy.deepcopy(report)
    plan = plan_for(path, report, catalog)
    assert plan.ok, plan.errors
    got = {(c.appendix, c.key): (c.new_value, c.new_note) for c in plan.changes}
    assert got == {
        ("III", "1.1.1"): (Decimal(40), "38 nhiệm vụ trọng tâm"),
        ("III", "1.1.2"): (Decimal(19), "Còn 21 nhiệm vụ"),
        ("III", "1.4.2"): (Decimal(2), ""),
        ("III", "3.4.1"): (Decimal("99.5"), ""),
        ("III", "3.6"): (None, ""),
        ("III", "7.1.1"): ("Chưa đảm bảo", ""),
        ("I", ""): (Decimal(95), ""),
    }
    lines = [c.describe() for c in plan.changes]
    assert "1.1.1  Số nhiệm vụ đề ra trong kế hoạch: 38 -> 40" in lines
    assert "3.4.1  Tỷ lệ hồ sơ TTHC được giải quyết đúng hẹn: 98,73% -> 99,5%" in lines
    assert "3.6  Điểm chỉ số CCHC: 6,981 -> (trống)" in lines
    assert any(line.startswith("PL I -  Số người tham dự") for line in lines)
    cell = next(c.cell for c in plan.changes if c.key == "1.1.1")
    assert cell == f"{SHEET_III}!D{row_of(ws, '1.1.1')}"

    new = apply_plan(report, plan)
    assert report_to_dict(report) == report_to_dict(original)  # apply_plan is pure
    assert new.values["1.1.1"] == IndicatorValue(Decimal(40), "38 nhiệm vụ trọng tâm")
    assert new.values["3.4.1"].value == Decimal("99.5")
    assert "3.6" not in new.values  # emptied: not reported, not 0
    assert new.propaganda[3].quantity == Decimal(95)
    untouched = {
        k: v
        for k, v in report.values.items()
        if k not in {"1.1.1", "1.1.2", "3.4.1", "3.6", "7.1.1"}
    }
    assert {k: new.values[k] for k in untouched} == untouched
    # importing the same file into the updated report: nothing left to change
    new.id = report.id
    assert plan_for(path, new, catalog).changes == []


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    counts=st.lists(st.integers(min_value=0, max_value=10**11), min_size=5, max_size=5),
    percent=st.decimals(min_value=0, max_value=100, places=2),
    score=st.decimals(min_value=0, max_value=1000, places=3),
)
def test_round_trip_keeps_any_valid_figures(
    tmp_path: Path, catalog: Catalog, counts: list[int], percent: Decimal, score: Decimal
) -> None:
    report = small_report(catalog)
    for code, n in zip(("1.1.1", "1.1.2", "3.1.3", "3.1.3.1", "7.2.1"), counts, strict=True):
        report.values[code] = IndicatorValue(Decimal(n))
    report.values["3.4.1"] = IndicatorValue(percent)
    report.values["3.6"] = IndicatorValue(score)
    path = tmp_path / "rt.xlsx"
    write_workbook(report, catalog, path)
    plan = read_plan(path, report, catalog)
    assert plan.ok and plan.changes == []


# --- Vietnamese numbers and percentages -------------------------------------------------------
def test_vietnamese_text_numbers(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    path = edit(
        exported,
        tmp_path / "vn.xlsx",
        {
            "1.1.1": "1.088",
            "3.4.1": "98,5%",
            "3.3.3": "99.25",
            "1.5": "Có",
            "3.6": " 7,5 ",
            "3.1.3": "06",
        },
    )
    plan = plan_for(path, report, catalog)
    assert plan.ok, plan.errors
    got = {c.key: c.new_value for c in plan.changes}
    assert got == {
        "1.1.1": Decimal(1088),
        "3.4.1": Decimal("98.5"),
        "3.3.3": Decimal("99.25"),
        "1.5": Decimal(1),
        "3.6": Decimal("7.5"),
    }  # "06" is 6: no change


def test_percent_formatted_cell_is_scaled(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    wb = openpyxl.load_workbook(exported)
    ws = wb[SHEET_III]
    for code, value in (("3.4.1", 0.9873), ("3.3.3", 0.5)):
        cell = ws.cell(row_of(ws, code), 4)
        cell.value = value
        cell.number_format = "0.00%"
    plain = ws.cell(row_of(ws, "7.1.6.1"), 4)
    plain.value = 0.5  # no % format: it means 0,5%
    wb.save(tmp_path / "pct.xlsx")
    plan = plan_for(tmp_path / "pct.xlsx", report, catalog)
    assert plan.ok, plan.errors
    got = {c.key: c.new_value for c in plan.changes}
    assert got == {"3.3.3": Decimal(50), "7.1.6.1": Decimal("0.5")}  # 0.9873 -> 98.73: unchanged


# --- matching rows ----------------------------------------------------------------------------
def test_falls_back_to_the_label(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    wb = openpyxl.load_workbook(exported)
    ws = wb[SHEET_III]
    row = row_of(ws, "1.1.2")
    ws.cell(row, 1).value = None
    nfd = unicodedata.normalize("NFD", "  Số nhiệm vụ   ĐÃ hoàn thành ")
    ws.cell(row, 2).value = nfd
    ws.cell(row, 4).value = 20
    row = row_of(ws, "3.1.3.1")
    ws.cell(row, 1).value = "9.9.9"  # an unknown code: the label decides
    ws.cell(row, 4).value = 4
    wb.save(tmp_path / "label.xlsx")
    plan = plan_for(tmp_path / "label.xlsx", report, catalog)
    assert plan.ok, plan.errors
    assert {c.key: c.new_value for c in plan.changes} == {
        "1.1.2": Decimal(20),
        "3.1.3.1": Decimal(4),
    }
    assert any("nhận theo tên chỉ tiêu là 1.1.2" in n for n in plan.notices)
    assert any("không có mã “9.9.9”" in n for n in plan.notices)


def test_ambiguous_label_and_unknown_row_are_errors(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    wb = openpyxl.load_workbook(exported)
    ws = wb[SHEET_III]
    amb = row_of(ws, "7.1.7.1")
    ws.cell(amb, 1).value = None  # "Tỷ lệ sở, ngành đã kết nối" is the label of two rows
    unknown = ws.max_row + 1
    ws.cell(unknown, 1).value = "8.1"
    ws.cell(unknown, 2).value = "Chỉ tiêu lạ"
    ws.cell(unknown, 4).value = 3
    ws.cell(row_of(ws, "1.1.1"), 4).value = 40
    wb.save(tmp_path / "bad.xlsx")
    plan = plan_for(tmp_path / "bad.xlsx", report, catalog)
    messages = [str(e) for e in plan.errors]
    assert any(
        m.startswith(f"{SHEET_III}!A{amb}: tên chỉ tiêu") and "7.1.6.1, 7.1.7.1" in m
        for m in messages
    )
    assert any(
        m.startswith(f"{SHEET_III}!A{unknown}: dòng không xác định") and "“8.1”" in m
        for m in messages
    )
    assert plan.changes == []  # the valid 1.1.1 change is not offered either


def test_duplicate_row_is_an_error(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    wb = openpyxl.load_workbook(exported)
    ws = wb[SHEET_III]
    extra = ws.max_row + 1
    ws.cell(extra, 1).value = "1.1.1"
    ws.cell(extra, 4).value = 41
    wb.save(tmp_path / "dup.xlsx")
    plan = plan_for(tmp_path / "dup.xlsx", report, catalog)
    assert [str(e) for e in plan.errors] == [
        f"{SHEET_III}!A{extra}: chỉ tiêu 1.1.1 có hai dòng (dòng {row_of(ws, '1.1.1')} và dòng {extra})."
    ]


def test_optional_group_switched_off_is_an_error(
    tmp_path: Path, report: Report, catalog: Catalog
) -> None:
    with_group = copy.deepcopy(report)
    with_group.optional_groups = {"hs"}
    path = tmp_path / "hs.xlsx"
    write_workbook(with_group, catalog, path)
    edit(path, path, {"3.5.1": 120})
    assert [c.key for c in plan_for(path, with_group, catalog).changes] == ["3.5.1"]
    plan = plan_for(path, report, catalog)
    assert any("nhóm tùy chọn “Hồ sơ TTHC” chưa bật" in str(e) for e in plan.errors)


def test_phu_luc_i_rows_by_position_then_label(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    wb = openpyxl.load_workbook(exported)
    ws = wb[SHEET_I]
    # swap two rows: the labels follow their quantities
    for col in range(1, 6):
        a, b = ws.cell(5, col), ws.cell(6, col)
        a.value, b.value = b.value, a.value
    ws["D5"] = 3  # now "Tổ chức cuộc thi ..."
    ws["B11"] = "Dòng tự thêm"
    ws["D11"] = 5
    wb.save(tmp_path / "pl1.xlsx")
    plan = plan_for(tmp_path / "pl1.xlsx", report, catalog)
    assert [str(e) for e in plan.errors] == [
        f"{SHEET_I}!B11: dòng không xác định: Phụ lục I của báo cáo không có dòng “Dòng tự thêm”."
    ]
    ws.delete_rows(11)
    wb.save(tmp_path / "pl1.xlsx")
    plan = plan_for(tmp_path / "pl1.xlsx", report, catalog)
    assert plan.ok
    assert [(c.key, c.index, c.new_value) for c in plan.changes] == [("02", 1, Decimal(3))]


# --- problems are located and block everything ------------------------------------------------
@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("1.1.1", -3, "Chỉ tiêu 1.1.1: “-3” là số âm"),
        ("1.1.1", "2,5", "Chỉ tiêu 1.1.1: “2,5” không phải số nguyên"),
        ("1.1.1", "nhiều", "Chỉ tiêu 1.1.1: “nhiều” không phải là số hợp lệ"),
        ("1.1.1", "38%", "có dấu %, nhưng chỉ tiêu này không phải là tỷ lệ"),
        ("3.4.1", 120, "Chỉ tiêu 3.4.1: “120” nằm ngoài khoảng 0-100"),
        ("3.4.1", "101,5%", "“101,5%” nằm ngoài khoảng 0-100"),
        ("1.5", 5, "Chỉ tiêu 1.5: “5” không phải là mã lựa chọn (Không = 0; Có = 1)"),
        ("1.5", "Có thể", "không phải là mã lựa chọn"),
        ("3.6", -1, "là số âm"),
        ("1.1.1", 10**13, "quá lớn"),
        ("1.1.1", True, "giá trị Đúng/Sai"),
        ("1.1.1", dt.datetime(2024, 6, 14), "ngày/giờ"),
        ("1.1.1", "#DIV/0!", "báo lỗi “#DIV/0!”"),
        ("1.1.1", "=SUM(D6:D7)", "ô chứa công thức “=SUM(D6:D7)”"),
        ("1.2", 3, "dòng 1.2 là dòng tiêu đề nhóm"),
    ],
)
def test_bad_value_is_located_and_blocks_all(  # noqa: PLR0917
    tmp_path: Path,
    exported: Path,
    report: Report,
    catalog: Catalog,
    code: str,
    value: Any,
    message: str,
) -> None:
    other = "3.1.3" if code != "3.1.3" else "1.1.2"
    path = edit(exported, tmp_path / "bad.xlsx", {code: value, other: 60})
    plan = plan_for(path, report, catalog)
    ws = openpyxl.load_workbook(path)[SHEET_III]
    assert len(plan.errors) == 1, plan.errors
    error = plan.errors[0]
    assert error.cell == f"{SHEET_III}!D{row_of(ws, code)}"
    assert message in error.message
    assert str(error).startswith(f"{SHEET_III}!D")
    assert plan.changes == []  # all or nothing
    with pytest.raises(InvalidValueError, match="chưa nhập số liệu nào"):
        apply_plan(report, plan)


def test_all_errors_are_reported_together(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    path = edit(exported, tmp_path / "bad.xlsx", {"1.1.1": -1, "3.4.1": 150, "1.5": 3})
    wb = openpyxl.load_workbook(path)
    wb[SHEET_I]["D5"] = "mười"
    wb[SHEET_I]["E6"] = "=A1"
    wb.save(path)
    plan = plan_for(path, report, catalog)
    cells = [e.cell for e in plan.errors]
    ws = wb[SHEET_III]
    assert cells == [
        f"{SHEET_III}!D{row_of(ws, '1.1.1')}",
        f"{SHEET_III}!D{row_of(ws, '1.5')}",
        f"{SHEET_III}!D{row_of(ws, '3.4.1')}",
        f"{SHEET_I}!D5",
        f"{SHEET_I}!E6",
    ]
    text = plan.error_message()
    assert text.startswith("Tệp “bad.xlsx” có 5 lỗi nên chưa nhập số liệu nào:")


def test_other_catalog_version_unit_or_period_is_refused(
    tmp_path: Path, exported: Path, report: Report
) -> None:
    newer = small_catalog("2025.1")
    moved = copy.deepcopy(report)
    moved.catalog_version = "2025.1"
    plan = plan_for(exported, moved, newer)
    assert [e.cell for e in plan.errors] == [f"{SHEET_META}!B4"]
    assert "phiên bản 2024.1, báo cáo dùng phiên bản 2025.1" in plan.errors[0].message

    catalog = small_catalog()
    other_period = copy.deepcopy(report)
    other_period.period = Period(2024, PeriodKind.M9)
    plan = plan_for(exported, other_period, catalog)
    assert [str(e) for e in plan.errors] == [
        f"{SHEET_META}!B7: tệp là của kỳ báo cáo “6 tháng đầu năm 2024”, không phải “9 tháng năm 2024”."
    ]
    other_unit = copy.deepcopy(report)
    other_unit.unit.name = "Sở Xây dựng"
    plan = plan_for(exported, other_unit, catalog)
    assert "tệp là của đơn vị “Sở Tài chính”, không phải “Sở Xây dựng”" in str(plan.errors[0])


def test_file_without_meta_sheet_is_refused(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    wb = openpyxl.load_workbook(exported)
    wb.security = None
    del wb[SHEET_META]
    wb.save(tmp_path / "nometa.xlsx")
    plan = plan_for(tmp_path / "nometa.xlsx", report, catalog)
    assert plan.errors[0].cell == SHEET_META
    assert "không phải tệp do CCHC Desktop xuất ra" in plan.errors[0].message


def test_stale_or_foreign_plan_is_refused(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    plan = plan_for(edit(exported, tmp_path / "e.xlsx", {"1.1.1": 40}), report, catalog)
    changed = copy.deepcopy(report)
    changed.values["1.1.1"] = IndicatorValue(Decimal(39), "38 nhiệm vụ trọng tâm")
    with pytest.raises(UserError, match="đã thay đổi kể từ khi đọc tệp"):
        apply_plan(changed, plan)
    other = copy.deepcopy(report)
    other.id = 8
    with pytest.raises(UserError, match="lập cho báo cáo 7"):
        apply_plan(other, plan)


# --- the real catalog and the reference report ------------------------------------------------
def _reference() -> tuple[Report, Catalog] | None:
    try:
        asset_path("resources", "demo", "bao-cao-stc-ha-tinh-6-thang-2024.json")
        asset_path("resources", "catalogs")
    except FileNotFoundError:
        return None
    from cchc_desktop.domain.serialize import report_from_dict
    from cchc_desktop.services.catalogs import demo_report_data, get_catalog

    report = report_from_dict(demo_report_data())
    report.id = 1
    return report, get_catalog(report.catalog_id, report.catalog_version)


needs_reference = pytest.mark.skipif(
    _reference() is None, reason="the reference catalog and demo report are not written yet"
)


@needs_reference
def test_reference_report_round_trip(tmp_path: Path) -> None:
    ref = _reference()
    assert ref is not None
    report, catalog = ref
    path = tmp_path / "ref.xlsx"
    write_workbook(report, catalog, path)
    plan = read_plan(path, report, catalog)
    assert plan.ok, plan.errors
    assert plan.changes == []
    ws = openpyxl.load_workbook(path)[SHEET_III]
    assert ws.cell(row_of(ws, "1.1.1"), 4).value == 38
    assert ws.cell(row_of(ws, "1.1.1"), 5).value == "38 nhiệm vụ trọng tâm"
    assert ws.cell(row_of(ws, "4.2.1"), 4).value == 63
    edit(path, path, {"1.1.1": 40, "4.2.2": "60"})
    plan = read_plan(path, report, catalog)
    assert plan.ok, plan.errors
    assert (
        plan.changes[0].describe().startswith("1.1.1  Số nhiệm vụ đề ra trong kế hoạch: 38 -> 40")
    )
    assert {c.key: c.new_value for c in plan.changes} == {
        "1.1.1": Decimal(40),
        "4.2.2": Decimal(60),
    }


# --- the GUI preview ------------------------------------------------------------------------
def test_preview_dialog_lists_changes_or_errors(
    qtbot: Any, tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    from cchc_desktop.gui.xlsx_dialogs import ImportPreviewDialog

    plan = plan_for(edit(exported, tmp_path / "ok.xlsx", {"1.1.1": 40}), report, catalog)
    dialog = ImportPreviewDialog(plan)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in (0, 2, 3)] == ["1.1.1", "38", "40"]
    assert dialog.apply_button is not None

    plan = plan_for(edit(exported, tmp_path / "bad.xlsx", {"1.1.1": -1}), report, catalog)
    dialog = ImportPreviewDialog(plan)
    qtbot.addWidget(dialog)
    assert dialog.apply_button is None  # nothing can be applied from a file with errors
    assert dialog.errors.count() == 1
    assert dialog.errors.item(0).text().startswith(f"{SHEET_III}!D")


def test_workbook_locked_by_excel_keeps_old_file(
    tmp_path: Path, report: Report, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr("cchc_desktop.atomic.os.replace", locked)
    with pytest.raises(UserError, match="đang được mở trong Excel"):
        write_workbook(report, catalog, path)
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]
