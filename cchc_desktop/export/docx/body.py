"""The first pages: the two-column header block (Nghị định 30/2020/NĐ-CP), the title and trích
yếu, and the narrative with its footnotes."""

from __future__ import annotations

from ...domain.lifecycle import corrected_mark
from ...domain.report import Footnote, Paragraph, ParagraphStyle
from .context import DocContext
from .metrics import CELL_MARGIN, TWIPS_PER_CM, text_width_twips
from .ooxml import Cell, CellPara, Para, clean, para, release_keep_with_next, row, run, table

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"


def header_block(ctx: DocContext) -> None:
    r = ctx.report
    s = ctx.s
    total = ctx.text_w + TWIPS_PER_CM  # the block may reach 0,5 cm into each side margin
    left_w = round(total * 0.4)
    widths = [left_w, total - left_w]
    tbl = ctx.add(table(ctx.body, None, widths, borders=False, indent=-TWIPS_PER_CM // 2))
    issuer = r.unit.name.upper()
    left: list[CellPara] = []
    if r.unit.parent_authority:
        left.append((s["agency_parent"], r.unit.parent_authority.upper(), None, False, False))
    left.append((s["agency_name"], issuer, None, False, False))
    left.append(_rule(ctx, widths[0], round(text_width_twips(issuer, 13, bold=True) * 0.45)))
    right: list[CellPara] = [
        (s["national_title"], NATIONAL_TITLE, None, False, False),
        (s["national_motto"], NATIONAL_MOTTO, None, False, False),
        _rule(ctx, widths[1], text_width_twips(NATIONAL_MOTTO, 14, bold=True)),
    ]
    row(tbl, widths, [Cell(left), Cell(right)])
    number = r.number.strip()
    if number.isdigit() and len(number) < 2:
        number = number.zfill(2)  # the decree: numbers below 10 get a leading zero
    blank = "\u00a0" * 6  # the văn thư writes the number in by hand
    symbol = f"{number or blank}/{r.symbol}" if r.symbol else number
    row(
        tbl,
        widths,
        [
            Cell([(s["number"], f"Số: {symbol}", None, False, False)]),
            Cell([(s["place_date"], r.place_date_line(), None, False, False)]),
        ],
    )
    subject = r.subject.strip() or r.period.default_subject()
    ctx.p("title", "BÁO CÁO")
    ctx.p("subject", subject)
    if mark := corrected_mark(r):
        # a version sent again after "Mở lại để sửa" says which sending it replaces
        ctx.p("recipient_to", mark)
    line = min(text_width_twips(subject, 14, bold=True), ctx.text_w)
    style, _, fmt, _, _ = _rule(ctx, ctx.text_w + 2 * CELL_MARGIN, round(line * 0.4))
    ctx.add(para(ctx.body, style, fmt))
    if r.recipient_to.strip():
        # A báo cáo sent upward names its addressee under the trích yếu (as the
        # Văn phòng UBND tỉnh Quảng Ngãi annual report 2019 does).
        to = r.recipient_to.strip()
        if not to.lower().startswith("kính gửi"):
            to = f"Kính gửi: {to}"
        ctx.p("recipient_to", to)
    ctx.p("body", "", Para(first_line=0))


def _rule(ctx: DocContext, cell_w: int, length: int) -> CellPara:
    """A short solid rule centred in a cell `cell_w` wide (the Rule style draws the line)."""
    inner = cell_w - 2 * CELL_MARGIN
    length = max(min(length, inner), TWIPS_PER_CM)
    side = (inner - length) // 2
    return (ctx.s["rule"], "", Para(left=side, right=side, first_line=0), False, False)


def narrative(ctx: DocContext) -> None:
    n = ctx.report.narrative
    note_for = {f.id: f for f in ctx.report.footnotes_in_order()}
    noted: set[str] = set()
    for paragraph in n.intro:
        _paragraph(ctx, paragraph, note_for, noted)
    numbered = list(n.numbered())
    for i, (label, level, section) in enumerate(numbered):
        title = section.title.strip()  # printed in the case it was typed (seed 002 writes
        # "I. Về công tác chỉ đạo, điều hành"; the template's own headings are in capitals)
        text = f"{label} {title}" if label else title
        h = ctx.p({1: "h1", 2: "h2"}.get(level, "h3"), text)
        following = numbered[i + 1][1] if i + 1 < len(numbered) else 0
        if not section.paragraphs and following <= level:
            # an empty section's heading has nothing of its own to keep with: without this, an
            # outline not yet written chains every heading and the signature into one block
            release_keep_with_next(h)
        for paragraph in section.paragraphs:
            _paragraph(ctx, paragraph, note_for, noted)
    for paragraph in n.closing:
        _paragraph(ctx, paragraph, note_for, noted)


def _paragraph(
    ctx: DocContext, paragraph: Paragraph, note_for: dict[str, Footnote], noted: set[str]
) -> None:
    p = ctx.p("body")
    if paragraph.style is ParagraphStyle.DASH:
        run(p, "- ")
    for piece in paragraph.runs:
        if piece.footnote_id is None:
            if piece.text:
                run(p, piece.text, bold=piece.bold, italic=piece.italic)
            continue
        note = note_for.get(piece.footnote_id)
        if note is None or piece.footnote_id in noted:
            continue  # a dangling or repeated reference: the consistency checks report it
        noted.add(piece.footnote_id)
        note_id = ctx.notes.add(clean(note.text))
        p.append(ctx.notes.reference_run(note_id))
