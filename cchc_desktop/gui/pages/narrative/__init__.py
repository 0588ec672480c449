"""Nội dung page: the outline, the paragraph editor (page.py) and its text conversion (document.py)."""

from .page import COMMIT_DELAY_MS, NarrativePage

__all__ = ["COMMIT_DELAY_MS", "NarrativePage"]
