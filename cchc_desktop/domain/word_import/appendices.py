"""The appendix tables of an imported report: Phụ lục I and II rows into their tables, Phụ lục III
rows matched to the catalog by label and printed code, figures read the Vietnamese way."""

from __future__ import annotations

import re
from decimal import Decimal

from ..appendix_tables import PROPAGANDA_HEADINGS, REMEDIATION_HEADINGS, parse_score
from ..catalog import Catalog, Indicator, IndicatorKind
from ..report import IndicatorValue, PropagandaRow, RemediationItem
from ..vn import NumberFormatError, clean_line, parse_number
from .model import Cell, Review, WordTable, cell_text
from .text import multiline as _multiline
from .text import short as _short
from .text import undash as _undash


class AppendixReader:
    """Collects the rows of the appendix tables met in a document."""

    def __init__(self, catalog: Catalog, review: Review) -> None:
        self.catalog = catalog
        self.review = review
        self.propaganda: list[PropagandaRow] = []
        self.remediation: list[RemediationItem] = []
        self.values: dict[str, IndicatorValue] = {}
        self.optional_groups: set[str] = set()
        self._label_index: dict[str, list[Indicator]] | None = None

    def read(self, table: WordTable) -> bool:
        """Read table into its appendix when its heading row is one of theirs; False otherwise."""
        head = " | ".join(t.casefold() for t in table.texts(0))
        if "số lượng" in head and "chỉ tiêu" in head:
            self._propaganda(table)
            return True
        if "giải pháp" in head and "khắc phục" in head:
            self._remediation(table)
            return True
        if "chỉ tiêu thống kê" in head or ("stt" in head and "ghi chú" in head):
            self._statistics(table)
            return True
        return False

    def _propaganda(self, table: WordTable) -> None:
        width = len(PROPAGANDA_HEADINGS)
        for n, row in enumerate(table.rows[1:], start=2):
            texts = [cell_text(c) for c in row]
            if len(texts) < width:
                self.review.problems.append(f"Phụ lục I, dòng {n}: thiếu cột, chưa nhập")
                continue
            number, label, unit, qty, note = (_multiline(t) for t in texts[:width])
            unit = clean_line(unit.replace("\u00a0", " "))  # the export breaks units to fit
            if not (number or label) or number.casefold() in ("tt", "stt"):
                continue  # an empty row, or the heading row repeated on a new page
            try:
                quantity = parse_number(qty)
            except NumberFormatError as exc:
                self.review.problems.append(f"Phụ lục I, dòng “{_short(label)}”: {exc}")
                quantity = None
            self.propaganda.append(PropagandaRow(number, label, unit, quantity, note))

    def _remediation(self, table: WordTable) -> None:
        for row in table.rows[1:]:
            if len(row) < len(REMEDIATION_HEADINGS):
                self.review.problems.append("Phụ lục II: một dòng thiếu cột, chưa nhập")
                continue
            number = clean_line(cell_text(row[0]))
            paras = [p for p in row[1] if p.line]
            if number.casefold() in ("tt", "stt") or all(
                set(clean_line(cell_text(c))) <= set("-–— ") for c in row
            ):
                continue  # the heading row repeated on a new page, an empty row, rules only
            if not number and self.remediation and not (paras and paras[0].all_bold):
                # a row Word split across pages (or a repeated heading row): the rest of the item
                item = self.remediation[-1]
                item.findings.extend(_undash(p.text) for p in paras)
                item.remedies.extend(_list_cell(row[2]))
                item.deadlines.extend(_list_cell(row[3]))
                item.progress.extend(_list_cell(row[4]))
                continue
            criterion, assessment = "", ""
            if paras:
                bold = "".join(r.text for r in paras[0].runs if r.bold and r.footnote is None)
                rest = "".join(r.text for r in paras[0].runs if not r.bold and r.footnote is None)
                criterion, assessment = _multiline(bold), _multiline(rest)
                if not criterion:
                    criterion, assessment = assessment, ""
            got: Decimal | None = None
            top: Decimal | None = None
            m = _SCORE_IN_TEXT.search(assessment)
            if m:
                try:
                    got, top = parse_score(f"{m.group(1)}/{m.group(2)}")
                except NumberFormatError:
                    got = top = None
            self.remediation.append(
                RemediationItem(
                    number=number,
                    criterion=criterion,
                    assessment=assessment,
                    score_got=got,
                    score_max=top,
                    findings=[_undash(p.text) for p in paras[1:]],
                    remedies=_list_cell(row[2]),
                    deadlines=_list_cell(row[3]),
                    progress=_list_cell(row[4]),
                )
            )

    def _statistics(self, table: WordTable) -> None:
        indicators = self.catalog.indicators
        position = {ind.code: n for n, ind in enumerate(indicators)}
        last = -1
        for row in table.rows:
            texts = [clean_line(cell_text(c).replace("\u00a0", " ")) for c in row]
            if len(texts) < 5:
                continue
            stt, label, _unit, value_text, note = texts[:5]
            if not (stt or label or value_text) and note and last >= 0:
                # the note's end on the next page, in a row of its own ("Số nhiệm vụ còn" +
                # "lại đang thực hiện trong hạn")
                code = indicators[last].code
                old = self.values.get(code, IndicatorValue())
                self.values[code] = IndicatorValue(old.value, f"{old.note} {note}".strip())
                continue
            low = label.casefold()
            if not label or low.startswith("chỉ tiêu thống kê") or stt.casefold() == "stt":
                continue
            if not stt and not label:
                continue
            ind = self._match(stt, label, last, position)
            if ind is None:
                self.review.unmatched_rows.append(
                    f"{stt} {_short(label)}".strip() + (f": {value_text}" if value_text else "")
                )
                continue
            last = position[ind.code]
            if ind.optional_group:
                self.optional_groups.add(ind.optional_group)
            value: Decimal | str | None = None
            if value_text and ind.kind is not IndicatorKind.GROUP:
                try:
                    value = ind.parse_value(value_text)
                except NumberFormatError as exc:
                    self.review.problems.append(f"Phụ lục III: {exc}")
            elif value_text:
                self.review.problems.append(
                    f"Phụ lục III: dòng nhóm {ind.code} có số liệu “{value_text}”, bỏ qua"
                )
            iv = IndicatorValue(value, note)
            if iv.is_reported:
                self.values[ind.code] = iv

    def _labels(self) -> dict[str, list[Indicator]]:
        """The catalog's indicators by label, as Catalog.by_label finds them, built once: a
        hundred rows each scanning the catalog took most of the import's time."""
        if self._label_index is None:
            self._label_index = {}
            for ind in self.catalog.indicators:
                self._label_index.setdefault(clean_line(ind.label).casefold(), []).append(ind)
        return self._label_index

    def _match(self, stt: str, label: str, last: int, position: dict[str, int]) -> Indicator | None:
        code = stt.strip().rstrip(".")
        candidates = list(self._labels().get(clean_line(label).casefold(), ()))
        if len(candidates) > 1 and code and not code.casefold().startswith("trong"):
            by_code = [c for c in candidates if code in (c.code, c.printed_code.rstrip("."))]
            candidates = by_code or candidates
        if not candidates and code:
            by_code = [
                i for i in self.catalog.indicators if code in (i.code, i.printed_code.rstrip("."))
            ]
            near = [i for i in by_code if _overlap(i.label, label) >= 0.6]
            if len(near) == 1:
                self.review.guesses.append(
                    f"Phụ lục III: dòng “{stt} {_short(label)}” khớp chỉ tiêu {near[0].code} "
                    f"theo mã (tên hơi khác: “{_short(near[0].label)}”)"
                )
                return near[0]
            return None
        if not candidates:
            return None
        after = [c for c in candidates if position[c.code] > last]
        return (after or candidates)[0]

    # -- the report ------------------------------------------------------------------------


# "đạt 6,981/10 điểm", "đạt 14,687đ/16 điểm": the score in the appraisal's sentence
_SCORE_IN_TEXT = re.compile(
    r"([0-9][0-9.,]*)\s*(?:đ|điểm)?\s*/\s*([0-9][0-9.,]*)\s*(?:điểm|đ(?!\w))"
)


def _list_cell(cell: Cell) -> list[str]:
    lines = [_multiline(p.text) for p in cell if p.line]
    if len(lines) > 1:
        return [_undash(x) for x in lines]
    return lines


def _overlap(a: str, b: str) -> float:
    wa, wb = set(clean_line(a).casefold().split()), set(clean_line(b).casefold().split())
    return len(wa & wb) / max(len(wa | wb), 1)
