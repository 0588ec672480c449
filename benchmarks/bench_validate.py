"""Times the consistency checks on the reference report: full, one edit, 1,000 reports."""

from __future__ import annotations

import copy
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal

from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import IndicatorValue, Report
from cchc_desktop.domain.serialize import report_from_dict
from cchc_desktop.services.catalogs import demo_report_data, get_catalog
from cchc_desktop.services.validation import validate_report, validator_for

TARGET_FULL_MS = 5.0
TARGET_RECHECK_MS = 0.5


def _per_call_ms(fn: Callable[[], object], repeat: int = 7, number: int = 200) -> float:
    """The median over `repeat` runs of the mean time of `number` calls, in milliseconds."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - start) / number * 1000)
    return statistics.median(runs)


def _variant(report: Report, i: int, kind: PeriodKind) -> Report:
    other = copy.deepcopy(report)
    other.id = 10_000 + i
    other.period = Period(2024, kind)
    for code, iv in list(other.values.items()):
        if isinstance(iv.value, Decimal) and code.startswith(("1.", "2.")):
            other.values[code] = IndicatorValue(max(Decimal(0), iv.value - i % 3), iv.note)
    return other


def main() -> int:
    report = report_from_dict(demo_report_data())
    report.id = 1
    catalog = get_catalog(report.catalog_id, report.catalog_version)
    validator = validator_for(catalog)
    history = [_variant(report, 1, PeriodKind.Q1), _variant(report, 2, PeriodKind.M9)]
    last_year = _variant(report, 3, PeriodKind.H1)
    last_year.period = Period(2023, PeriodKind.H1)
    history.append(last_year)
    n_rules = len(validator.rules)
    print(f"Danh mục {catalog.id} {catalog.version}: {len(catalog)} dòng, {n_rules} quy tắc")

    findings = validate_report(report, catalog, [])
    print(
        f"Báo cáo mẫu: {len(findings)} kết quả kiểm tra "
        f"({sum(f.severity.value == 'error' for f in findings)} lỗi)"
    )

    full = _per_call_ms(lambda: validate_report(report, catalog, []))
    full_hist = _per_call_ms(lambda: validate_report(report, catalog, history))
    figures = _per_call_ms(lambda: validator.validate(report))
    print(
        f"Kiểm tra toàn bộ báo cáo mẫu:           {full:.3f} ms  (mục tiêu < {TARGET_FULL_MS} ms)"
    )
    print(f"  kể cả so sánh với 3 báo cáo kỳ khác:   {full_hist:.3f} ms")
    print(f"  riêng số liệu Phụ lục III:             {figures:.3f} ms")

    codes = [c for c in ("1.1.2", "3.1.3", "4.2.2", "1.3.2") if c in catalog]
    worst = 0.0
    for code in codes:

        def edit(code: str = code) -> object:
            report.values[code] = IndicatorValue(Decimal(7))
            return validator.recheck(report, code)

        ms = _per_call_ms(edit, number=2000)
        worst = max(worst, ms)
        print(
            f"Kiểm tra lại sau khi sửa {code:<7} ({len(validator.rules_reading(code))} quy tắc): "
            f"{ms:.4f} ms  (mục tiêu < {TARGET_RECHECK_MS} ms)"
        )
    report = report_from_dict(demo_report_data())

    many = [_variant(report, i, PeriodKind.H1) for i in range(1000)]
    for r in many[:50]:  # warm the caches (catalog names, rule index) before timing
        validate_report(r, catalog, [])
    rates = []
    for n in (100, 250, 500, 1000):
        batch = many[:n]
        best = float("inf")
        for _ in range(3):  # best of three: the machine's noise is not the code's growth
            start = time.perf_counter()
            for r in batch:
                validate_report(r, catalog, [])
            best = min(best, (time.perf_counter() - start) * 1000)
        rates.append(best / n)
        print(f"{n:>5} báo cáo: {best:8.1f} ms, {best / n:.3f} ms/báo cáo")
    spread = max(rates) / min(rates)
    # linear = the cost of one report does not grow with the batch (a falling cost is warm-up or
    # the machine's noise, not worse-than-linear behaviour)
    growth = rates[-1] / rates[0]
    print(f"Thời gian mỗi báo cáo chênh tối đa {spread:.2f} lần giữa các cỡ lô")
    print(f"Tuyến tính: lô 1000 so với lô 100, mỗi báo cáo {growth:.2f} lần (mục tiêu <= 1.5)")

    ok = full < TARGET_FULL_MS and worst < TARGET_RECHECK_MS and growth <= 1.5
    print("ĐẠT" if ok else "CHƯA ĐẠT")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
