"""Undo commands over domain edits (Ctrl+Z / Ctrl+Y within the window's life)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from ..domain.report import IndicatorValue
from ..domain.steps import ReportState, Step

if TYPE_CHECKING:
    from .controller import ReportController

_STEP_ID = 1001


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


class StepCommand(QUndoCommand):
    """Any other edit, as a small step (domain.steps): only what it changed, before and after. The
    change is already made and saved when the command is pushed, so the first redo() does nothing.
    Undo and redo write only the parts this edit changed: another writer's changes elsewhere stay."""

    def __init__(
        self,
        ctrl: ReportController,
        text: str,
        step: Step,
        after: ReportState,
        merge_key: str | None,
    ) -> None:
        super().__init__(text)
        self.ctrl, self.step, self.merge_key = ctrl, step, merge_key
        # the state after the edit, kept only until the push has merged it (not per step)
        self._after: ReportState | None = after
        self._first = True

    def id(self) -> int:
        return _STEP_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, StepCommand) or other.merge_key != self.merge_key:
            return False
        assert other._after is not None  # merged within its push
        self.step = self.step.then(other.step, other._after)
        return True

    def pushed(self) -> None:
        """Pushed (and merged, if it was): the step is all the history keeps."""
        self._after = None

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.ctrl.take_step(self.step, forward=True)

    def undo(self) -> None:
        self.ctrl.take_step(self.step, forward=False)
