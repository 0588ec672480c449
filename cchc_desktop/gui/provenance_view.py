"""Where the open report's merged figures came from, for Phụ lục III's tooltips: “Tổng hợp từ:
Phòng Kế hoạch 12, Văn phòng 7, Trung tâm 3”, needing manual entry, or overridden by hand."""

from __future__ import annotations

from ..domain.aggregate import shown
from ..domain.catalog import Indicator
from ..domain.provenance import Provenance
from ..errors import UserError
from ..services.merge import MergeService
from .controller import ReportController


class ProvenanceView:
    """The report's provenance, read on first use and again whenever the report is reloaded."""

    def __init__(self, ctrl: ReportController) -> None:
        self.ctrl = ctrl
        self._prov: Provenance | None = None
        ctrl.report_reset.connect(self.forget)

    def forget(self) -> None:
        self._prov = None

    @property
    def provenance(self) -> Provenance:
        if self._prov is None:
            rid = self.ctrl.report.id
            try:
                self._prov = (
                    MergeService(self.ctrl.session.repo).provenance(rid, self.ctrl.report.unit.name)
                    if rid is not None
                    else Provenance()
                )
            except UserError:
                self._prov = Provenance()  # a tooltip never fails: the value itself is shown
        return self._prov

    def lines(self, ind: Indicator) -> list[str]:
        prov = self.provenance
        parts = prov.parts_of(ind.code)
        mark = prov.merged.get(ind.code)
        if not parts and mark is None:
            return []
        listing = (
            ", ".join(f"{p.unit} {shown(ind, p.value)}" for p in parts) or "không đơn vị nào ghi"
        )
        if mark is not None and mark.status == "manual":
            return [f"Cần nhập tay; các đơn vị ghi: {listing}"]
        out = [f"Tổng hợp từ: {listing}"]
        if prov.is_overridden(ind.code, self.ctrl.report.value(ind.code)):
            merged = (
                shown(ind, mark.value) if mark is not None and mark.value is not None else "(trống)"
            )
            out.append(f"Đã sửa tay sau khi tổng hợp (số tổng hợp: {merged})")
        return out


def provenance_lines(ctrl: ReportController, ind: Indicator) -> list[str]:
    """The tooltip lines of one indicator's merged value (nothing for a value typed in)."""
    view = getattr(ctrl, "_provenance_view", None)
    if view is None:
        view = ProvenanceView(ctrl)
        ctrl._provenance_view = view  # type: ignore[attr-defined]  # one per open report
    lines: list[str] = view.lines(ind)
    return lines
