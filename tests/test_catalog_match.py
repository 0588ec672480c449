"""Matching the rows of two versions of a form: code, then label, with the user's corrections."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from _catalog_support import form_2024, form_2025

from cchc_desktop.domain.catalog import catalog_from_dict
from cchc_desktop.domain.catalog_match import match_indicators, normalized_label
from cchc_desktop.domain.report import IndicatorValue


def _cat(version: str, rows: list[tuple[str, str, str]]) -> Any:
    return catalog_from_dict(
        {
            "id": "t",
            "version": version,
            "indicators": [
                {"code": c, "label": label, "kind": kind, "parent": None} for c, label, kind in rows
            ],
        }
    )


def test_renumbered_renamed_new_and_dropped_rows() -> None:
    m = match_indicators(catalog_from_dict(form_2024()), catalog_from_dict(form_2025()))
    assert m.new_to_old == {
        "1": "1",
        "1.1": "1.1",
        "1.1.1": "1.1.1",
        "1.1.2": "1.1.2",
        "1.3": "1.2",
        "1.3.1": "1.2.1",
        "1.4": "1.3",
        "1.5": "1.4",
        "2": "2",
        "2.1": "2.1",
        "2.2": "2.2",
    }
    assert m.how["1.3"] == "label" and m.how["2.2"] == "code"
    assert m.unmatched_new == ["1.2"] and m.unmatched_old == ["2.3"]
    assert not m.identical
    assert m.old_key == "phu-luc-iii-quang-tri@2024.1"


def test_the_same_form_is_identical() -> None:
    cat = catalog_from_dict(form_2024())
    assert match_indicators(cat, cat).identical


def test_labels_compare_without_case_spacing_or_punctuation() -> None:
    assert normalized_label("Số  văn bản:") == normalized_label("số văn bản")
    assert normalized_label("Tổng số (người)") == normalized_label("tổng số người")
    assert normalized_label("Số văn bản") != normalized_label("Số văn bản đến")
    old = _cat("1", [("1", "Số văn bản ban hành:", "count")])
    new = _cat("2", [("5", "SỐ VĂN BẢN BAN HÀNH", "count")])
    assert match_indicators(old, new).new_to_old == {"5": "1"}


def test_an_ambiguous_label_is_not_guessed() -> None:
    old = _cat("1", [("1", "Số cuộc", "count"), ("2", "Số cuộc", "count")])
    new = _cat("2", [("7", "Số cuộc", "count")])
    m = match_indicators(old, new)
    assert m.new_to_old == {} and m.unmatched_new == ["7"] and m.unmatched_old == ["1", "2"]


def test_kinds_must_be_compatible() -> None:
    old = _cat("1", [("1", "Tỷ lệ", "percent"), ("2", "Có kế hoạch", "text")])
    new = _cat("2", [("1", "Tỷ lệ", "group"), ("2", "Có kế hoạch", "count")])
    m = match_indicators(old, new)
    assert m.new_to_old == {}
    # a count for a decimal is a figure for a figure
    assert match_indicators(
        _cat("1", [("1", "Điểm", "decimal")]), _cat("2", [("1", "Điểm", "count")])
    ).new_to_old == {"1": "1"}


def test_a_label_match_wins_over_a_reused_code() -> None:
    # 2025 put a new row at 1 and moved the old one to 2
    old = _cat("1", [("1", "Số văn bản", "count")])
    new = _cat("2", [("1", "Số sáng kiến", "count"), ("2", "Số văn bản", "count")])
    m = match_indicators(old, new)
    assert m.new_to_old == {"2": "1"} and m.unmatched_new == ["1"]


def test_user_corrections_come_first() -> None:
    old, new = catalog_from_dict(form_2024()), catalog_from_dict(form_2025())
    m = match_indicators(old, new, {"2.2": None, "1.2": "2.3"})
    assert m.new_to_old["1.2"] == "2.3" and m.how["1.2"] == "user"
    assert "2.2" not in m.new_to_old and "2.2" in m.unmatched_new and "2.2" in m.unmatched_old
    # a correction naming a code neither form has is ignored, never an error
    assert match_indicators(old, new, {"9.9": "1.1", "1.2": "9.9"}).unmatched_new == ["1.2"]


def test_carry_moves_values_and_names_what_it_could_not() -> None:
    m = match_indicators(catalog_from_dict(form_2024()), catalog_from_dict(form_2025()))
    values = {
        "1.2": IndicatorValue(Decimal(10)),
        "2.3": IndicatorValue(Decimal(4), "ghi chú"),
        "2.2": IndicatorValue(None, ""),
    }
    moved, lost = m.carry(values)
    assert moved == {"1.3": IndicatorValue(Decimal(10)), "2.2": IndicatorValue(None, "")}
    assert lost == ["2.3"]
