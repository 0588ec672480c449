"""`cchc status` / `cchc history`: the report's life in the office (Dự thảo, Hoàn thành, Đã gửi,
reopened with a reason) and the history of its figures and fields."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from ..arguments import EXIT_OK, print_json, report_id
from ..domain.vn import clean_line, nfc

if TYPE_CHECKING:
    from ..services.store import ReportStore


def register(sub: Any) -> None:
    p = sub.add_parser(
        "status",
        help="xem hoặc đổi trạng thái báo cáo: draft (Dự thảo), final (Hoàn thành), sent (Đã gửi)",
    )
    p.add_argument("id", type=report_id)
    p.add_argument("status", nargs="?", metavar="draft|final|sent", help="trạng thái mới")
    p.add_argument(
        "--sent-on", metavar="NGÀY", help="ngày gửi, ví dụ 05/02/2024 (mặc định: hôm nay)"
    )
    p.add_argument("--via", metavar="CÁCH", help="cách gửi: giay, he-thong, email")
    p.add_argument("--number", metavar="SỐ", help="số văn bản do văn thư cấp, ví dụ 125/BC-STC")
    p.add_argument("--reason", metavar="LÝ_DO", help="lý do mở lại báo cáo đã gửi để sửa")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_status)

    p = sub.add_parser(
        "history", help="lịch sử thay đổi của báo cáo, hoặc của một chỉ tiêu Phụ lục III"
    )
    p.add_argument("id", type=report_id)
    p.add_argument("code", nargs="?", metavar="MÃ", help="mã chỉ tiêu, ví dụ 1.1.1")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_history)


def _status_dict(report: Any) -> dict[str, Any]:
    from ..domain.lifecycle import describe_sending

    s = report.sending
    return {
        "id": report.id,
        "status": report.status.value,
        "status_label": report.status.label,
        "sent_on": s.sent_on.isoformat() if s.sent_on else None,
        "sent_via": s.via.value if s.via else None,
        "sent_number": s.number,
        "sending": describe_sending(s),
        "reopen_count": s.reopen_count,
        "reopen_reason": s.reopen_reason,
        "corrected": s.corrected,
    }


def run_status(args: argparse.Namespace, repo: ReportStore) -> int:
    from ..domain.lifecycle import StatusRequest, TransitionRefused, parse_status, parse_via
    from ..domain.vn import parse_date
    from ..errors import InvalidValueError
    from ..services.lifecycle import change_status

    if args.status is None:
        if any(v is not None for v in (args.sent_on, args.via, args.number, args.reason)):
            raise InvalidValueError("Cần trạng thái mới (draft, final hoặc sent).")
        report = repo.load_report(args.id)
    else:
        try:
            target = parse_status(args.status)
            via = parse_via(args.via) if args.via else None
            sent_on = parse_date(args.sent_on) if args.sent_on else None
        except (TransitionRefused, ValueError) as exc:
            raise InvalidValueError(str(exc)) from None
        request = StatusRequest(
            target,
            sent_on=sent_on,
            via=via,
            number=clean_line(args.number or ""),
            reason=nfc(args.reason or ""),
        )
        report = change_status(repo, args.id, request)
    if args.json:
        print_json(_status_dict(report))
        return EXIT_OK
    from ..domain.lifecycle import describe_sending

    line = f"Báo cáo {report.id}: {report.status.label}"
    if report.sending.sent_on and report.status.value == "sent":
        line += f" ({describe_sending(report.sending)})"
    print(line)
    if report.sending.corrected:
        print(
            f"Đã mở lại {report.sending.reopen_count} lần, lần cuối vì: "
            f"{report.sending.reopen_reason}. Bản xuất tiếp theo ghi là bản điều chỉnh."
        )
    return EXIT_OK


def run_history(args: argparse.Namespace, repo: ReportStore) -> int:
    from ..domain.history import describe, entry_to_dict
    from ..errors import NotFoundError
    from ..services.lifecycle import history

    code = clean_line(args.code).rstrip(".") if args.code else None
    entries, catalog = history(repo, args.id, code)
    if code is not None and code not in catalog:
        raise NotFoundError(f"không có chỉ tiêu mã “{code}” trong danh mục {catalog.id}")
    if args.json:
        print_json([entry_to_dict(e, catalog) for e in entries])
        return EXIT_OK
    if not entries:
        print("Chưa có thay đổi nào được ghi lại.")
    for e in entries:
        print(describe(e, catalog))
    return EXIT_OK
