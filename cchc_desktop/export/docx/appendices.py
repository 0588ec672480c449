"""The appendices: Phụ lục I (propaganda), II (remediation, landscape) and III (statistics), each
a heading, a title, the reference to the report and a table whose heading rows repeat."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from lxml import etree
from lxml.etree import _Element as E

from ...domain.appendix_tables import PROPAGANDA_HEADINGS, REMEDIATION_HEADINGS
from ...domain.catalog import Indicator, IndicatorKind
from ...domain.report import RemediationItem
from ...domain.template import fill_template, template_fields
from ...domain.vn import format_number
from .context import DocContext
from .metrics import (
    CELL_MARGIN,
    SLACK,
    TABLE_PT,
    TITLE_PT,
    TWIPS_PER_CM,
    balanced_lines,
    cm_widths,
    text_width_twips,
    unit_min_width,
    unit_text,
    widen,
)
from .ooxml import (
    CENTER,
    JUSTIFY,
    Cell,
    Para,
    W,
    keep_with_next,
    para,
    row,
    run,
    table,
    text_para,
)

# Table Text: 12 pt on about 14 pt lines, 2 pt before and after each paragraph (templates_docx).
_LINE_TWIPS, _PARA_TWIPS = 280, 80
# A Phụ lục II row about as tall as a page (the estimate is rough) may break across pages: kept
# whole it starts on a new page, leaving the rest of the one before blank, and breaks anyway.
# Shorter rows stay whole.
_SPLIT_SHARE = 0.8


def _heading(ctx: DocContext, roman: str, kind: str, *, landscape: bool = False) -> None:
    layout = ctx.layout
    fields = template_fields(ctx.report.unit.name, ctx.report.period, roman=roman)
    ctx.p("appendix_heading", fill_template(layout.appendix_heading, fields))
    # The decree sets appendix titles in capitals, whatever case the template wrote them in.
    title = fill_template(layout.appendix_titles[kind], fields).upper()
    width = ctx.text_w_landscape if landscape else ctx.text_w
    ctx.p("appendix_title", balanced_lines(title, TITLE_PT, width, bold=True))
    ctx.p("appendix_reference", ctx.report.appendix_reference())


def _heading_cells(ctx: DocContext, labels: Iterable[str]) -> list[Cell]:
    return [
        Cell([(ctx.s["table_heading"], label, None, False, False)], valign="center")
        for label in labels
    ]


def _cell(ctx: DocContext, text: str, *, center: bool = False, bold: bool = False) -> Cell:
    fmt = CENTER if center else None
    return Cell(
        [(ctx.s["table_text"], text, fmt, bold, False)], valign="center" if center else None
    )


def _count(ctx: DocContext, value: Decimal | None) -> str:
    """A count as printed: "1.088", "0", and "01".."09" when the template asks (as the
    reference report prints them)."""
    if (
        value is not None
        and ctx.layout.count_leading_zero
        and value == value.to_integral_value()
        and 1 <= value <= 9
    ):
        return f"0{int(value)}"
    return format_number(value)


def appendix_i(ctx: DocContext, roman: str) -> None:
    _heading(ctx, roman, "i")
    rows = ctx.report.propaganda
    widths = cm_widths((1.2, 7.3, 2.5, 2.0, 3.5), ctx.text_w)
    widths = widen(widths, {2: unit_min_width([r.unit for r in rows])}, donor=1)
    tbl = ctx.add(table(ctx.body, ctx.s["table_grid"], widths))
    row(tbl, widths, _heading_cells(ctx, PROPAGANDA_HEADINGS), header=True)
    unit_w = widths[2] - 2 * CELL_MARGIN
    for prow in rows:
        row(
            tbl,
            widths,
            [
                _cell(ctx, prow.number, center=True),
                _cell(ctx, prow.label),
                _cell(ctx, unit_text(prow.unit, unit_w), center=True),
                _cell(ctx, _count(ctx, prow.quantity), center=True),
                _cell(ctx, prow.note),
            ],
        )


def appendix_ii(ctx: DocContext, roman: str) -> None:
    _heading(ctx, roman, "ii", landscape=True)
    widths = cm_widths((1.0, 9.6, 6.6, 2.6, 5.4), ctx.text_w_landscape)
    tbl = ctx.add(table(ctx.body, ctx.s["table_grid"], widths))
    row(tbl, widths, _heading_cells(ctx, REMEDIATION_HEADINGS), header=True)
    # landscape: the page's height is the portrait width
    page_h = ctx.page_w - ctx.margins_vertical
    for item in ctx.report.remediation:
        tall = _estimated_height(item, widths) > page_h * _SPLIT_SHARE
        tr = row(
            tbl,
            widths,
            [
                _cell(ctx, item.number, center=True),
                Cell([]),
                _list_cell(ctx, item.remedies),
                _list_cell(ctx, item.deadlines, justify=False),
                _list_cell(ctx, item.progress, justify=False),
            ],
            cant_split=not tall,
        )
        _criterion_cell(ctx, tr.findall(W + "tc")[1], item)


def _estimated_height(item: RemediationItem, widths: Sequence[int]) -> int:
    """About how tall a Phụ lục II row prints, in twips: its tallest cell's lines."""
    criterion = [f"{item.criterion} {item.assessment}", *item.findings]
    cells = (criterion, item.remedies, item.deadlines, item.progress)
    tallest = 0
    for texts, width in zip(cells, widths[1:], strict=True):
        inner = max(width - 2 * CELL_MARGIN, 1)
        lines = sum(
            -(-text_width_twips(t.strip(), TABLE_PT) // inner) or 1 for t in texts if t.strip()
        )
        height = lines * _LINE_TWIPS + len(texts) * _PARA_TWIPS
        tallest = max(tallest, height)
    return tallest


def _criterion_cell(ctx: DocContext, tc: E, item: RemediationItem) -> None:
    for p in tc.findall(W + "p"):
        tc.remove(p)
    p = para(tc, ctx.s["table_text"], JUSTIFY)
    run(p, item.criterion.strip(), bold=True)
    assessment = item.assessment.strip()
    if not assessment and item.score_got is not None and item.score_max is not None:
        got, top = format_number(item.score_got), format_number(item.score_max)
        assessment = f"Đoàn thẩm định đánh giá đạt {got}/{top} điểm."
    if assessment:
        run(p, " " + assessment)
    for finding in item.findings:
        text_para(tc, ctx.s["table_text"], _dashed(finding), JUSTIFY)


def _list_cell(
    ctx: DocContext, items: Sequence[str], *, center: bool = False, justify: bool = True
) -> Cell:
    # Justified text in a narrow column leaves rivers of space: only wide columns justify.
    fmt = CENTER if center else (JUSTIFY if justify else None)
    many = len(items) > 1
    tt = ctx.s["table_text"]
    return Cell(
        [(tt, _dashed(t) if many else t.strip(), fmt, False, False) for t in items]
        or [(tt, "", None, False, False)],
        valign="center" if center else None,
    )


def _dashed(text: str) -> str:
    text = text.strip()
    if text.startswith(("- ", "-\u00a0", "– ")):
        return "- " + text[2:].lstrip()
    return f"- {text}"


def appendix_iii(ctx: DocContext, roman: str) -> None:
    r = ctx.report
    _heading(ctx, roman, "iii")
    indicators = ctx.catalog.enabled(r.optional_groups)
    stt_of = _stt_labels(indicators)
    stt_min = max(
        (text_width_twips(stt_of[i.code], TABLE_PT, bold=_bold_row(i)) for i in indicators),
        default=0,
    )
    widths = cm_widths((1.9, 6.8, 2.7, 2.1, 3.0), ctx.text_w)
    widths = widen(
        widths,
        {
            0: stt_min + 2 * CELL_MARGIN + SLACK,
            2: unit_min_width([_printed_unit(i) for i in indicators]),
        },
        donor=1,
    )
    unit_w = widths[2] - 2 * CELL_MARGIN
    tbl = ctx.add(table(ctx.body, ctx.s["table_grid"], widths))
    th = ctx.s["table_heading"]
    label_cell = Cell(
        [
            (th, "Chỉ tiêu thống kê", None, False, False),
            (th, "(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)", None, False, True),
        ],
        vmerge="restart",
        valign="center",
    )
    first = [
        Cell([(th, "STT", None, False, False)], vmerge="restart", valign="center"),
        label_cell,
        Cell([(th, "Kết quả thống kê", None, False, False)], span=2, valign="center"),
        Cell([(th, "Ghi chú", None, False, False)], vmerge="restart", valign="center"),
    ]
    second = [
        Cell([(th, "", None, False, False)], vmerge="continue"),
        Cell([(th, "", None, False, False)], vmerge="continue"),
        Cell([(th, "Đơn vị tính", None, False, False)], valign="center"),
        Cell([(th, "Số liệu", None, False, False)], valign="center"),
        Cell([(th, "", None, False, False)], vmerge="continue"),
    ]
    # LibreOffice sizes a repeated vertically merged cell from its rows alone and would clip
    # the three heading lines of "Chỉ tiêu thống kê": give the two rows that height.
    row(tbl, widths, first, header=True, min_height=460)
    row(tbl, widths, second, header=True, min_height=460)
    # The second heading line of "Chỉ tiêu thống kê" is italic but not bold.
    italic_p = tbl.findall(W + "tr")[0].findall(W + "tc")[1].findall(W + "p")[1]
    for rpr in italic_p.iter(W + "rPr"):
        rpr.insert(0, etree.Element(W + "b", {W + "val": "0"}))
        rpr.insert(1, etree.Element(W + "bCs", {W + "val": "0"}))
    tt = ctx.s["table_text"]
    indent = Para(left=TWIPS_PER_CM // 2)
    for ind in indicators:
        bold = _bold_row(ind)
        stt = stt_of[ind.code]
        iv = r.values.get(ind.code)
        raw = iv.value if iv is not None else None
        if ind.kind is IndicatorKind.COUNT and not isinstance(raw, str):
            value = _count(ctx, raw)
        else:
            value = ind.format_value(raw)
        note = iv.note if iv is not None else ""
        tr = row(
            tbl,
            widths,
            [
                Cell([(tt, stt, CENTER, bold, False)], valign="center"),
                Cell(
                    [(tt, ind.label, indent if ind.breakdown else None, bold, False)],
                    valign="center",
                ),
                Cell(
                    [(tt, unit_text(_printed_unit(ind), unit_w), CENTER, False, False)],
                    valign="center",
                ),
                Cell([(tt, value, CENTER, False, False)], valign="center"),
                Cell([(tt, note, None, False, False)], valign="center"),
            ],
        )
        if ind.kind is IndicatorKind.GROUP:
            keep_with_next(tr)  # a group's heading row is never alone at the foot of a page


def _bold_row(ind: Indicator) -> bool:
    return ind.kind is IndicatorKind.GROUP or ind.level == 0


def _printed_unit(ind: Indicator) -> str:
    """The "Đơn vị tính" cell. A choice row shows the catalog's codes, which are the ones its
    figure uses: the printed form gives some choices the same code ("Đã thực hiện = 0 Chưa thực
    hiện = 0"), which the catalog corrects (its note says how)."""
    if ind.kind is IndicatorKind.CHOICE and ind.choices:
        return " ".join(f"{c.label} = {c.code}" for c in ind.choices)
    return ind.unit


def _stt_labels(indicators: Sequence[Indicator]) -> dict[str, str]:
    """The STT cell of each row: clean code with a dot; "Trong đó" on a breakdown's first row."""
    out: dict[str, str] = {}
    seen: set[str | None] = set()
    for ind in indicators:
        if ind.breakdown:
            out[ind.code] = "" if ind.parent in seen else "Trong đó"
            seen.add(ind.parent)
        else:
            out[ind.code] = f"{ind.code}."
    return out
