"""`cchc merge` end to end: sub-unit workbooks exported from the form, filled with known figures,
merged into the department's report, every value and its provenance read back."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from _cli_support import Cli
from _merge_support import fill_workbook
from openpyxl import load_workbook

from cchc_desktop.domain.catalog import IndicatorKind
from cchc_desktop.services.catalogs import get_catalog
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.repository import Repository

UNIT = "Sở Tài chính"
SUBS = ("Phòng Kế hoạch", "Văn phòng", "Trung tâm")
CATALOG = get_catalog()
COUNTS = [i.code for i in CATALOG.enabled(set()) if i.kind is IndicatorKind.COUNT]


def figure(code: str, k: int) -> int:
    """A known figure of sub-unit k for a count: different per row and per sub-unit."""
    return (sum(int(p) for p in code.split(".")) * 7 + k * 13) % 50 + k


@pytest.fixture
def setup(cli: Cli, tmp_path: Path) -> tuple[int, dict[str, Path]]:
    code, out, err = cli("new", "--unit", UNIT, "--period", "H1", "--year", "2024")
    assert code == 0, err
    rid = int(out)
    assert cli("sub-units", "--unit", UNIT, "--add", SUBS[0], "--add", SUBS[1])[0] == 0
    assert cli("sub-units", "--unit", UNIT, "--add", SUBS[2], "--kind", "don-vi")[0] == 0
    folder = tmp_path / "gui-di"
    folder.mkdir()
    code, out, err = cli("export-parts", str(rid), str(folder))
    assert code == 0, err
    files = {Path(line).name.split(" - ")[1]: Path(line) for line in out.splitlines()}
    assert set(files) == set(SUBS)
    return rid, files


def fill_all(files: dict[str, Path]) -> None:
    extra = {
        SUBS[0]: {"1.5": "Có", "1.4.2": "Trực tuyến", "7.1.6.2.1": 50, "3.3.3": 80},
        SUBS[1]: {"1.5": "Không", "1.4.2": "Phát phiếu", "7.1.6.2.1": 90, "3.3.3": 90},
        SUBS[2]: {"1.5": "Không", "7.1.6.2.1": 20},
    }
    for k, name in enumerate(SUBS):
        values: dict[str, object] = {c: figure(c, k) for c in COUNTS}
        values.update(extra[name])
        fill_workbook(files[name], values, {"1.1.1": f"ghi chú của {name}"} if k < 2 else {})


def show(cli: Cli, rid: int) -> dict:  # type: ignore[type-arg]
    data = cli.json("show", str(rid), "--json")
    assert isinstance(data, dict)
    return data


def test_exported_workbooks_name_their_sub_unit_and_hold_no_department_figures(
    cli: Cli, setup: tuple[int, dict[str, Path]]
) -> None:
    rid, files = setup
    cli("set", str(rid), "1.1.1", "99")
    wb = load_workbook(files["Trung tâm"])
    meta = {r[0].value: r[1].value for r in wb["_cchc"].iter_rows()}
    assert meta["sub_unit"] == "Trung tâm"
    assert meta["sub_unit_kind"] == "don-vi"
    assert meta["unit"] == UNIT
    assert wb["_cchc"].sheet_state == "hidden"
    assert "Trung tâm" in wb["Phụ lục III"]["A2"].value


def test_merge_sets_every_department_value_with_its_provenance(
    cli: Cli, setup: tuple[int, dict[str, Path]]
) -> None:
    rid, files = setup
    fill_all(files)
    code, out, err = cli("merge", str(rid), *map(str, files.values()), "--dry-run")
    assert code == 0, err
    assert "Chạy thử" in out
    assert all(v["value"] is None for v in show(cli, rid)["values"].values())  # nothing written

    code, out, err = cli("merge", str(rid), *map(str, files.values()))
    assert code == 0, err
    data = show(cli, rid)
    values = data["values"]
    for c in COUNTS:  # every count is the sum of the three sub-units' figures
        assert values[c]["value"] == sum(figure(c, k) for k in range(3)), c
        assert values[c]["sources"] == [
            {"unit": name, "value": figure(c, k)} for k, name in enumerate(SUBS)
        ], c
    # a percentage recomputed from its parts: each sub-unit's share of its own 7.1.6.2
    w = [figure("7.1.6.2", k) for k in range(3)]
    expected = (Decimal(50) * w[0] + Decimal(90) * w[1] + Decimal(20) * w[2]) / sum(w)
    assert Decimal(str(values["7.1.6.2.1"]["value"])) == expected.quantize(Decimal("0.01"))
    assert values["7.1.6.2.1"]["merge_status"] == "merged"
    # Có if any Có
    assert values["1.5"]["value"] == 1
    # a choice that is not yes/no, and a percentage without known parts: by hand, parts listed
    assert values["1.4.2"]["value"] is None
    assert values["1.4.2"]["merge_status"] == "manual"
    assert values["1.4.2"]["sources"] == [
        {"unit": "Phòng Kế hoạch", "value": 0},
        {"unit": "Văn phòng", "value": 1},
    ]
    assert values["3.3.3"]["value"] is None
    assert values["3.3.3"]["merge_status"] == "manual"
    assert "1.4.2  Hình thức khảo sát: cần nhập tay" in out
    # notes joined with the sub-unit names
    assert values["1.1.1"]["note"] == (
        "Phòng Kế hoạch: ghi chú của Phòng Kế hoạch; Văn phòng: ghi chú của Văn phòng"
    )
    assert [p["name"] for p in data["merge"]["parts"]] == list(SUBS)
    assert data["merge"]["missing"] == []


def test_ratio_from_numerator_and_denominator_with_the_optional_block(
    cli: Cli, setup: tuple[int, dict[str, Path]], tmp_path: Path
) -> None:
    rid, _ = setup
    repo = Repository(open_engine(cli.db))
    from cchc_desktop.domain.changes import ReportPatch

    repo.write_patch(rid, ReportPatch(optional_groups={"hs"}))
    repo.engine.dispose()
    folder = tmp_path / "hs"
    folder.mkdir()
    code, out, err = cli("export-parts", str(rid), str(folder), "--only", "Văn phòng")
    assert code == 0, err
    vp = Path(out.strip())
    code, out, err = cli("export-parts", str(rid), str(folder), "--only", "Phòng Kế hoạch")
    pkh = Path(out.strip())
    fill_workbook(vp, {"3.5.2": 200, "3.5.2.1": 50, "3.5.2.2": 148, "3.4.1": 99})
    fill_workbook(pkh, {"3.5.2": 100, "3.5.2.1": 10, "3.5.2.2": 80, "3.4.1": 90})
    code, out, err = cli("merge", str(rid), str(vp), str(pkh))
    assert code == 0, err
    values = show(cli, rid)["values"]
    assert values["3.4.1"]["value"] == 96  # 288 / 300, not (99 + 90) / 2
    assert values["3.5.2"]["value"] == 300
    assert show(cli, rid)["merge"]["missing"] == ["Trung tâm"]
    assert "Chưa có số liệu của: Trung tâm" in out


def test_remerge_replaces_one_share_and_keeps_an_override_until_cleared(
    cli: Cli, setup: tuple[int, dict[str, Path]]
) -> None:
    rid, files = setup
    fill_all(files)
    assert cli("merge", str(rid), *map(str, files.values()))[0] == 0
    f = {k: figure("1.1.2", k) for k in range(3)}
    # the user overrides 1.1.2 by hand after the merge
    assert cli("set", str(rid), "1.1.2", "5")[0] == 0
    assert show(cli, rid)["values"]["1.1.2"]["overridden"] is True
    # Văn phòng corrects its file and sends only that one again
    fill_workbook(files["Văn phòng"], {"1.1.1": 1000, "1.1.2": 900})
    code, out, err = cli("merge", str(rid), str(files["Văn phòng"]))
    assert code == 0, err
    values = show(cli, rid)["values"]
    assert values["1.1.1"]["value"] == figure("1.1.1", 0) + 1000 + figure("1.1.1", 2)
    assert values["1.1.1"]["sources"][1] == {"unit": "Văn phòng", "value": 1000}
    assert values["1.1.2"]["value"] == 5  # the override survives
    assert values["1.1.2"]["overridden"] is True
    assert "1.1.2  Số nhiệm vụ đã hoàn thành: giữ số đã sửa tay 5" in out
    # cleared: the merged figure comes back
    code, out, err = cli("clear-override", str(rid), "1.1.2")
    assert code == 0, err
    values = show(cli, rid)["values"]
    assert values["1.1.2"]["value"] == f[0] + 900 + f[2]
    assert values["1.1.2"]["overridden"] is False
    # and the next merge updates it again
    fill_workbook(files["Trung tâm"], {"1.1.2": 1})
    assert cli("merge", str(rid), str(files["Trung tâm"]))[0] == 0
    assert show(cli, rid)["values"]["1.1.2"]["value"] == f[0] + 900 + 1


def test_a_bad_workbook_names_its_sub_unit_and_nothing_is_merged(
    cli: Cli, setup: tuple[int, dict[str, Path]]
) -> None:
    rid, files = setup
    fill_all(files)
    fill_workbook(files["Trung tâm"], {"1.1.2": -3})
    code, _out, err = cli("merge", str(rid), *map(str, files.values()))
    assert code == 2
    assert "Trung tâm (" in err and "Phụ lục III!D" in err
    assert "Traceback" not in err
    assert all(v["value"] is None for v in show(cli, rid)["values"].values())


def test_a_part_breaking_a_rule_is_named_in_the_checks(
    cli: Cli, setup: tuple[int, dict[str, Path]]
) -> None:
    rid, files = setup
    fill_workbook(files["Phòng Kế hoạch"], {"1.1.1": 38, "1.1.2": 40})
    code, out, err = cli("merge", str(rid), str(files["Phòng Kế hoạch"]), "--dry-run")
    assert code == 0, err
    line = next(x for x in out.splitlines() if x.startswith("Kiểm tra: Phòng Kế hoạch"))
    assert "(lỗi)" in line and "(1.1.2) ghi 40" in line and "(1.1.1) ghi 38" in line


def test_another_catalog_version_and_duplicates_are_listed(
    cli: Cli, setup: tuple[int, dict[str, Path]], tmp_path: Path
) -> None:
    rid, files = setup
    wb = load_workbook(files["Văn phòng"])
    meta = wb["_cchc"]
    for row in meta.iter_rows():
        if row[0].value == "catalog_version":
            row[1].value = "2023.1"
    wb.save(files["Văn phòng"])
    copy = fill_workbook(files["Trung tâm"], {}, out=tmp_path / "copy.xlsx")
    code, _out, err = cli(
        "merge", str(rid), str(files["Văn phòng"]), str(files["Trung tâm"]), str(copy)
    )
    assert code == 2
    assert "Văn phòng" in err and "phiên bản 2023.1" in err
    assert "Trung tâm: có hai tệp" in err


def test_a_plain_workbook_needs_a_name(
    cli: Cli, setup: tuple[int, dict[str, Path]], tmp_path: Path
) -> None:
    rid, _ = setup
    plain = tmp_path / "chung.xlsx"
    assert cli("export-xlsx", str(rid), str(plain))[0] == 0
    fill_workbook(plain, {"1.1.1": 4})
    code, _, err = cli("merge", str(rid), str(plain))
    assert code == 2 and "hãy chọn đơn vị" in err
    code, out, err = cli("merge", str(rid), str(plain), "--name", "chung.xlsx=Phòng Pháp chế")
    assert code == 0, err
    data = show(cli, rid)
    assert data["values"]["1.1.1"]["sources"] == [{"unit": "Phòng Pháp chế", "value": 4}]
    assert "không có trong danh sách" in out
    assert data["merge"]["missing"] == list(SUBS)


def test_merge_json_plan(cli: Cli, setup: tuple[int, dict[str, Path]]) -> None:
    rid, files = setup
    fill_all(files)
    code, out, err = cli("merge", str(rid), *map(str, files.values()), "--dry-run", "--json")
    assert code == 0, err
    plan = json.loads(out)
    assert plan["ok"] is True
    codes = {c["code"]: c for c in plan["changes"]}
    assert codes["1.1.1"]["sources"][0] == {"unit": "Phòng Kế hoạch", "value": figure("1.1.1", 0)}
    assert {m["code"] for m in plan["manual"]} >= {"1.4.2", "3.3.3"}


def test_sub_units_command(cli: Cli, setup: tuple[int, dict[str, Path]]) -> None:
    data = cli.json("sub-units", "--unit", UNIT, "--json")
    assert data == [
        {"name": "Phòng Kế hoạch", "kind": "phong"},
        {"name": "Văn phòng", "kind": "phong"},
        {"name": "Trung tâm", "kind": "don-vi"},
    ]
    code, _, err = cli("sub-units", "--unit", UNIT, "--add", "văn phòng")
    assert code == 2 and "hai lần" in err
    code, _, err = cli("sub-units", "--unit", UNIT, "--remove", "Phòng Không Có")
    assert code == 2
    assert cli("sub-units", "--unit", UNIT, "--remove", "Văn phòng")[0] == 0
    assert [s["name"] for s in cli.json("sub-units", "--unit", UNIT, "--json")] == [  # type: ignore[union-attr]
        "Phòng Kế hoạch",
        "Trung tâm",
    ]
    code, _, err = cli("sub-units", "--unit", "Sở Không Có", "--add", "A")
    assert code == 2 and "Không có đơn vị" in err


def test_a_file_that_is_not_a_workbook_is_named_and_nothing_merged(
    cli: Cli, setup: tuple[int, dict[str, Path]], tmp_path: Path
) -> None:
    rid, files = setup
    fill_all(files)
    fake = tmp_path / "Trung tâm.xlsx"
    fake.write_text("không phải Excel", encoding="utf-8")
    code, _out, err = cli(
        "merge", str(rid), str(files["Văn phòng"]), str(fake), "--name", f"{fake.name}=Trung tâm"
    )
    assert code == 2
    assert "Trung tâm (Trung tâm.xlsx)" in err and "Traceback" not in err
    assert show(cli, rid)["values"]["1.1.1"]["value"] is None
    code, _out, err = cli("merge", str(rid), str(tmp_path / "khong-co.xlsx"))
    assert code == 2 and "Traceback" not in err
