"""A small province form in two versions (2024, and 2025 with a row inserted, rows renumbered, one
renamed and one dropped) for the catalog registry tests."""

from __future__ import annotations

import copy
from typing import Any

CATALOG_ID = "phu-luc-iii-quang-tri"


def form_2024() -> dict[str, Any]:
    return {
        "id": CATALOG_ID,
        "version": "2024.1",
        "title": "THỐNG KÊ SỐ LIỆU CCHC (mẫu tỉnh Quảng Trị)",
        "province": "Quảng Trị",
        "year": 2024,
        "indicators": [
            {"code": "1", "label": "Công tác chỉ đạo điều hành", "kind": "group", "parent": None},
            {
                "code": "1.1",
                "label": "Tổng số nhiệm vụ được giao",
                "unit": "Nhiệm vụ",
                "kind": "count",
                "parent": "1",
            },
            {
                "code": "1.1.1",
                "label": "Số nhiệm vụ đã hoàn thành",
                "unit": "Nhiệm vụ",
                "kind": "count",
                "parent": "1.1",
            },
            {
                "code": "1.1.2",
                "label": "Số nhiệm vụ chưa hoàn thành",
                "unit": "Nhiệm vụ",
                "kind": "count",
                "parent": "1.1",
            },
            {
                "code": "1.2",
                "label": "Số văn bản ban hành",
                "unit": "Văn bản",
                "kind": "count",
                "parent": "1",
            },
            {
                "code": "1.2.1",
                "printed_code": "Trong đó",
                "label": "Văn bản quy phạm pháp luật",
                "unit": "Văn bản",
                "kind": "count",
                "parent": "1.2",
            },
            {
                "code": "1.3",
                "label": "Tỷ lệ hồ sơ giải quyết đúng hạn",
                "unit": "%",
                "kind": "percent",
                "parent": "1",
            },
            {
                "code": "1.4",
                "label": "Có ban hành kế hoạch CCHC",
                "kind": "choice",
                "parent": "1",
                "choices": [{"code": 0, "label": "Không"}, {"code": 1, "label": "Có"}],
            },
            {"code": "2", "label": "Kiểm tra", "kind": "group", "parent": None},
            {
                "code": "2.1",
                "label": "Số cuộc kiểm tra lũy kế",
                "unit": "Cuộc",
                "kind": "count",
                "parent": "2",
                "measure": "cumulative",
            },
            {"code": "2.2", "label": "Số cuộc họp", "unit": "Cuộc", "kind": "count", "parent": "2"},
            {
                "code": "2.3",
                "label": "Số đoàn công tác",
                "unit": "Đoàn",
                "kind": "count",
                "parent": "2",
            },
        ],
    }


def form_2025() -> dict[str, Any]:
    """2024's form with a new 1.2 (so 1.2 -> 1.3, 1.2.1 -> 1.3.1, 1.3 -> 1.4, 1.4 -> 1.5), 2.2
    renamed, 2.3 dropped."""
    data = copy.deepcopy(form_2024())
    data["version"] = "2025.1"
    data["year"] = 2025
    rows = data["indicators"]
    renumber = {"1.2": "1.3", "1.2.1": "1.3.1", "1.3": "1.4", "1.4": "1.5"}
    for row in rows:
        row["code"] = renumber.get(row["code"], row["code"])
        row["parent"] = renumber.get(row["parent"], row["parent"])
    rows.insert(
        4,
        {
            "code": "1.2",
            "label": "Số sáng kiến CCHC",
            "unit": "Sáng kiến",
            "kind": "count",
            "parent": "1",
        },
    )
    for row in rows:
        if row["code"] == "2.2":
            row["label"] = "Số cuộc họp giao ban CCHC"
    data["indicators"] = [r for r in rows if r["code"] != "2.3"]
    return data


def rules_2025() -> dict[str, Any]:
    """An authored rule, as the workbook's rules sheet gives it."""
    return {
        "catalog": {"id": CATALOG_ID, "version": "2025.1"},
        "version": "1",
        "rules": [
            {
                "id": "1.1.1<=1.1",
                "kind": "part_le_whole",
                "parts": ["1.1.1"],
                "whole": "1.1",
                "severity": "error",
            }
        ],
    }
