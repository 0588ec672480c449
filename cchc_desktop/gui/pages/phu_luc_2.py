"""Phụ lục II page (khắc phục tồn tại, hạn chế và tiêu chí bị trừ điểm)."""

from .tables import RemediationPage

__all__ = ["RemediationPage"]
