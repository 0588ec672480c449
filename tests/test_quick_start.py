"""The start-up store: reads through plain sqlite3 give exactly what the ORM repository gives;
writes always go through the ORM; odd files are opened the full way."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import (
    IndicatorValue,
    PropagandaRow,
    RemediationItem,
    ReportStatus,
    Unit,
)
from cchc_desktop.domain.serialize import report_from_dict
from cchc_desktop.domain.stored import CitedDocument
from cchc_desktop.errors import FileProblemError, NotFoundError
from cchc_desktop.services.catalogs import demo_report_data
from cchc_desktop.services.reports import ReportService
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.quick import QuickReader, StartupStore
from cchc_desktop.storage.repository import Repository


def _filled_database(path: Path) -> list[int]:
    """The demo report, another period of the same unit with odd values, and a second unit."""
    repo = Repository(open_engine(path))
    demo = report_from_dict(demo_report_data())
    ids = [repo.save_report(demo)]
    service = ReportService(repo)
    q3 = service.new_report("Sở Tài chính", Period(2024, PeriodKind.M9))
    q3.values = {
        "1.1.1": IndicatorValue(Decimal("1088")),
        "3.3.3": IndicatorValue(Decimal("98.73"), "làm tròn"),
        "1.1.2": IndicatorValue(None, "chưa tổng hợp"),  # a note without a figure
        "7.2.6": IndicatorValue("Theo quy định"),  # a text value
    }
    q3.date = dt.date(2024, 9, 14)
    q3.status = ReportStatus.FINAL
    q3.optional_groups = {"hs"}
    q3.propaganda = [
        PropagandaRow("1", "Hội nghị", "Cuộc", None, ""),
        PropagandaRow("2", "Tin", ""),
    ]
    q3.remediation = [
        RemediationItem("1", "Tiêu chí 1", "", Decimal("6.981"), Decimal(10), ["a", "b"], ["c"])
    ]
    ids.append(repo.save_report(q3))
    other = service.new_report("UBND huyện Can Lộc", Period(2023, PeriodKind.Y))
    ids.append(other.id or 0)
    repo.save_document(
        demo.unit,
        CitedDocument("Kế hoạch", "191", "KH-STC", dt.date(2024, 1, 11), "Sở Tài chính", "CCHC"),
    )
    repo.save_document(demo.unit, CitedDocument("Quyết định", "3433", "QĐ-UBND"))
    repo.engine.dispose()
    return ids


def test_quick_reads_equal_the_orm_reads(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    ids = _filled_database(path)
    repo = Repository(open_engine(path))
    quick = QuickReader.open(path)
    assert quick is not None
    for rid in ids:
        assert quick.load_report(rid) == repo.load_report(rid)
    assert quick.list_reports() == repo.list_reports()
    assert quick.units() == repo.units()
    for unit in ("Sở Tài chính", "UBND huyện Can Lộc", "không có"):
        assert quick.reports_for_unit(unit) == repo.reports_for_unit(unit)
        assert quick.documents(unit) == repo.documents(unit)
    # the values really went through the decoding, not around it
    q3 = quick.load_report(ids[1])
    assert q3.values["3.3.3"] == IndicatorValue(Decimal("98.73"), "làm tròn")
    assert q3.values["7.2.6"].value == "Theo quy định"
    assert q3.values["1.1.2"] == IndicatorValue(None, "chưa tổng hợp")
    assert q3.remediation[0].score_got == Decimal("6.981") and q3.remediation[0].findings == [
        "a",
        "b",
    ]
    assert q3.date == dt.date(2024, 9, 14) and isinstance(q3.updated_at, dt.datetime)
    assert len(quick.documents("Sở Tài chính")) == 2
    with pytest.raises(NotFoundError):
        quick.load_report(999)
    quick.close()
    repo.engine.dispose()


def test_reads_before_the_orm_writes_through_it(tmp_path: Path) -> None:
    """In a fresh process: the report and the list are read with no SQLAlchemy loaded; the first
    write loads it and is in the database; later reads see the write."""
    path = tmp_path / "w.sqlite3"
    rid = _filled_database(path)[0]
    code = textwrap.dedent(
        f"""
        import json, sys
        from decimal import Decimal
        from cchc_desktop.domain.report import IndicatorValue
        from cchc_desktop.storage.quick import StartupStore
        store = StartupStore({str(path)!r})
        report = store.load_report({rid})
        found = {{
            "value": str(report.value("1.3.1")),
            "listed": len(store.list_reports()),
            "quick": store.quick,
            "orm_before_write": "sqlalchemy" in sys.modules,
        }}
        store.set_values({rid}, {{"1.3.1": IndicatorValue(Decimal(274))}})
        found["orm_after_write"] = "sqlalchemy" in sys.modules
        found["quick_after_write"] = store.quick
        found["reread"] = str(store.load_report({rid}).value("1.3.1"))
        store.dispose()
        print(json.dumps(found))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert json.loads(out.strip().splitlines()[-1]) == {
        "value": "273",
        "listed": 3,
        "quick": True,
        "orm_before_write": False,
        "orm_after_write": True,
        "quick_after_write": False,
        "reread": "274",
    }
    repo = Repository(open_engine(path))
    assert repo.load_report(rid).value("1.3.1") == Decimal(274)
    repo.engine.dispose()


def test_background_loading_then_writes_and_reads(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite3"
    rid = _filled_database(path)[0]
    store = StartupStore(path)
    assert store.quick
    store.load_in_background()
    report = store.load_report(rid)  # quick or ORM, whichever answers: the same report
    report.subject = "Cải cách hành chính 6 tháng đầu năm 2024 (sửa)"
    store.save_report(report)
    assert not store.quick
    assert store.load_report(rid).subject.endswith("(sửa)")
    store.save_document(report.unit, CitedDocument("Công văn", "12", "STC-VP"))
    assert "Công văn" in [d.kind for d in store.documents("Sở Tài chính")]
    store.delete_report(rid)
    assert rid not in [s.id for s in store.list_reports()]
    store.dispose()


def test_a_new_file_is_created_and_migrated_at_once(tmp_path: Path) -> None:
    path = tmp_path / "moi" / "new.sqlite3"
    store = StartupStore(path)
    assert not store.quick and path.exists()
    assert store.list_reports() == [] and store.units() == []
    store.save_report(ReportService(store).new_report("Sở Xây dựng", Period(2025, PeriodKind.Q1)))
    assert [u.name for u in store.units()] == ["Sở Xây dựng"]
    store.dispose()


def test_odd_files_are_refused_or_opened_the_full_way(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"PK\x03\x04 not a database at all")
    with pytest.raises(FileProblemError, match="không phải là cơ sở dữ liệu"):
        StartupStore(junk)
    assert junk.read_bytes() == b"PK\x03\x04 not a database at all"
    with pytest.raises(FileProblemError, match="là một thư mục"):
        StartupStore(tmp_path)

    newer = tmp_path / "newer.sqlite3"
    _filled_database(newer)
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before = newer.read_bytes()
    assert QuickReader.open(newer) is None  # another revision is never read quickly
    with pytest.raises(FileProblemError, match="phiên bản CCHC Desktop mới hơn"):
        StartupStore(newer)
    assert newer.read_bytes() == before


def test_a_service_runs_on_the_startup_store(tmp_path: Path) -> None:
    """ "Tạo từ kỳ trước" reads the source quickly and writes the copy through the ORM."""
    path = tmp_path / "s.sqlite3"
    rid = _filled_database(path)[0]
    store = StartupStore(path)
    copy = ReportService(store).copy_from_previous(rid, Period(2024, PeriodKind.Y))
    assert copy.id is not None
    assert store.load_report(copy.id).recipients == store.load_report(rid).recipients
    assert Unit("Sở Tài chính").name in [u.name for u in store.units()]
    store.dispose()


def test_the_startup_stores_write_defaults_are_the_repositorys() -> None:
    import inspect

    from cchc_desktop.domain.history import ChangeSource
    from cchc_desktop.storage.quick import StartupStore

    for name in ("set_values", "write_patch", "change_status", "save_report"):
        quick = inspect.signature(getattr(StartupStore, name)).parameters["source"].default
        full = inspect.signature(getattr(Repository, name)).parameters["source"].default
        assert quick == full, name
        assert quick is None or ChangeSource(quick) == full, name
