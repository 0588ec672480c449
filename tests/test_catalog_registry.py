"""The catalog registry: shipped catalogs plus the user's, stored in the database (migration 0004)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _catalog_support import CATALOG_ID, form_2024, form_2025, rules_2025

from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.errors import InvalidValueError, NotFoundError, UserError
from cchc_desktop.services.catalogs import (
    DEFAULT_CATALOG_ID,
    NO_CATALOG,
    CatalogRegistry,
    get_catalog,
    list_catalogs,
)
from cchc_desktop.services.reports import ReportService
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.repository import Repository


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    return Repository(open_engine(tmp_path / "r.sqlite3"))


def test_shipped_catalogs_still_load_without_a_store() -> None:
    assert get_catalog().id == DEFAULT_CATALOG_ID
    assert [c.id for c in list_catalogs()] == [DEFAULT_CATALOG_ID]
    assert get_catalog("") is NO_CATALOG and len(NO_CATALOG) == 0


def test_add_lists_gets_and_keeps_rules(repo: Repository) -> None:
    reg = CatalogRegistry(repo)
    info = reg.add(form_2024())
    assert (info.id, info.version, info.province, info.year, info.shipped) == (
        CATALOG_ID,
        "2024.1",
        "Quảng Trị",
        2024,
        False,
    )
    reg.add(form_2025(), rules_2025())
    listed = {i.key: i for i in reg.list()}
    assert set(listed) == {
        f"{DEFAULT_CATALOG_ID}@2024.1",
        f"{CATALOG_ID}@2024.1",
        f"{CATALOG_ID}@2025.1",
    }
    assert listed[f"{DEFAULT_CATALOG_ID}@2024.1"].shipped
    assert reg.get(CATALOG_ID).version == "2025.1"  # the newest without a version
    assert reg.get(CATALOG_ID, "2024.1").find("2.3") is not None
    assert reg.rules_for(CATALOG_ID, "2025.1") == rules_2025()
    assert reg.rules_for(CATALOG_ID, "2024.1") is None
    shipped_rules = reg.rules_for(DEFAULT_CATALOG_ID, "2024.1")
    assert shipped_rules is not None and shipped_rules["catalog"]["id"] == DEFAULT_CATALOG_ID
    # the same object twice: the validator of a catalog is built once
    assert reg.get(CATALOG_ID, "2025.1") is CatalogRegistry(repo).get(CATALOG_ID, "2025.1")


def test_a_second_database_open_keeps_the_forms(tmp_path: Path) -> None:
    path = tmp_path / "moved.sqlite3"
    CatalogRegistry(Repository(open_engine(path))).add(form_2024())
    again = CatalogRegistry(Repository(open_engine(path)))
    assert again.get(CATALOG_ID, "2024.1").province == "Quảng Trị"


def test_duplicates_and_bad_catalogs_are_refused_in_vietnamese(repo: Repository) -> None:
    reg = CatalogRegistry(repo)
    reg.add(form_2024())
    with pytest.raises(UserError, match="Đã có danh mục"):
        reg.add(form_2024())
    shipped = json.loads(json.dumps(form_2024()))
    shipped["id"], shipped["version"] = DEFAULT_CATALOG_ID, "2024.1"
    with pytest.raises(UserError, match="có sẵn"):
        reg.add(shipped)
    broken = form_2025()
    broken["indicators"][2]["parent"] = "9.9"
    with pytest.raises(InvalidValueError, match="không hợp lệ"):
        reg.add(broken)
    no_kind = form_2025()
    del no_kind["indicators"][1]["kind"]
    with pytest.raises(InvalidValueError):
        reg.add(no_kind)
    bad_rules = rules_2025()
    bad_rules["rules"][0]["kind"] = "magic"
    with pytest.raises(InvalidValueError, match="Quy tắc"):
        reg.add(form_2025(), bad_rules)
    assert [i.key for i in reg.list() if not i.shipped] == [f"{CATALOG_ID}@2024.1"]  # nothing else


def test_remove_is_refused_while_a_report_uses_it(repo: Repository) -> None:
    reg = CatalogRegistry(repo)
    reg.add(form_2024())
    report = ReportService(repo).new_report(
        "Sở Nội vụ", Period(2024, PeriodKind.H1), catalog=f"{CATALOG_ID}@2024.1"
    )
    assert (report.catalog_id, report.catalog_version) == (CATALOG_ID, "2024.1")
    assert {i.key: i.in_use for i in reg.list()}[f"{CATALOG_ID}@2024.1"] == 1
    with pytest.raises(UserError, match="còn báo cáo"):
        reg.remove(CATALOG_ID, "2024.1")
    with pytest.raises(UserError, match="có sẵn"):
        reg.remove(DEFAULT_CATALOG_ID, "2024.1")
    assert report.id is not None
    repo.delete_report(report.id)
    reg.remove(CATALOG_ID, "2024.1")
    with pytest.raises(NotFoundError):
        reg.get(CATALOG_ID, "2024.1")


def test_stored_catalogs_survive_an_upgrade_and_older_files_get_the_table(tmp_path: Path) -> None:
    import shutil

    fixtures = Path(__file__).parent / "fixtures" / "db"
    for revision, expected in (("0003", set()), ("0004", {"phu-luc-iii-mau-tinh@2025.1"})):
        path = tmp_path / f"{revision}.sqlite3"
        shutil.copyfile(fixtures / f"rev-{revision}.sqlite3", path)
        reg = CatalogRegistry(Repository(open_engine(path)))
        assert {i.key for i in reg.list() if not i.shipped} == expected
        if expected:
            assert reg.mapping("phu-luc-iii-mau-tinh", "2025.1") == {
                "phu-luc-iii-ha-tinh@2024.1": {"1.1": "1.1.1"}
            }


def test_previous_column_and_copy_go_through_the_mapping(repo: Repository) -> None:
    from decimal import Decimal

    from cchc_desktop.domain.report import IndicatorValue
    from cchc_desktop.services.editing import EditSession

    reg = CatalogRegistry(repo)
    reg.add(form_2024())
    reg.add(form_2025())
    service = ReportService(repo)
    old = service.new_report("Sở Nội vụ", Period(2024, PeriodKind.Y))
    assert old.catalog_id == DEFAULT_CATALOG_ID  # a new unit: the shipped form
    repo.delete_report(old.id or 0)
    old = service.new_report(
        "Sở Nội vụ", Period(2024, PeriodKind.Y), catalog=f"{CATALOG_ID}@2024.1"
    )
    assert old.id is not None
    repo.set_values(old.id, {"1.2": IndicatorValue(Decimal(10)), "2.3": IndicatorValue(Decimal(4))})
    new = service.new_report("Sở Nội vụ", Period(2025, PeriodKind.Q1))
    assert (new.catalog_id, new.catalog_version) == (CATALOG_ID, "2025.1")
    assert new.id is not None
    session = EditSession(repo, new.id)
    assert session.previous is not None and session.previous.id == old.id
    assert session.previous_value("1.3") == Decimal(10)  # 2024's 1.2 under 2025's code
    assert session.previous_value("1.2") is None  # the new row had nothing last year
    notice = [f for f in session.findings() if f.rule.startswith("cross.catalog")]
    assert len(notice) == 1 and "Số đoàn công tác" in notice[0].message
    # "Tạo từ kỳ trước" with figures: onto the newest form for that year, through the mapping
    copied = service.copy_from_previous(old.id, Period(2025, PeriodKind.H1), with_figures=True)
    assert copied.catalog_version == "2025.1"
    assert copied.values == {"1.3": IndicatorValue(Decimal(10))}
    # the same period of 2024 again, copied: the 2024 form stays (2025's names a later year)
    back = service.copy_from_previous(old.id, Period(2024, PeriodKind.H1), with_figures=True)
    assert back.catalog_version == "2024.1" and back.values["2.3"].value == Decimal(4)
