"""The signature block: "Nơi nhận" at the left, signer at the right, in a borderless table."""

from __future__ import annotations

from ...domain.signature import RECIPIENTS_HEADING, signature_block
from .context import DocContext
from .ooxml import Cell, CellPara, W, keep_with_next, row, table


def write_signature(ctx: DocContext) -> None:
    block = signature_block(ctx.report)
    s = ctx.s
    last = ctx.final_sectpr.getprevious()
    if last is not None and last.tag == W + "p":
        keep_with_next(last)  # the signature is never alone at the top of a page
    left_w = round(ctx.text_w * 0.45)
    widths = [left_w, ctx.text_w - left_w]
    tbl = ctx.add(table(ctx.body, None, widths, borders=False))
    left: list[CellPara] = []
    if block.recipients:
        left.append((s["recipients_heading"], RECIPIENTS_HEADING, None, False, False))
        left.extend((s["recipients_entry"], line, None, False, False) for line in block.recipients)
    right: list[CellPara] = [(s["signer"], line, None, False, False) for line in block.signer_lines]
    right.append((s["signer_name"], block.signer_name, None, False, False))
    row(tbl, widths, [Cell(left), Cell(right)])
