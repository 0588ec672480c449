"""A province's statistics form built with python-docx, the way one arrives by e-mail: a two-line
header with merged cells, bold group rows, a "Trong đó" row, percent and choice rows, and the
broken printed numbering of seed 004 (the children of 1.2 printed 1.1.1, 1.1.2)."""

from __future__ import annotations

from pathlib import Path

import docx

# (printed STT, label, unit, bold)
FORM_ROWS: list[tuple[str, str, str, bool]] = [
    ("1.", "Công tác chỉ đạo điều hành CCHC", "", True),
    ("1.1.", "Kế hoạch CCHC", "", True),
    ("1.1.1.", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", False),
    ("1.1.2.", "Tỷ lệ nhiệm vụ đã hoàn thành", "%", False),
    ("1.2.", "Kiểm tra CCHC", "", True),
    ("1.1.1.", "Số phòng, ban, đơn vị trực thuộc đã kiểm tra", "Cơ quan, đơn vị", False),
    ("1.1.2.", "Tổng số vấn đề phát hiện qua kiểm tra", "Vấn đề", False),
    ("Trong đó", "Số vấn đề đã xử lý xong", "Vấn đề", False),
    ("", "Số vấn đề đang xử lý", "Vấn đề", False),
    ("1.3.", "Tổ chức đối thoại của lãnh đạo với người dân", "Không = 0 Có = 1", False),
    ("2.", "Xây dựng Chính phủ điện tử", "", True),
    ("2.1.", "Chất lượng Cổng thông tin điện tử", "Theo QĐ 2394/QĐ-UBND", False),
]
# what the import must infer for each row: (code, kind, parent, breakdown)
EXPECTED: list[tuple[str, str, str | None, bool]] = [
    ("1", "group", None, False),
    ("1.1", "group", "1", False),
    ("1.1.1", "count", "1.1", False),
    ("1.1.2", "percent", "1.1", False),
    ("1.2", "group", "1", False),
    ("1.2.1", "count", "1.2", False),
    ("1.2.2", "count", "1.2", False),
    ("1.2.2.1", "count", "1.2.2", True),
    ("1.2.2.2", "count", "1.2.2", True),
    ("1.3", "choice", "1", False),
    ("2", "group", None, False),
    ("2.1", "text", "2", False),
]


def write_form(path: Path, rows: list[tuple[str, str, str, bool]] = FORM_ROWS) -> Path:
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC III")
    document.add_paragraph("BIỂU THỐNG KÊ SỐ LIỆU CẢI CÁCH HÀNH CHÍNH NĂM 2025")
    table = document.add_table(rows=2, cols=5)
    table.style = "Table Grid"
    top, second = table.rows[0].cells, table.rows[1].cells
    top[0].text, top[1].text, top[2].text, top[4].text = "STT", "Chỉ tiêu", "Kết quả", "Ghi chú"
    second[2].text, second[3].text = "Đơn vị tính", "Số liệu"
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).merge(table.cell(1, 1))
    table.cell(0, 4).merge(table.cell(1, 4))
    table.cell(0, 2).merge(table.cell(0, 3))
    table.cell(0, 2).text = "Kết quả"
    for stt, label, unit, bold in rows:
        cells = table.add_row().cells
        for cell, text in ((cells[0], stt), (cells[1], label), (cells[2], unit)):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = bold
    document.add_paragraph("Ghi chú: số liệu tính đến ngày 15/6.")
    document.save(str(path))
    return path
