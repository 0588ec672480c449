"""The Phụ lục III catalog (resources/catalogs) against the printed form of the reference report
(Sở Tài chính Hà Tĩnh, 6 tháng đầu năm 2024)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from cchc_desktop.domain.catalog import Catalog, Indicator, IndicatorKind, Measure
from cchc_desktop.services.catalogs import get_catalog

# the reference report (a department's 6-month 2024 CCHC report), transcribed, committed with the tests
SEED = (
    Path(__file__).parent / "fixtures" / "seeds" / "004-bao-cao-cchc-stc-ha-tinh-6-thang-2024.txt"
)

# rows per top-level group: the printed form, and the optional dossier block (3.5, "hs") on top
PRINTED_PER_GROUP = {"1": 17, "2": 6, "3": 19, "4": 17, "5": 18, "6": 6, "7": 50}
OPTIONAL_HS = 12


def seed_rows() -> list[tuple[str, str, str, str, str]]:
    """(printed code, label, unit, figure, note) of every row of the seed's Phụ lục III."""
    lines = unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8")).split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("**PHỤ LỤC III**"))
    rows: list[list[str]] = []
    for line in lines[start:]:
        if "\t" not in line:
            continue
        cells = [re.sub(r"</?[bi]>", "", c).strip() for c in line.split("\t")]
        code, label, unit, figure, note = (cells + [""] * 5)[:5]
        if code == "STT" or (not code and not label and unit == "Đơn vị tính"):
            continue  # the header, repeated on every page
        if not code and not label and not unit:  # a cell continued after a page break
            rows[-1][3] = f"{rows[-1][3]} {figure}".strip()
            rows[-1][4] = f"{rows[-1][4]} {note}".strip()
            continue
        rows.append([code, label, unit, figure, note])
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return get_catalog("phu-luc-iii-ha-tinh", "2024.1")


def printed(catalog: Catalog) -> list[Indicator]:
    return [i for i in catalog if i.optional_group is None]


def test_header(catalog: Catalog) -> None:
    assert catalog.title == "THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH"
    assert catalog.source
    assert [g.code for g in catalog.optional_groups] == ["hs"]


def test_every_seed_row_in_order_with_verbatim_label_unit_and_printed_code(
    catalog: Catalog,
) -> None:
    rows = seed_rows()
    inds = printed(catalog)
    assert len(rows) == len(inds) == 133
    for (code, label, unit, _, _), ind in zip(rows, inds, strict=True):
        assert ind.label == label, ind.code
        assert ind.unit == unit, ind.code
        assert ind.printed_code == code, ind.code


def test_counts_per_group(catalog: Catalog) -> None:
    assert Counter(i.group for i in printed(catalog)) == PRINTED_PER_GROUP
    hs = [i for i in catalog if i.optional_group is not None]
    assert len(hs) == OPTIONAL_HS
    assert len(catalog) == sum(PRINTED_PER_GROUP.values()) + OPTIONAL_HS == 145


def test_structure(catalog: Catalog) -> None:
    codes = [i.code for i in catalog]
    assert len(codes) == len(set(codes))
    seen: set[str] = set()
    for ind in catalog:
        if ind.parent is None:
            assert ind.kind is IndicatorKind.GROUP and ind.code in PRINTED_PER_GROUP
        else:
            assert ind.parent in seen, ind.code
            assert ind.code.startswith(ind.parent + "."), ind.code
        seen.add(ind.code)
    assert [i.code for i in catalog if i.parent is None] == list(PRINTED_PER_GROUP)


def test_clean_codes_the_rules_refer_to(catalog: Catalog) -> None:
    for code in [
        "1.2.1", "1.2.3", "1.3.1", "3.1.3.3", "3.5.3.2", "4.1.2.2", "4.2.2", "6.5",
        "7.1.6.2.2", "7.1.7.3", "7.1.8.4", "7.1.9.3", "7.2.2.2", "7.2.3.5", "7.2.7.1",
    ]:  # fmt: skip
        assert code in catalog, code
    assert catalog.get("1.2").kind is IndicatorKind.COUNT and catalog.get("1.2").unit == "Cuộc"
    assert [i.printed_code for i in catalog.children("1.2")] == ["1.1.1.", "1.1.2.", "1.1.3."]
    assert catalog.get("7.2").label == "Áp dụng ISO trong hoạt động của đơn vị"
    assert catalog.get("7.2").printed_code == "7.1.9.2"
    assert catalog.get("7.2.2").printed_code == "7.2"
    assert catalog.get("7.1.7").printed_code == "Trong đó"


def test_kinds_and_measures(catalog: Catalog) -> None:
    k = {i.code: i.kind for i in catalog}
    assert k["1.4"] is IndicatorKind.COUNT and catalog.get("1.4").unit == ""
    assert k["7.1.1"] is IndicatorKind.TEXT
    assert k["7.1.4"] is IndicatorKind.PERCENT
    assert k["7.1.5"] is IndicatorKind.DECIMAL
    assert k["7.1.9"] is k["7.2.5"] is k["7.2.6"] is IndicatorKind.TEXT
    assert k["7.2.3"] is IndicatorKind.COUNT
    for ind in catalog:
        if ind.unit == "%":
            assert ind.kind is IndicatorKind.PERCENT, ind.code
        if "lũy kế" in ind.label:
            assert ind.measure is Measure.CUMULATIVE, ind.code
    assert [i.code for i in catalog if i.cumulative] == ["6.1", "6.2", "6.3", "6.4", "6.5"]
    assert catalog.get("4.2.2").measure is Measure.STOCK
    assert catalog.get("3.1.3").measure is Measure.STOCK
    assert catalog.get("1.1.2").measure is Measure.FLOW


def test_breakdowns(catalog: Catalog) -> None:
    def parts(code: str) -> list[str]:
        return [i.code for i in catalog.breakdown_of(code)]

    assert parts("3.1.3") == ["3.1.3.1", "3.1.3.2", "3.1.3.3"]
    assert parts("4.1.2") == ["4.1.2.1"]  # the percentage 4.1.2.2 is not a part
    assert parts("7.1.6.1") == []
    assert parts("3.5.1") == ["3.5.1.1", "3.5.1.2", "3.5.1.3"]
    assert parts("3.5.2") == ["3.5.2.1", "3.5.2.2", "3.5.2.3"]
    assert parts("3.5.3") == ["3.5.3.1", "3.5.3.2"]
    assert [i.printed_code for i in catalog.children("3.1.3")] == ["Trong đó", "", ""]
    assert [i.printed_code for i in catalog.children("4.1.2")] == ["Trong đó", ""]


def test_choices(catalog: Catalog) -> None:
    def choices(code: str) -> list[tuple[int, str]]:
        return [(c.code, c.label) for c in catalog.get(code).choices]

    assert choices("1.4.2") == [(0, "Trực tuyến"), (1, "Phát phiếu"), (2, "Kết hợp")]
    assert choices("1.5") == [(0, "Không"), (1, "Có")]
    assert choices("5.3.1") == [(0, "Chưa thực hiện"), (1, "Đã thực hiện")]
    assert choices("7.1.2") == [(0, "Chưa có"), (1, "2 cấp"), (2, "3 cấp")]
    assert choices("7.1.3") == [(0, "Chưa"), (1, "Đang làm"), (2, "Hoàn thành")]
    for ind in catalog:
        if ind.kind is IndicatorKind.CHOICE:
            codes = [c.code for c in ind.choices]
            assert len(codes) == len(set(codes)) >= 2, ind.code
    # the unit stays as printed, defect included
    assert catalog.get("5.3.1").unit == "Đã thực hiện = 0 Chưa thực hiện = 0"


def test_defect_notes(catalog: Catalog) -> None:
    assert "Chưa thực hiện = 0, Đã thực hiện = 1" in catalog.get("5.3.1").note
    assert "Chưa có = 0, 2 cấp = 1, 3 cấp = 2" in catalog.get("7.1.2").note
    assert "2394/QĐ-UBND" in catalog.get("7.1.1").note
    assert "đơn vị tính" in catalog.get("7.1.4").note
    assert "đơn vị tính" in catalog.get("1.4").note
    for code in ("1.2.1", "1.2.2", "1.2.3"):
        assert "1.1." in catalog.get(code).note
    assert catalog.get("7").note  # the drift of group 7 as a whole
    for ind in catalog:
        shown = ind.printed_code.rstrip(".")
        if ind.group == "7" and shown not in ("", "Trong đó", ind.code):
            assert ind.printed_code in ind.note, ind.code


def test_optional_dossier_block(catalog: Catalog) -> None:
    hs = [i for i in catalog if i.optional_group is not None]
    assert {i.optional_group for i in hs} == {"hs"}
    assert hs[0].code == "3.5" and all(i.code.startswith("3.5") for i in hs)
    assert all(i.printed_code == "" for i in hs)
    assert all(i.unit == "Hồ sơ" for i in hs if i.kind is IndicatorKind.COUNT)
    assert catalog.get("3.5.1").label == "Tổng số hồ sơ tiếp nhận"
    assert len(catalog.enabled()) == 133
    assert len(catalog.enabled({"hs"})) == 145


def test_json_strings_are_nfc() -> None:
    folder = Path(__file__).resolve().parents[1] / "resources"
    for path in [*folder.glob("catalogs/*.json"), *folder.glob("templates/*.json")]:
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), path.name
