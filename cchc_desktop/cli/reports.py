"""`cchc catalog/new/demo/list/show/set/delete`: the indicator catalog and the reports themselves."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

from ..arguments import EXIT_OK, EXIT_USER_ERROR, print_json, print_json_rows, report_id
from ..domain.vn import format_date_short, format_timestamp, nfc
from ..errors import NotFoundError, UserError

# the services (catalogs, templates, serialisation) are imported by the handlers that use them:
# building the parser for one command must not load what the others need
if TYPE_CHECKING:
    from ..domain.catalog import Catalog
    from ..domain.periods import Period
    from ..domain.report import Report, ReportStatus
    from ..domain.stored import ReportSummary
    from ..storage.repository import Repository


def register(sub: Any) -> None:
    p = sub.add_parser("catalog", help="liệt kê danh mục chỉ tiêu Phụ lục III")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--catalog", help="MÃ[@PHIÊN_BẢN] (mặc định: danh mục chuẩn; xem: cchc catalogs)"
    )
    p.set_defaults(handler=cmd_catalog, db_use="none")

    p = sub.add_parser("new", help="tạo báo cáo mới, in số hiệu")
    p.add_argument("--unit", required=True, help="tên đơn vị, ví dụ “Sở Tài chính”")
    p.add_argument("--period", required=True, choices=["Q1", "Q2", "Q3", "Q4", "H1", "9M", "Y"])
    p.add_argument("--year", required=True, type=int)
    p.add_argument("--parent-authority", help="cơ quan chủ quản, ví dụ “UBND TỈNH HÀ TĨNH”")
    p.add_argument("--abbreviation", help="chữ viết tắt trong ký hiệu, ví dụ “STC”")
    p.add_argument("--place", help="địa danh, ví dụ “Hà Tĩnh”")
    p.add_argument(
        "--catalog",
        metavar="MÃ[@PHIÊN_BẢN]",
        help="mẫu Phụ lục III (xem: cchc catalogs; mặc định: mẫu mới nhất đơn vị đã dùng);"
        " none: không có Phụ lục III",
    )
    p.set_defaults(handler=cmd_new, db_use="create")

    p = sub.add_parser("demo", help="tạo báo cáo mẫu (Sở Tài chính Hà Tĩnh, 6 tháng đầu năm 2024)")
    p.set_defaults(handler=cmd_demo, db_use="create")

    p = sub.add_parser("list", help="liệt kê các báo cáo")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list, db_use="query")

    p = sub.add_parser("show", help="xem toàn bộ một báo cáo")
    p.add_argument("id", type=report_id)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_show, db_use="query")

    p = sub.add_parser("set", help="nhập số liệu Phụ lục III: MÃ GIÁ_TRỊ [MÃ GIÁ_TRỊ ...]")
    p.add_argument("id", type=report_id)
    p.add_argument("pairs", nargs="*", metavar="MÃ GIÁ_TRỊ")
    p.set_defaults(handler=cmd_set)

    p = sub.add_parser("delete", help="xóa một báo cáo")
    p.add_argument("id", type=report_id)
    p.set_defaults(handler=cmd_delete)


def _listed_catalog(args: argparse.Namespace) -> Catalog:
    """--catalog ID[@VERSION]: a shipped catalog, else one stored in the database, if it exists
    (this command never creates or needs the file)."""
    from ..services.catalogs import CatalogRegistry, get_catalog, parse_catalog_key

    if not args.catalog:
        return get_catalog()
    cid, version = parse_catalog_key(args.catalog)
    try:
        return get_catalog(cid, version)
    except NotFoundError:
        from ..storage.location import resolve_db_path

        path = resolve_db_path(getattr(args, "db", None))
        if not path.is_file():
            raise
    from ..storage.db import open_engine
    from ..storage.repository import Repository

    engine = open_engine(path, create=False)
    try:
        return CatalogRegistry(Repository(engine)).get(cid, version)
    finally:
        engine.dispose()


def cmd_catalog(args: argparse.Namespace, repo: Repository) -> int:
    catalog = _listed_catalog(args)
    rows = [
        {
            "code": i.code,
            "printed_code": i.printed_code,
            "label": i.label,
            "unit": i.unit,
            "kind": i.kind.value,
            "choices": [{"code": c.code, "label": c.label} for c in i.choices],
            "parent": i.parent,
            "cumulative": i.cumulative,
            "measure": i.measure.value,
            "breakdown": i.breakdown,
            "optional_group": i.optional_group,
            "note": i.note,
        }
        for i in catalog
    ]
    if args.json:
        print_json(
            {
                "id": catalog.id,
                "version": catalog.version,
                "title": catalog.title,
                "indicators": rows,
            }
        )
        return EXIT_OK
    print(f"Danh mục {catalog.id} phiên bản {catalog.version}: {len(rows)} dòng")
    for i in catalog:
        shown = "" if i.printed_code.rstrip(".") == i.code else f" (in: {i.printed_code})"
        unit = f" [{i.unit}]" if i.unit else ""
        print(f"{'  ' * i.level}{i.code}{shown} {i.label}{unit}")
    return EXIT_OK


def cmd_new(args: argparse.Namespace, repo: Repository) -> int:
    from ..services.reports import ReportService, parse_period

    period = parse_period(args.period, args.year)
    report = ReportService(repo).new_report(
        args.unit,
        period,
        parent_authority=args.parent_authority or "",
        abbreviation=args.abbreviation or "",
        place=args.place or "",
        catalog=args.catalog,
    )
    print(report.id)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, repo: Repository) -> int:
    from ..services.reports import ReportService

    report, created = ReportService(repo).create_demo()
    if not created:
        print(f"Báo cáo mẫu đã có sẵn (số hiệu {report.id}).", file=sys.stderr)
    print(report.id)
    return EXIT_OK


# `list --json`'s keys, in their order (a contract), before and after progress_json's
_LIST_HEAD = (
    "id",
    "unit",
    "period",
    "year",
    "period_label",
    "status",
    "number_symbol",
    "updated_at",
    "values_filled",
)
_LIST_TAIL = ("status_label", "sent_on", "sent_via", "sent_number", "corrected")


def cmd_list(args: argparse.Namespace, repo: Repository) -> int:
    rows = repo.list_reports()
    # a report that cannot be read is named on stderr; the others are listed; exit 2 (damaged)
    status = EXIT_USER_ERROR if repo.problems else EXIT_OK
    for problem in repo.problems:
        print(f"Lỗi: {problem}", file=sys.stderr)
    from ..services.clock import today
    from ..services.progress import catalog_lookup, progress_json, summary_completeness

    find = catalog_lookup(repo)
    day = today()  # once for the whole list, not per report
    if args.json:
        # what depends on the period, status and count alone (their words, the deadline and count
        # keys) is made once for each: a line is then its own few values around them
        shared: dict[Any, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
        # the same words and the sending's values after them, one tuple for each distinct pair:
        # the writer writes a tuple's text once, so a line of a report never sent is then its
        # five own values around two shared tuples
        tails: dict[tuple[int, tuple[Any, ...]], tuple[Any, ...]] = {}

        def words_of(r: ReportSummary) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
            done = find.completeness(r)
            # by the objects' identity, as the text's words below, and the count's figures (not
            # its object: one per distinct filled codes); values_filled with them: reports
            # filling the same codes fill as many of the form
            count = None if done is None else (done.filled, done.total)
            key = (id(r.period), id(r.status), count, r.values_filled)
            words = shared.get(key)
            if words is None:
                words = shared[key] = (
                    (r.period.code, r.period.year, r.period.wording, r.status.value),
                    (
                        r.values_filled,
                        *progress_json(r.period, r.status, done, day).values(),
                        r.status.label,
                    ),
                )
            sending = r.sending
            sent = (
                sending.sent_on.isoformat() if sending.sent_on else None,
                sending.via.value if sending.via else None,
                sending.number,
                sending.corrected,
            )
            tail = tails.get((id(words[1]), sent))
            if tail is None:
                tail = tails[id(words[1]), sent] = (*words[1], *sent)
            return words[0], tail

        # a line's words by the identity of what makes them: its period, status, form, blocks,
        # filled codes and sending. read_summaries makes each once for the list (a report never
        # sent shares one sending), and the rows keep them alive meanwhile: the count and the
        # words are looked up once for each distinct line, not for each report
        known: dict[tuple[int, ...], tuple[tuple[Any, ...], tuple[Any, ...]]] = {}

        def line(r: ReportSummary) -> tuple[Any, ...]:
            key = (
                id(r.period),
                id(r.status),
                id(r.catalog_id),
                id(r.catalog_version),
                id(r.optional_groups),
                id(r.filled),
                r.values_filled,
                id(r.sending),
            )
            words = known.get(key)
            if words is None:
                words = known[key] = words_of(r)
            return (r.id, r.unit, words[0], r.number_symbol, r.updated_at.isoformat(), words[1])

        if not rows:
            print_json([])
            return status
        first = rows[0]
        keys = progress_json(first.period, first.status, summary_completeness(first, find), day)
        # the lines are written a batch at a time: 2,000 of them and their text are never held;
        # the shared words are two groups of keys (the second with the sending's), written once
        # for each distinct tuple
        names = (
            *_LIST_HEAD[:2],
            _LIST_HEAD[2:6],
            *_LIST_HEAD[6:8],
            (_LIST_HEAD[8], *keys, *_LIST_TAIL),
        )
        print_json_rows(names, map(line, rows))
        return status
    if not rows and not repo.problems:
        print("Chưa có báo cáo nào. Tạo mới: cchc new --unit ... --period H1 --year 2024")
        return status
    # what depends on the period and status alone (their words, the deadline) is worked out once
    # for each pair, the count once per form and filled codes (find), and a line's text around
    # its own values once for each pair and count. The pair is found by the objects' identity:
    # the rows share them (read_summaries makes each period and status once, and the rows keep
    # them alive meanwhile); hashing a Period and a ReportStatus runs in Python, about 1.5 us a
    # row. The count by its figures (its object is one per distinct filled codes)
    pairs: dict[tuple[int, int], tuple[str, str]] = {}
    words: dict[tuple[Any, ...], tuple[str, str]] = {}
    lines = []
    for r in rows:
        done = find.completeness(r)
        key = (id(r.period), id(r.status), None if done is None else (done.filled, done.total))
        found = words.get(key)
        if found is None:
            pair = pairs.get(key[:2])
            if pair is None:
                pair = pairs[key[:2]] = (
                    f" - {r.period.wording} - {r.status.label} - sửa lần cuối ",
                    _deadline_text(r.period, r.status, day),
                )
            count = "" if done is None else f" - {done.label}"
            found = words[key] = (pair[0], count + pair[1])
        stamp = format_timestamp(r.updated_at)
        lines.append(f"{r.id:>4}  {r.unit}{found[0]}{stamp}{found[1]}\n")
        if len(lines) >= 256:  # a few writes, not 2,000, nor the whole list's text held twice
            sys.stdout.write("".join(lines))
            lines.clear()
    sys.stdout.write("".join(lines))
    return status


def _deadline_text(period: Period, status: ReportStatus, day: dt.date) -> str:
    """ " - hạn gửi 20/3/2026 (quá hạn 257 ngày)"."""
    from ..services.progress import deadline_of

    state = deadline_of(period, status, day)
    mark = (
        f" (quá hạn {state.days_overdue} ngày)"
        if state.overdue
        else f" (còn {state.days_left} ngày)"
        if state.due_soon
        else ""
    )
    return f" - hạn gửi {format_date_short(state.due)}{mark}"


def cmd_show(args: argparse.Namespace, repo: Repository) -> int:
    from ..services.catalogs import CatalogRegistry

    if args.json:
        from ..services.reports import ReportService

        print_json(ReportService(repo).show(args.id))
        return EXIT_OK
    # the text needs none of the JSON's extras (serialised fields, provenance): the report and
    # its form are read here, without the services that build them
    report = repo.load_report(args.id)
    catalog = CatalogRegistry(repo).for_report(report)
    print(
        f"Báo cáo {report.id}: {report.unit.name} - {report.period.wording} ({report.status.label})"
    )
    print_header(report)
    n_sections = sum(1 for _ in report.narrative.numbered())
    print(
        f"Nội dung: {n_sections} mục, {len(report.footnotes)} chú thích; "
        f"Phụ lục I: {len(report.propaganda)} dòng; Phụ lục II: {len(report.remediation)} mục"
    )
    print("Phụ lục III:" if len(catalog) else "Phụ lục III: không có")
    for ind in catalog.enabled(report.optional_groups):
        iv = report.values.get(ind.code)
        if ind.has_value and iv is not None and iv.is_reported:
            note = f"  ({iv.note})" if iv.note else ""
            print(f"  {ind.code:<10} {ind.format_value(iv.value):>10}  {ind.label}{note}")
    return EXIT_OK


def print_header(report: Report) -> None:
    """The header and signature fields, a line each (`show` and `header`)."""
    print(f"Số: {report.number_symbol}   {report.place_date_line()}")
    print(f"Trích yếu: {report.subject}")
    if report.recipient_to:
        print(f"Kính gửi: {report.recipient_to}")
    print("Người ký: " + " / ".join([*report.signer.lines, report.signer.name]))
    print("Nơi nhận: " + " ".join(f"- {r}" for r in report.recipients))


def cmd_set(args: argparse.Namespace, repo: Repository) -> int:
    from ..services.catalogs import CatalogRegistry
    from ..services.reports import ReportService

    items = list(args.pairs)
    if not items or len(items) % 2:
        raise UserError("Cần các cặp MÃ GIÁ_TRỊ, ví dụ: cchc set 1 1.1.1 38 1.1.2 19")
    pairs = [(nfc(items[i]), nfc(items[i + 1])) for i in range(0, len(items), 2)]
    values, switched_on = ReportService(repo).set_values_switching(args.id, pairs)
    for group in switched_on:
        # nothing silent: the figures of a switched-off block would be neither shown nor checked
        print(
            f"Đã bật khối “{group.title}” ({group.code}) của Phụ lục III để số liệu được hiện,"
            f" kiểm tra và xuất (tắt: cchc groups {args.id} --off {group.code}).",
            file=sys.stderr,
        )
    report = repo.load_report(args.id)
    catalog = CatalogRegistry(repo).for_report(report)
    for code, iv in values.items():
        shown = catalog.get(code).format_value(iv.value) or "(để trống)"
        print(f"{code} = {shown}")
    return EXIT_OK


def cmd_delete(args: argparse.Namespace, repo: Repository) -> int:
    repo.delete_report(args.id)
    print(f"Đã xóa báo cáo {args.id}")
    return EXIT_OK
