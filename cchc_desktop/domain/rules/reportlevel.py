"""Checks of the document itself: number and date, signer, recipients, footnotes, sections, appendices."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

from ..report import Report, Section
from ..vn import clean_line, format_date_short
from .model import Finding, Severity

_NUMBER_RE = re.compile(r"^\d+$")
_APPENDIX_WORD = re.compile(r"phụ\s+lục", re.IGNORECASE)
# compiled at its first use (re keeps it): only an imported document's appendices have such
# lines, and compiling it case-insensitively costs ~4 ms that every `cchc validate` paid at import
_APPENDIX_REF = (
    r"số:?\s*(?P<number>[^\s/]*)\s*/\s*(?P<symbol>[^\s,]+)\s+ngày\s*(?P<day>\d{0,2})\s*/\s*"
    r"(?P<month>\d{0,2})\s*/\s*(?P<year>\d{4})"
)


def _f(severity: Severity, rule: str, message: str) -> Finding:
    return Finding(severity, f"report.{rule}", (), message, {})


def _walk(sections: Sequence[Section]) -> Iterator[tuple[str, Section]]:
    for sec in sections:
        yield sec.title, sec
        yield from _walk(sec.children)


def _has_text(section: Section) -> bool:
    # a paragraph's text or footnote marks, run by run (no joined text per paragraph: this check
    # runs on every save of typed text)
    return any(
        r.footnote_id is not None or r.text.strip() for p in section.paragraphs for r in p.runs
    )


def _recipient(text: str) -> str:
    return " ".join(text.split()).lstrip("-–• ").strip()


def report_findings(report: Report, appendix_lines: Sequence[str] = ()) -> list[Finding]:
    """The document-level findings. appendix_lines are the appendices' "(Kèm theo Báo cáo số ...)"
    lines as found in an imported document; the app's own export derives them from the report."""
    out: list[Finding] = []
    out.extend(_header(report))
    out.extend(_signature(report))
    out.extend(_recipients(report))
    out.extend(_footnotes(report))
    out.extend(_sections(report))
    out.extend(_appendices(report, appendix_lines))
    return out


def _header(report: Report) -> Iterator[Finding]:
    number = report.number.strip()
    if not report.symbol.strip():
        yield _f(
            Severity.ERROR,
            "symbol",
            "Chưa có ký hiệu văn bản (ví dụ “BC-STC” trong “Số: 05/BC-STC”).",
        )
    elif not report.symbol.upper().startswith("BC-"):
        yield _f(
            Severity.WARNING,
            "symbol",
            f"Ký hiệu “{report.symbol}” của một báo cáo thường "
            "bắt đầu bằng “BC-” (ví dụ “BC-STC”).",
        )
    if not number:
        yield _f(
            Severity.NOTICE,
            "number",
            f"Số văn bản để trống (“Số: /{report.symbol}”): văn thư ghi số khi phát hành "
            "báo cáo; bản xuất để sẵn chỗ trống.",
        )
    elif not _NUMBER_RE.match(number):
        yield _f(Severity.WARNING, "number", f"Số văn bản “{number}” chỉ gồm chữ số.")
    elif len(number) == 1:
        yield _f(
            Severity.NOTICE,
            "number",
            f"Số văn bản dưới 10 viết thêm số 0 phía trước: “0{number}/{report.symbol}”.",
        )
    if not report.place.strip():
        yield _f(Severity.ERROR, "place", "Chưa có địa danh nơi ban hành (ví dụ “Hà Tĩnh”).")
    if report.date is None:
        yield _f(
            Severity.NOTICE,
            "date",
            "Ngày báo cáo để trống: văn thư ghi ngày khi phát hành báo cáo.",
        )
    elif report.date < report.period.cutoff_end:
        yield _f(
            Severity.WARNING,
            "date",
            f"Ngày báo cáo {format_date_short(report.date)} sớm hơn ngày chốt số liệu của "
            f"kỳ {report.period.wording} ({format_date_short(report.period.cutoff_end)}).",
        )
    if not report.subject.strip():
        yield _f(
            Severity.WARNING,
            "subject",
            f"Chưa có trích yếu (ví dụ “Cải cách hành chính {report.period.wording}”).",
        )


def _signature(report: Report) -> Iterator[Finding]:
    if not report.signer.title.strip():
        yield _f(Severity.ERROR, "signer", "Chưa có chức vụ người ký (ví dụ “PHÓ GIÁM ĐỐC”).")
    if not report.signer.name.strip():
        yield _f(Severity.ERROR, "signer-name", "Chưa có họ tên người ký.")


def _recipients(report: Report) -> Iterator[Finding]:
    entries = [e for e in map(_recipient, report.recipients) if e]
    if not entries:
        yield _f(
            Severity.ERROR,
            "recipients",
            "Chưa có nơi nhận (ví dụ “- Sở Nội vụ (b/c);” ... “- Lưu: VT, VP.”).",
        )
        return
    if not entries[-1].casefold().startswith("lưu"):
        yield _f(
            Severity.ERROR,
            "recipients-archive",
            f"Nơi nhận cuối cùng phải là “Lưu: ...” (ví dụ “- Lưu: VT, VP.”), đang là "
            f"“{entries[-1]}”.",
        )
    for entry in entries[:-1]:
        if entry.casefold().startswith("lưu"):
            yield _f(
                Severity.WARNING,
                "recipients-archive",
                f"“{entry}” phải đứng cuối danh sách nơi nhận.",
            )
    if report.recipient_to.strip() and not entries[0].casefold().startswith("như trên"):
        yield _f(
            Severity.NOTICE,
            "recipients-first",
            "Báo cáo có “Kính gửi”: nơi nhận đầu tiên thường là “- Như trên;”.",
        )


def _footnotes(report: Report) -> Iterator[Finding]:
    # the runs read directly (Paragraph.footnote_ids' rule), not a list per paragraph: this
    # check runs on every save of typed text
    referenced = [
        r.footnote_id
        for para in report.narrative.paragraphs()
        for r in para.runs
        if r.footnote_id is not None
    ]
    known = {f.id for f in report.footnotes}
    missing = [fid for fid in dict.fromkeys(referenced) if fid not in known]
    if missing:
        yield _f(
            Severity.ERROR,
            "footnote-missing",
            f"Có {len(missing)} dấu chú thích trong nội dung nhưng không có lời chú thích "
            "tương ứng.",
        )
    used = set(referenced)
    for n, note in enumerate(report.footnotes, start=1):
        if note.id not in used:
            excerpt = " ".join(note.text.split())[:60]
            yield _f(
                Severity.WARNING,
                "footnote-unreferenced",
                f"Chú thích “{excerpt}” không được dẫn ở đâu trong nội dung (sẽ không "
                "xuất hiện trong bản Word).",
            )
        if not note.text.strip():
            yield _f(Severity.ERROR, "footnote-empty", f"Chú thích thứ {n} chưa có nội dung.")
    repeated = [fid for fid, n in Counter(referenced).items() if n > 1]
    if repeated:
        yield _f(
            Severity.WARNING,
            "footnote-repeated",
            "Một chú thích được dẫn nhiều lần; Word đánh số mỗi lần dẫn là một chú thích riêng.",
        )


def _sections(report: Report) -> Iterator[Finding]:
    for title, sec in _walk(report.narrative.sections):
        if not title.strip():
            yield _f(Severity.WARNING, "section-title", "Có một mục của nội dung chưa có tiêu đề.")
        if not _has_text(sec) and not sec.children:
            yield _f(
                Severity.WARNING,
                "section-empty",
                f"Mục “{' '.join(title.split())[:80]}” chưa có nội dung.",
            )


def _appendices(report: Report, lines: Sequence[str]) -> Iterator[Finding]:
    has_appendix = bool(
        report.propaganda
        or report.remediation
        or any(iv.value is not None for iv in report.values.values())
    )
    if has_appendix:
        mentioned = any(_APPENDIX_WORD.search(p.text) for p in report.narrative.paragraphs())
        if not mentioned:
            yield _f(
                Severity.WARNING,
                "appendix-mentioned",
                "Nội dung báo cáo chưa nhắc tới phụ lục gửi kèm (ví dụ “(Có Phụ lục gửi kèm)”).",
            )
    for line in lines:
        yield from _appendix_line(report, line)


def _appendix_line(report: Report, line: str) -> Iterator[Finding]:
    """Compare a "(Kèm theo Báo cáo số 123/BC-STC ngày 15/6/2024 ...)" line with the report."""
    shown = clean_line(line)
    m = re.search(_APPENDIX_REF, shown, re.IGNORECASE)
    if m is None:
        yield _f(
            Severity.WARNING,
            "appendix-reference",
            f"Dòng “{shown[:80]}” không có số và ngày của báo cáo theo mẫu “(Kèm theo Báo cáo "
            "số .../BC-... ngày .../.../...)”.",
        )
        return
    problems: list[str] = []
    number = m.group("number")
    if number and number.lstrip("0") != report.number.strip().lstrip("0"):
        problems.append(f"số “{number}” khác số của báo cáo “{report.number or '(để trống)'}”")
    if m.group("symbol").casefold() != report.symbol.casefold():
        problems.append(f"ký hiệu “{m.group('symbol')}” khác “{report.symbol}”")
    date = report.date
    year = int(m.group("year"))
    if date is not None:
        day, month = m.group("day"), m.group("month")
        if (
            (day and int(day) != date.day)
            or (month and int(month) != date.month)
            or year != date.year
        ):
            problems.append(f"ngày khác ngày báo cáo {format_date_short(date)}")
    elif year != report.period.year:
        problems.append(f"năm {year} khác năm báo cáo {report.period.year}")
    if problems:
        yield _f(
            Severity.ERROR,
            "appendix-reference",
            "Dòng “Kèm theo Báo cáo” của phụ lục không khớp với báo cáo: "
            + "; ".join(problems)
            + ".",
        )
