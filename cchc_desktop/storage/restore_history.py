"""After a backup is put back in place: each report's fields that the restore changed are
recorded in its history (source "restore"), old = the database as it was, new = the backup."""

from __future__ import annotations

import logging
from pathlib import Path

from ..domain.history import ChangeSource, report_changes

log = logging.getLogger(__name__)


def record_restore(db_path: Path, before: Path) -> int:
    """Record in db_path (just restored) what differs from `before` (the safety copy of the
    database as it was), report by report (matched by unit and period); returns the number of
    changes recorded. The restore is done whatever happens here: a copy that cannot be read
    (an older schema, damage) only means no history is recorded, and the log says why."""
    from .db import open_engine
    from .quick import QuickReader
    from .repository import Repository

    reader = QuickReader.open(before)  # read-only: the safety copy is never written
    if reader is None:
        log.warning("no restore history: %s cannot be read quickly", before)
        return 0
    try:
        old = {}
        for summary in reader.list_reports():
            report = reader.load_report(summary.id)
            old[(report.unit.name, report.period.code + str(report.period.year))] = report
    finally:
        reader.close()
    repo = Repository(open_engine(db_path))
    recorded = 0
    try:
        for summary in repo.list_reports():
            new = repo.load_report(summary.id)
            previous = old.get((new.unit.name, new.period.code + str(new.period.year)))
            if previous is None or new.id is None:
                continue
            changes = report_changes(previous, new)
            if changes:
                repo.record_history(new.id, changes, ChangeSource.RESTORE)
                recorded += len(changes)
    finally:
        repo.engine.dispose()
    return recorded
