"""The signature and "Nơi nhận" block as printed: recipients on the left, signer on the right.

The Word export prints these lines and the Thông tin chung page previews them, so both show the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from .report import Report

RECIPIENTS_HEADING = "Nơi nhận:"
_DASHES = ("-", "–")


@dataclass(frozen=True)
class SignatureBlock:
    recipients: tuple[str, ...]  # each "- ..."; empty when the report names no recipient
    signer_lines: tuple[str, ...]  # quyền hạn ký and chức vụ, in capitals, blank ones left out
    signer_name: str  # as typed, trimmed ("" when not yet known)


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
        signer_lines=tuple(
            line.strip().upper() for line in (signer.authority, signer.title) if line.strip()
        ),
        signer_name=signer.name.strip(),
    )
