"""Column headings of the Phụ lục I and II tables, in the reference report's wording (seed 004).

The Word export and the Excel form print them; the editor shows them, splitting Phụ lục II's second
column into the parts the export joins into it.
"""

from __future__ import annotations

PROPAGANDA_HEADINGS = ("TT", "Chỉ tiêu", "Đơn vị tính", "Số lượng", "Ghi chú")
REMEDIATION_HEADINGS = (
    "TT",
    "Các tồn tại, hạn chế trong công tác CCHC, các tiêu chí bị trừ điểm",
    "Giải pháp khắc phục cụ thể",
    "Thời gian hoàn thành",
    "Tiến độ thực hiện",
)
# The printed second column is criterion + assessment (or score) + the findings, one per line.
REMEDIATION_CRITERION_PARTS = ("Tiêu chí", "Đánh giá", "Điểm", "Bị trừ điểm, lý do")
REMEDIATION_EDIT_COLUMNS = (
    REMEDIATION_HEADINGS[0],
    *REMEDIATION_CRITERION_PARTS,
    *REMEDIATION_HEADINGS[2:],
)
