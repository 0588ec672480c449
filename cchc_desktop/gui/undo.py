"""Undo commands over domain edits (Ctrl+Z / Ctrl+Y within the window's life)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from ..domain.changes import diff
from ..domain.report import IndicatorValue, Report

if TYPE_CHECKING:
    from .controller import ReportController

_SNAPSHOT_ID = 1001


class SetValueCommand(QUndoCommand):
    """One Phụ lục III value or note: cheap, does not copy the report."""

    def __init__(
        self,
        ctrl: ReportController,
        code: str,
        before: IndicatorValue,
        after: IndicatorValue,
        text: str,
    ) -> None:
        super().__init__(text)
        self.ctrl, self.code, self.before, self.after = ctrl, code, before, after

    def redo(self) -> None:
        self.ctrl.apply_value(self.code, self.after)

    def undo(self) -> None:
        self.ctrl.apply_value(self.code, self.before)


class SnapshotCommand(QUndoCommand):
    """Any other edit: the report before and after. The change is already made and saved when the
    command is pushed, so the first redo() does nothing. Undo and redo write only the parts this
    edit changed (a patch), never the whole snapshot: another writer's changes elsewhere stay."""

    def __init__(
        self,
        ctrl: ReportController,
        text: str,
        before: Report,
        after: Report,
        merge_key: str | None,
    ) -> None:
        super().__init__(text)
        self.ctrl, self.before, self.after, self.merge_key = ctrl, before, after, merge_key
        self._first = True

    def id(self) -> int:
        return _SNAPSHOT_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SnapshotCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.ctrl.apply_patch(diff(self.before, self.after))

    def undo(self) -> None:
        self.ctrl.apply_patch(diff(self.after, self.before))
