"""The domain's value classes written in source (report, stored, catalog, periods, changes...)
behave as the dataclasses they were: fields in the same order with the same defaults, fresh
mutable defaults, the dataclass repr, equality, hash (frozen) or none (mutable), order (Period),
copy, pickle, `match`, replace."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import importlib
import inspect
import pickle
import pkgutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import cchc_desktop
from cchc_desktop.domain.bounds import Bounds
from cchc_desktop.domain.catalog import (
    Catalog,
    Choice,
    Indicator,
    IndicatorKind,
    Measure,
    OptionalGroup,
)
from cchc_desktop.domain.changes import NarrativePatch, ReportPatch, TablePatch
from cchc_desktop.domain.completeness import Completeness
from cchc_desktop.domain.deadlines import DeadlineState
from cchc_desktop.domain.frozen import Frozen, Ordered, Record, field_names, replace
from cchc_desktop.domain.history import ChangeSource, FieldChange, HistoryEntry
from cchc_desktop.domain.lifecycle import StatusRequest
from cchc_desktop.domain.period_phrases import Meaning, PhraseEdit, Rewrite, _Parsed
from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import (
    Footnote,
    IndicatorValue,
    Narrative,
    Paragraph,
    ParagraphStyle,
    PropagandaRow,
    RemediationItem,
    Report,
    ReportStatus,
    Run,
    Section,
    Sending,
    SentVia,
    Signer,
    Unit,
)
from cchc_desktop.domain.stored import CitedDocument, ReportSummary, StoredCatalog, WriteResult
from cchc_desktop.services.catalogs import CatalogInfo
from cchc_desktop.storage.backup import BackupInfo, RestoreResult
from cchc_desktop.storage.health import FileState

# What each class's __init__ took as a dataclass: its fields in order and their defaults ("*" =
# required, "[]" / "{}" / "set()" / a class name = a fresh object per instance).
BEFORE: dict[type, str] = {
    Sending: "sent_on=None via=None number='' reopen_count=0 reopen_reason=''",
    Unit: "name=* parent_authority='' abbreviation='' place='' id=None",
    Signer: "authority='' title='' name=''",
    Run: "text='' bold=False italic=False footnote_id=None",
    Paragraph: "runs=[] style=ParagraphStyle.BODY",
    Section: "title=* paragraphs=[] children=[] numbered=True",
    Footnote: "text=* id=new document_id=None",
    Narrative: "intro=[] sections=[] closing=[]",
    PropagandaRow: "number=* label=* unit='' quantity=None note=''",
    RemediationItem: (
        "number=* criterion=* assessment='' score_got=None score_max=None findings=[] "
        "remedies=[] deadlines=[] progress=[]"
    ),
    IndicatorValue: "value=None note=''",
    Report: (
        "unit=* period=* catalog_id=* catalog_version=* number='' symbol='' place='' date=None "
        "subject='' recipient_to='' signer=Signer recipients=[] narrative=Narrative footnotes=[] "
        "propaganda=[] remediation=[] values={} optional_groups=set() status=ReportStatus.DRAFT "
        "sending=Sending id=None created_at=None updated_at=None revision=0"
    ),
    ReportSummary: (
        "id=* unit=* period=* status=* number_symbol=* updated_at=* values_filled=* "
        "catalog_id='' catalog_version='' optional_groups=frozenset() filled='' sending=Sending"
    ),
    WriteResult: "revision=* conflict=False",
    CitedDocument: "kind=* number='' symbol='' issued_on=None issuer='' subject='' id=None",
    StoredCatalog: (
        "catalog_id=* version=* title=* province=* year=* data=* rules=None mapping=None "
        "added_at=None"
    ),
    Choice: "code=* label=*",
    Indicator: (
        "code=* printed_code=* label=* unit=* kind=* parent=None breakdown=False "
        "measure=Measure.STOCK choices=() note='' group='' optional_group=None level=0 "
        "value_range=None"
    ),
    OptionalGroup: "code=* title=* description=''",
    Catalog: (
        "id=* version=* title=* indicators=* source='' optional_groups=[] province='' year=None "
        "aggregation={}"
    ),
    Period: "year=* kind=*",
    Bounds: "noun=* minimum=None maximum=None integer=False choices=()",
    TablePatch: "length=* rows={}",
    NarrativePatch: "whole=* outline=* base=* parts=* footnotes={}",
    ReportPatch: (
        "header={} unit={} narrative=None recipients=None propaganda=None remediation=None "
        "values={} optional_groups=None"
    ),
    FieldChange: "field=* old=* new=* code=None detail=''",
    HistoryEntry: "id=* at=* source=* field=* old=* new=* code=None detail=''",
    StatusRequest: "target=* sent_on=None via=None number='' reason=''",
    FileState: "path=* revision=None has_tables=False writable=True problems=[]",
    BackupInfo: "path=* created=* reason=* size=* reports=*",
    RestoreResult: "restored_from=* safety_backup=* damaged_aside=*",
    CatalogInfo: "id=* version=* title=* province=* year=* shipped=* in_use=0 rows=0",
    Completeness: "filled=* total=* empty=*",
    DeadlineState: "due=* days_left=* done=*",
    _Parsed: "kind=* year=* has_year=* slash=False padded=False",
    PhraseEdit: "start=* end=* old=* new=* meaning=*",
    Rewrite: "slot=* place=* edit=* context=*",
}
FROZEN = {
    ReportSummary, WriteResult, StoredCatalog, Choice, Indicator, OptionalGroup, Period, Bounds,
    FieldChange, HistoryEntry, StatusRequest, BackupInfo, RestoreResult, CatalogInfo,
    Completeness, DeadlineState, _Parsed, PhraseEdit, Rewrite,
}  # fmt: skip
FRESH = {"[]": list, "{}": dict, "set()": set}
LITERALS = {"ParagraphStyle": ParagraphStyle, "Measure": Measure, "ReportStatus": ReportStatus}


def _fields(cls: type) -> list[tuple[str, str]]:
    return [tuple(item.split("=", 1)) for item in BEFORE[cls].split()]  # type: ignore[misc]


@pytest.mark.parametrize("cls", list(BEFORE), ids=lambda c: c.__name__)
def test_fields_order_and_defaults_are_the_dataclasses(cls: type) -> None:
    fields = _fields(cls)
    assert cls.__match_args__ == tuple(name for name, _ in fields)  # type: ignore[attr-defined]
    assert field_names(cls) == cls.__match_args__  # type: ignore[attr-defined]
    params = list(inspect.signature(cls).parameters.values())
    assert [p.name for p in params] == [name for name, _ in fields]
    assert all(p.kind is p.POSITIONAL_OR_KEYWORD for p in params)
    for p, (_, default) in zip(params, fields, strict=True):
        assert (p.default is p.empty) == (default == "*"), p.name
    assert issubclass(cls, Frozen) == (cls in FROZEN)
    assert issubclass(cls, Ordered) == (cls is Period)


def _required(cls: type) -> dict[str, Any]:
    samples: dict[str, Any] = {
        "name": "Sở Tài chính", "title": "t", "text": "x", "number": "1", "label": "l",
        "criterion": "c", "unit": Unit("Sở A"), "period": Period(2024, PeriodKind.H1),
        "catalog_id": "c", "catalog_version": "1", "id": 3, "status": ReportStatus.DRAFT,
        "number_symbol": "/BC", "updated_at": dt.datetime(2024, 1, 2), "values_filled": 4,
        "revision": 2, "kind": "luat", "version": "1", "province": "", "year": None,
        "data": "{}", "code": "1", "printed_code": "1.", "indicators": [], "noun": "số",
        "length": 0, "whole": None, "outline": (), "base": {}, "parts": None, "field": "f",
        "old": None, "new": "n", "at": dt.datetime(2024, 1, 2), "source": ChangeSource.TYPED,
        "target": ReportStatus.FINAL, "path": Path("a"), "created": dt.datetime(2024, 1, 2),
        "reason": "r", "size": 1, "reports": None, "restored_from": Path("b"),
        "safety_backup": None, "damaged_aside": None, "shipped": True, "filled": 1,
        "total": 2, "empty": ("1.1",), "due": dt.date(2024, 6, 20), "days_left": 3,
        "done": False, "has_year": True, "start": 0, "end": 3, "meaning": Meaning.OWN,
        "slot": ("subject",), "place": "Trích yếu", "edit": None, "context": "…",
    }  # fmt: skip
    if cls is ReportSummary:
        samples["unit"] = "Sở A"
    if cls is Period:
        samples.update(year=2024, kind=PeriodKind.Y)
    if cls is Indicator:
        samples["unit"] = "Văn bản"
        samples["kind"] = IndicatorKind.COUNT
    return {name: samples[name] for name, default in _fields(cls) if default == "*"}


@pytest.mark.parametrize("cls", list(BEFORE), ids=lambda c: c.__name__)
def test_defaults_are_fresh_and_behave_as_the_dataclass(cls: type) -> None:
    one, two = cls(**_required(cls)), cls(**_required(cls))
    if cls is not Footnote:  # a footnote gets a new id each
        assert one == two
        assert (one != two) is False
    for name, default in _fields(cls):
        value = getattr(one, name)
        if default in FRESH:
            assert type(value) is FRESH[default] and not value and value is not getattr(two, name)
        elif default in ("Signer", "Narrative", "Sending"):
            assert value == globals()[default]() and value is not getattr(two, name)
        elif default == "new":  # a footnote's id: a new one each
            assert len(value) == 12 and value != getattr(two, name)
        elif default != "*":
            assert value == eval(default, dict(LITERALS)), name  # the table's literals
    if cls is Footnote:
        assert one != two and replace(two, id=one.id) == one
        two = replace(two, id=one.id)
    twin_cls = dataclasses.make_dataclass(
        cls.__name__, [(n, Any) for n in cls.__match_args__], frozen=cls in FROZEN, order=cls is Period
    )  # fmt: skip
    twin_cls.__qualname__ = cls.__qualname__
    twin = twin_cls(*(getattr(one, n) for n in cls.__match_args__))
    assert repr(one) == repr(twin)
    assert one != twin and one.__eq__(twin) is NotImplemented
    if cls in FROZEN:
        try:
            expected = hash(twin)
        except TypeError:  # a field holds a list or dict: unhashable, as the dataclass was
            with pytest.raises(TypeError):
                hash(one)
        else:
            assert hash(one) == expected
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(one, cls.__match_args__[0], None)
    else:
        with pytest.raises(TypeError):
            hash(one)
        setattr(two, cls.__match_args__[0], "changed")
        assert one != two
    assert copy.copy(one) == one and copy.deepcopy(one) == one
    assert pickle.loads(pickle.dumps(one)) == one


def test_report_copies_deeply_pickles_and_matches() -> None:
    report = Report(
        Unit("Sở Tài chính", "UBND TỈNH HÀ TĨNH", "STC", "Hà Tĩnh", id=1),
        Period(2024, PeriodKind.H1),
        "hatinh",
        "2024.1",
        number="12",
        symbol="BC-STC",
        signer=Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "A"),
        narrative=Narrative(
            [Paragraph([Run("Thực hiện "), Run("", footnote_id="f1")])],
            [Section("I", [Paragraph.of("x")], [Section("1", numbered=False)])],
        ),
        footnotes=[Footnote("Công văn 1", "f1", document_id=4)],
        propaganda=[PropagandaRow("01", "Hội nghị", "Cuộc", Decimal(3))],
        remediation=[RemediationItem("1", "Tiêu chí 1", findings=["a"], progress=["b"])],
        values={"1.1": IndicatorValue(Decimal("2.5"), "ghi chú")},
        optional_groups={"hs"},
        sending=Sending(dt.date(2024, 6, 20), SentVia.EMAIL, "125/BC-STC", 1, "sửa"),
        id=7,
        revision=3,
    )
    deep = copy.deepcopy(report)
    assert deep == report and deep.narrative.sections[0] is not report.narrative.sections[0]
    assert pickle.loads(pickle.dumps(report)) == report
    deep.values["1.1"].note = "khác"
    assert deep != report
    assert repr(report).startswith("Report(unit=Unit(name='Sở Tài chính', parent_authority=")
    match report:
        case Report(Unit(name), Period(year, PeriodKind.H1), catalog_id):
            assert (name, year, catalog_id) == ("Sở Tài chính", 2024, "hatinh")
        case _:
            pytest.fail("pattern did not match")
    moved = replace(report, id=8)
    assert moved.id == 8 and moved.values is report.values  # a shallow copy, as dataclasses'
    with pytest.raises(TypeError, match="no field 'nope'"):
        replace(report, nope=1)
    assert report.footnotes_in_order() == report.footnotes


def test_period_orders_as_the_dataclass() -> None:
    twin_cls = dataclasses.make_dataclass(
        "Period", [("year", int), ("kind", PeriodKind)], frozen=True, order=True
    )
    periods = [Period(y, k) for y in (2025, 2023, 2024) for k in (PeriodKind.Q1,)]
    assert sorted(periods) == [Period(2023, PeriodKind.Q1), Period(2024, PeriodKind.Q1), periods[0]]
    a, b = Period(2023, PeriodKind.Y), Period(2024, PeriodKind.Q1)
    ta, tb = twin_cls(2023, PeriodKind.Y), twin_cls(2024, PeriodKind.Q1)
    assert (a < b, a <= b, a > b, a >= b) == (ta < tb, ta <= tb, ta > tb, ta >= tb)
    assert Period(2024, PeriodKind.Q1) <= Period(2024, PeriodKind.Q1)
    with pytest.raises(TypeError):  # same year: the kinds do not order, as before
        _ = Period(2024, PeriodKind.Q1) < Period(2024, PeriodKind.H1)
    with pytest.raises(TypeError):
        _ = a < (2024, PeriodKind.Q1)
    with pytest.raises(ValueError, match="Năm báo cáo 1999"):
        Period(1999, PeriodKind.Y)
    assert {Period(2024, PeriodKind.Y): 1}[Period(2024, PeriodKind.Y)] == 1


def test_catalog_lookups_are_built_and_kept_out_of_repr_and_copies() -> None:
    rows = [
        Indicator("1", "1.", "Nhóm", "", IndicatorKind.GROUP),
        Indicator("1.1", "1.1.", "Số", "Văn bản", IndicatorKind.COUNT, parent="1", level=1),
        Indicator(
            "1.2", "1.2.", "Có", "", IndicatorKind.CHOICE, parent="1", choices=(Choice(0, "Không"),)
        ),
    ]
    cat = Catalog("c", "1", "Mẫu", rows, optional_groups=[OptionalGroup("hs", "Hồ sơ")])
    assert cat.get("1.1") is rows[1] and [i.code for i in cat.children("1")] == ["1.1", "1.2"]
    assert "_by_code" not in repr(cat) and repr(cat).startswith("Catalog(id='c', version='1'")
    other = replace(cat, version="2")
    assert other.get("1.2") is rows[2] and other.version == "2" and other != cat
    assert copy.deepcopy(cat) == cat and pickle.loads(pickle.dumps(cat)).find("1.1") == rows[1]
    with pytest.raises(ValueError, match=r"trùng mã 1\.1"):
        Catalog("c", "1", "Mẫu", [*rows, rows[1]])


def test_summary_keeps_its_slots() -> None:
    summary = ReportSummary(
        1, "Sở A", Period(2024, PeriodKind.Y), ReportStatus.SENT, "1/BC", dt.datetime(2024, 1, 1), 3
    )
    assert not hasattr(summary, "__dict__")
    assert summary.filled_codes == () and summary.sending == Sending()
    assert replace(summary, filled="1\x1f2").filled_codes == ("1", "2")


def _record_classes() -> list[type]:
    for info in pkgutil.walk_packages(cchc_desktop.__path__, "cchc_desktop."):
        if ".gui" in info.name or ".migrations" in info.name or info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)
    found: list[type] = []
    todo = [Record]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


def test_every_value_class_takes_its_fields_in_order() -> None:
    """A class's __match_args__ is its fields for repr, equality, hash, pickle and replace: its
    __init__ takes exactly those names, the positional ones in that order."""
    classes = _record_classes()
    assert set(BEFORE) <= set(classes)
    for cls in classes:
        if cls in (Frozen, Ordered):
            continue
        params = list(inspect.signature(cls).parameters.values())
        names = [p.name for p in params if p.kind is not p.VAR_KEYWORD]
        if len(names) == len(params):
            assert sorted(names) == sorted(cls.__match_args__), cls
        else:  # the rules' base: each kind's own fields are given to it by name
            assert set(names) <= set(cls.__match_args__), cls
        positional = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
        assert tuple(positional) == cls.__match_args__[: len(positional)], cls
