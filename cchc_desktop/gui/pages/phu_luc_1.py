"""Phụ lục I page (báo cáo tuyên truyền CCHC)."""

from .tables import PropagandaPage

__all__ = ["PropagandaPage"]
