"""The report's life in the office: Dự thảo -> Hoàn thành -> Đã gửi, and "Mở lại để sửa" (with a
reason) back to Dự thảo. Which moves are allowed and what each needs; pure, no database."""

from __future__ import annotations

import datetime as dt

from .frozen import Frozen
from .report import Report, ReportStatus, Sending, SentVia
from .vn import clean_line, format_date_short, nfc

DRAFT, FINAL, SENT = ReportStatus.DRAFT, ReportStatus.FINAL, ReportStatus.SENT


class TransitionRefused(ValueError):
    """A status change that is not allowed now; the message says why, in Vietnamese."""


class StatusRequest(Frozen):
    """A status change as asked for (GUI or `cchc status`)."""

    __match_args__ = ("target", "sent_on", "via", "number", "reason")
    target: ReportStatus
    sent_on: dt.date | None
    via: SentVia | None
    number: str
    reason: str

    def __init__(
        self,
        target: ReportStatus,
        sent_on: dt.date | None = None,
        via: SentVia | None = None,
        number: str = "",
        reason: str = "",
    ) -> None:
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "sent_on", sent_on)
        object.__setattr__(self, "via", via)
        object.__setattr__(self, "number", number)
        object.__setattr__(self, "reason", reason)


def parse_status(text: str) -> ReportStatus:
    """ "draft"/"final"/"sent" (the CLI's words) or the Vietnamese labels."""
    key = nfc(text).strip().casefold()
    for status in ReportStatus:
        if key in (status.value, status.label.casefold()):
            return status
    raise TransitionRefused(
        f"“{text}” không phải là trạng thái báo cáo (draft: Dự thảo, final: Hoàn thành,"
        " sent: Đã gửi)"
    )


_VIA_WORDS = {
    SentVia.PAPER: ("paper", "giay", "giấy", "văn bản giấy"),
    SentVia.SYSTEM: ("system", "he-thong", "hệ thống", "hệ thống quản lý văn bản"),
    SentVia.EMAIL: ("email", "thu-dien-tu", "thư điện tử"),
}


def parse_via(text: str) -> SentVia:
    key = nfc(text).strip().casefold()
    for via, words in _VIA_WORDS.items():
        if key in words:
            return via
    raise TransitionRefused(
        f"“{text}” không phải là cách gửi (giay: văn bản giấy, he-thong: hệ thống quản lý văn bản,"
        " email: thư điện tử)"
    )


def locked_message(report_id: int | None, sending: Sending) -> str:
    """Why a sent report refuses an edit, and how to reopen it."""
    when = f" ngày {format_date_short(sending.sent_on)}" if sending.sent_on else ""
    number = f" (số {sending.number})" if sending.number else ""
    rid = report_id if report_id is not None else "ID"
    return (
        f"Không sửa được: báo cáo đã gửi{when}{number}. Muốn sửa, hãy “Mở lại để sửa” và ghi lý do"
        f" (lệnh: cchc status {rid} draft --reason “…”)."
    )


def plan_transition(
    current: ReportStatus, sending: Sending, request: StatusRequest, *, errors: int, today: dt.date
) -> Sending:
    """The sending record after the change, or TransitionRefused saying why it is not allowed.

    errors: the error-level findings the report has now (Hoàn thành and Đã gửi need none)."""
    target = request.target
    reason = clean_line(request.reason)
    if target is SENT:
        if current is DRAFT:
            raise TransitionRefused(
                "Báo cáo còn là dự thảo: hãy chuyển sang “Hoàn thành” trước khi ghi là đã gửi."
            )
        if errors:
            raise TransitionRefused(
                f"Báo cáo còn {errors} lỗi: sửa hết lỗi (trang Kiểm tra, lệnh validate) trước khi"
                " ghi là đã gửi."
            )
        sent_on = request.sent_on or (sending.sent_on if current is SENT else None) or today
        if sent_on > today:
            raise TransitionRefused(
                f"Ngày gửi {format_date_short(sent_on)} là một ngày trong tương lai."
            )
        keep = current is SENT  # correcting the details of a sending keeps those not given
        return Sending(
            sent_on=sent_on,
            via=request.via or (sending.via if keep else None),
            number=clean_line(request.number) or (sending.number if keep else ""),
            reopen_count=sending.reopen_count,
            reopen_reason=sending.reopen_reason,
        )
    if request.sent_on or request.via or request.number:
        raise TransitionRefused(
            "Ngày gửi, cách gửi và số văn bản chỉ ghi khi chuyển sang “Đã gửi”."
        )
    if target is FINAL:
        if current is SENT:
            raise TransitionRefused(
                "Báo cáo đã gửi: muốn sửa thì “Mở lại để sửa” (về dự thảo, ghi lý do)."
            )
        if errors:
            raise TransitionRefused(
                f"Báo cáo còn {errors} lỗi nên chưa thể ghi là hoàn thành: sửa hết lỗi (trang Kiểm"
                " tra, lệnh validate) trước."
            )
        return sending
    # back to Dự thảo
    if current is SENT:
        if not reason:
            raise TransitionRefused(
                "Mở lại báo cáo đã gửi cần ghi lý do (ví dụ: “Sai số liệu mục 1.1.2, Sở Nội vụ"
                " yêu cầu gửi lại”)."
            )
        return Sending(
            sent_on=sending.sent_on,
            via=sending.via,
            number=sending.number,
            reopen_count=sending.reopen_count + 1,
            reopen_reason=reason,
        )
    return sending


def corrected_mark(report: Report) -> str:
    """The line a corrected version carries on the document (empty for the first version):
    "(Bản điều chỉnh lần 1, thay thế báo cáo đã gửi ngày 05/02/2024, số 125/BC-STC)"."""
    s = report.sending
    if not s.corrected:
        return ""
    what = "báo cáo đã gửi"
    if s.sent_on:
        what += f" ngày {format_date_short(s.sent_on)}"
    if s.number:
        what += f", số {s.number}"
    return f"(Bản điều chỉnh lần {s.reopen_count}, thay thế {what})"


def corrected_file_suffix(report: Report) -> str:
    """What a corrected version's suggested file name ends with: " (bản điều chỉnh lần 1)"."""
    n = report.sending.reopen_count
    return f" (bản điều chỉnh lần {n})" if n else ""


def describe_sending(sending: Sending) -> str:
    """ "ngày 05/02/2024, văn bản giấy, số 125/BC-STC" (what is known of it)."""
    parts = []
    if sending.sent_on:
        parts.append(f"ngày {format_date_short(sending.sent_on)}")
    if sending.via:
        parts.append(sending.via.label)
    if sending.number:
        parts.append(f"số {sending.number}")
    return ", ".join(parts)
