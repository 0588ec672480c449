"""The signature and "Nơi nhận" block as printed: recipients on the left, signer on the right.

The Word export prints these lines and the Thông tin chung page previews them, so both show the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from .frozen import Frozen
from .report import Report
from .vn import clean_line

RECIPIENTS_HEADING = "Nơi nhận:"
_DASHES = ("-", "–")

# The quyền hạn ký offered above the signer's title ("" = the head signs in their own name).
SIGNER_AUTHORITIES: tuple[str, ...] = (
    "",
    "KT. GIÁM ĐỐC",
    "TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH",
    "TL. GIÁM ĐỐC",
    "Q. GIÁM ĐỐC",
    "TUQ. GIÁM ĐỐC",
)


class SignatureBlock(Frozen):
    """The “Nơi nhận” list and the signer's lines, as printed at the end."""

    __match_args__ = ("recipients", "signer_lines", "signer_name")
    recipients: tuple[str, ...]  # each "- ..."; empty when the report names no recipient
    signer_lines: tuple[str, ...]  # quyền hạn ký (1-2 lines) and chức vụ, in capitals, no blanks
    signer_name: str  # as typed, trimmed ("" when not yet known)

    def __init__(
        self, recipients: tuple[str, ...], signer_lines: tuple[str, ...], signer_name: str
    ) -> None:
        object.__setattr__(self, "recipients", recipients)
        object.__setattr__(self, "signer_lines", signer_lines)
        object.__setattr__(self, "signer_name", signer_name)


def recipient_line(entry: str) -> str:
    """One "Nơi nhận" entry as printed: "- Sở Nội vụ;". An entry typed with its own dash keeps one."""
    text = entry.strip()
    if text.startswith(_DASHES):
        text = text[1:].lstrip()
    return f"- {text}"


def signature_block(report: Report) -> SignatureBlock:
    signer = report.signer
    return SignatureBlock(
        recipients=tuple(recipient_line(e) for e in report.recipients),
        signer_lines=tuple(line.upper() for line in signer.lines),
        signer_name=signer.name.strip(),
    )


def is_archive_line(text: str) -> bool:
    """Whether a "Nơi nhận" entry is the archive line ("Lưu: VT, ..."), which stays last."""
    return clean_line(text).lstrip("-–• ").casefold().startswith("lưu")


def normalize_recipients(items: Sequence[str]) -> list[str]:
    """Recipients as entered, NFC and trimmed, blanks dropped, the "Lưu: VT, ..." line kept last."""
    cleaned = [clean_line(t).lstrip("-–• ").strip() for t in items]
    cleaned = [t for t in cleaned if t]
    archive = [t for t in cleaned if is_archive_line(t)]
    return [t for t in cleaned if not is_archive_line(t)] + archive
