"""Today's date for deadlines: the computer's, or CCHC_TODAY (YYYY-MM-DD) for tests and screenshots."""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    raw = os.environ.get("CCHC_TODAY", "").strip()
    if raw:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass  # a bad override is ignored: the real date is never wrong to use
    return dt.date.today()
