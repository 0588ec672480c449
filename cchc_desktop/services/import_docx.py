"""Import a Word report (.docx) into a new report: read and recognise it, let the user correct the
proposals (unit, period), then save it whole in one transaction. Shared by `cchc import-docx` and
the "Nhập từ tệp Word…" dialog."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..domain.periods import Period, next_period
from ..domain.report import Report, Unit
from ..domain.vn import clean_line
from ..domain.word_import import Recognition, recognise
from ..errors import UserError
from .catalogs import DEFAULT_CATALOG_ID, get_catalog
from .store import ReportStore


@dataclass
class DocxImportChoices:
    """What the user decides before saving (each None/"" keeps what was recognised)."""

    unit_name: str = ""
    abbreviation: str | None = None
    parent_authority: str | None = None
    period: Period | None = None


def read_docx_report(path: Path, *, today: dt.date | None = None) -> Recognition:
    """The report a Word file holds, with the review. Nothing is written."""
    from ..export.docx_import import read_word_report  # python-docx, only when a file is read

    if path.suffix.lower() == ".doc":
        # checked again by its bytes: a .doc renamed .docx is refused the same way
        raise UserError(
            f"Tệp “{path.name}” theo định dạng Word 97-2003 (.doc), ứng dụng chỉ đọc tệp .docx. "
            "Hãy mở tệp trong Word, chọn Tệp > Lưu thành > “Tài liệu Word (*.docx)” rồi nhập lại."
        )
    today = today or dt.date.today()
    from ..domain.periods import PeriodKind

    document = read_word_report(path)
    return recognise(
        document, get_catalog(DEFAULT_CATALOG_ID), fallback_period=Period(today.year, PeriodKind.Y)
    )


class DocxImport:
    """Saves a recognised report as a new one."""

    def __init__(self, repo: ReportStore) -> None:
        self.repo = repo

    def existing(self, unit_name: str, period: Period) -> Report | None:
        key = clean_line(unit_name).casefold()
        for unit in self.repo.units():
            if unit.name.casefold() == key:
                for report in self.repo.reports_for_unit(unit.name):
                    if report.period == period:
                        return report
        return None

    def apply_choices(self, recognition: Recognition, choices: DocxImportChoices) -> Report:
        """The report as it will be saved: the user's unit and period over the proposals, and a
        known unit's details (abbreviation, place) where the document had none."""
        report = recognition.report
        name = clean_line(choices.unit_name) or report.unit.name
        if not name:
            raise UserError(
                "Không nhận ra tên đơn vị trong văn bản: hãy nhập tên đơn vị (--unit TÊN)."
            )
        known = next((u for u in self.repo.units() if u.name.casefold() == name.casefold()), None)
        unit = Unit(
            known.name if known else name,
            clean_line(choices.parent_authority)
            if choices.parent_authority is not None
            else report.unit.parent_authority or (known.parent_authority if known else ""),
            clean_line(choices.abbreviation)
            if choices.abbreviation is not None
            else report.unit.abbreviation or (known.abbreviation if known else ""),
            report.unit.place or (known.place if known else ""),
        )
        report.unit = unit
        if choices.abbreviation is not None and unit.abbreviation:
            report.symbol = f"BC-{unit.abbreviation}"
        if choices.period is not None and choices.period != report.period:
            # the trích yếu names the period: it follows the one chosen ("6 tháng đầu năm 2024"
            # -> "9 tháng năm 2024"), as "Tạo từ kỳ trước" does
            old = report.period.wording
            if old in report.subject:
                report.subject = report.subject.replace(old, choices.period.wording)
            elif old.casefold() in report.subject.casefold():
                report.subject = choices.period.default_subject()
            report.period = choices.period
        return report

    def proposed_period(self, recognition: Recognition) -> Period:
        """The period to offer: the document's, or the next one when the unit already reported it
        (importing last period's report to start this one)."""
        report = recognition.report
        if report.unit.name and self.existing(report.unit.name, report.period) is not None:
            return next_period(report.period)
        return report.period

    def save(self, recognition: Recognition, choices: DocxImportChoices) -> Report:
        """Save the import as a new report (one transaction); refused when the unit already has a
        report of that period (nothing written)."""
        report = self.apply_choices(recognition, choices)
        found = self.existing(report.unit.name, report.period)
        if found is not None:
            raise UserError(
                f"Đơn vị “{report.unit.name}” đã có báo cáo {report.period.wording} (số hiệu "
                f"{found.id}): chưa ghi gì. Hãy chọn kỳ khác (--period, --year) hoặc xóa báo cáo cũ."
            )
        report.id = None
        self.repo.save_report(report)
        return report
