"""The open report's controller: the edit session, the undo stack and the signals pages listen to.

Pages never change the report themselves: they call edit_value() / edit_report(), which push an undo
command; the command calls the session (services/editing.py), which writes to the database at once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from ..domain.changes import ReportPatch, outline_of, part_key_of, text_patch
from ..domain.history import ChangeSource
from ..domain.outline import paragraphs_of
from ..domain.report import IndicatorValue, Paragraph, Report
from ..domain.steps import ReportState, Step, capture, part_state
from ..errors import ConflictError, UserError
from ..services import operations
from ..services.editing import EditSession
from . import messages
from .undo import SetValueCommand, StepCommand

CHECKPOINT_IDLE_MS = 2000


class ReportController(QObject):
    values_changed = Signal(object)  # set[str]: codes whose value or findings changed
    previous_changed = Signal()  # the other periods were read again ("Kỳ trước" may differ)
    report_reset = Signal()  # the whole report was replaced (undo/redo of a document edit)
    findings_changed = Signal()
    saved = Signal()
    # another writer (window, command line) had changed the report: its changes were reloaded
    changed_elsewhere = Signal(str)
    # an edit refused because the report was sent (read-only until reopened): the reason
    edit_refused = Signal(str)

    CHANGED_ELSEWHERE = (
        "Báo cáo vừa được sửa ở nơi khác (cửa sổ khác, dòng lệnh): đã nạp các thay đổi đó;"
        " thay đổi của bạn vẫn giữ nguyên."
    )

    def __init__(self, session: EditSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)
        self._flushers: list[Callable[[], None]] = []
        self.error_parent: Callable[[], object] | None = None
        # the write-ahead log is copied into the file once typing pauses, not on an Enter
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(CHECKPOINT_IDLE_MS)
        self._idle.timeout.connect(self._checkpoint)
        self.saved.connect(self._idle.start)

    @property
    def report(self) -> Report:
        return self.session.report

    def _checkpoint(self) -> None:
        # locked by another writer, say: the next pause tries again; every commit is in the log
        with contextlib.suppress(UserError):
            self.session.repo.checkpoint()

    def add_flusher(self, flush: Callable[[], None]) -> None:
        """A page with an edit still being typed (narrative) registers how to commit it."""
        self._flushers.append(flush)

    def flush(self) -> None:
        for f in self._flushers:
            f()

    def refused(self) -> str | None:
        """Why no edit is allowed now (a sent report), said aloud; None when edits are allowed.
        The repository refuses the write anyway; this keeps the window from showing it first."""
        if not self.session.locked:
            return None
        from ..domain.lifecycle import locked_message

        message = locked_message(self.report.id, self.report.sending)
        self.edit_refused.emit(message)
        return message

    # --- Phụ lục III ---------------------------------------------------------------------------
    def edit_value(self, code: str, text: str) -> str | None:
        """Store what was typed in a value cell; returns an error message instead when it is not a
        value of that indicator (nothing is stored then)."""
        if (locked := self.refused()) is not None:
            return locked
        try:
            value = self.session.parse(code, text)
        except UserError as exc:
            return exc.message
        before = self.session.value(code)
        if before.value == value and type(before.value) is type(value):
            return None
        after = IndicatorValue(value, before.note)
        label = f"Nhập {code}"
        self.undo_stack.push(SetValueCommand(self, code, before, after, label))
        return None

    def edit_note(self, code: str, text: str) -> None:
        from ..domain.vn import clean_line

        if self.refused() is not None:
            self.values_changed.emit({code})  # the cell shows the stored note again
            return
        before = self.session.value(code)
        note = clean_line(text)
        if note == before.note:
            return
        after = IndicatorValue(before.value, note)
        self.undo_stack.push(SetValueCommand(self, code, before, after, f"Ghi chú {code}"))

    def apply_value(self, code: str, value: IndicatorValue) -> None:
        """Called by the undo commands."""
        try:
            changed = self.session.set_value(code, value)
        except UserError as exc:
            messages.show_error(None, exc.message)
            return
        if self.session.reloaded:
            self._reloaded()
            return
        self.values_changed.emit(changed)
        self.findings_changed.emit()
        self.saved.emit()

    def _reloaded(self) -> None:
        """Every page shows the report again, with the other writer's changes, and says so."""
        self.report_reset.emit()
        self.findings_changed.emit()
        self.saved.emit()
        self.changed_elsewhere.emit(self.CHANGED_ELSEWHERE)

    def recheck_other_periods(self) -> bool:
        """Re-check against the unit's other reports if one of them changed since they were read
        (cross-period checks stay current). True when the findings were redone."""
        try:
            if not self.session.reload_history():
                return False
        except UserError:
            return False  # a background check stays quiet; the next one tries again
        self.session.refresh()
        self.previous_changed.emit()
        self.values_changed.emit({i.code for i in self.session.catalog} | set(self.report.values))
        self.findings_changed.emit()
        return True

    def recheck(self) -> None:
        """Check the whole report again and show the findings everywhere (F5 on Kiểm tra; the
        window's first check, run right after its first paint)."""
        history = self.session.history
        self.session.refresh()
        if self.session.history is not history:  # the other periods had moved: read again
            self.previous_changed.emit()
        self.show_findings()

    def show_findings(self) -> None:
        """Every view of the findings shows them again (the marks, Kiểm tra, the counts)."""
        self.findings_changed.emit()
        self.values_changed.emit(set(self.session.catalog.value_codes()))

    def check_elsewhere(self) -> bool:
        """Reload the report if another writer changed it (the window asks when it is activated
        and every few seconds); what is being typed is saved first. True when it reloaded."""
        try:
            if not self.session.changed_elsewhere():
                self.recheck_other_periods()
                return False
            self.flush()  # what is being typed is written first (that write reloads too)
            if self.session.changed_elsewhere():
                self.session.reload()
        except UserError:
            return False  # the next save says what is wrong; a background check stays quiet
        self._reloaded()
        return True

    # --- the rest of the report -----------------------------------------------------------------
    def edit_report(
        self, label: str, change: Callable[[Report], None], merge_key: str | None = None
    ) -> bool:
        """Apply change to the report as one undoable step and save. Consecutive edits with the same
        merge_key (typing into one field) become one step."""
        if self.refused() is not None:
            self.report_reset.emit()  # the page shows the report as stored, not what was typed
            return False
        session = self.session
        before = session.state()
        change(session.report)
        # taken before the write: a write that reloads another writer's changes must not make
        # them part of this step (its undo would revert them)
        after = session.state()
        try:
            try:
                conflict = session.save(session.report_in(before, after))
            except ConflictError:
                # another writer changed the outline meanwhile: do the edit again on theirs
                self._revert(before)
                session.reload()
                before = session.state()
                change(session.report)
                after = session.state()
                session.save(session.report_in(before, after))
                conflict = True
        except UserError as exc:
            self._not_saved(before, exc)
            return False
        return self._saved(
            StepCommand(self, label, Step.between(before, after), after, merge_key), conflict
        )

    def edit_text(self, label: str, part: str, paragraphs: list[Paragraph]) -> bool:
        """Typing in the narrative: the paragraphs of one part (domain.outline part key) replaced,
        as one undoable step merged with the typing before it in that part, and saved. Only that
        part is read, compared and written: whole-report states and a whole-report diff cost
        20 ms a save at 20 times the demo's sections. The step, the patch and what is written
        are those edit_report makes of the same edit (tests/test_steps.py compares them)."""
        if self.refused() is not None:
            self.report_reset.emit()
            return False
        session = self.session
        target = paragraphs_of(session.report, part)
        outline = outline_of(session.report.narrative)
        key = part_key_of(session.report.narrative, target, outline)
        kept = list(target)
        before = part_state(key, target)
        operations.set_paragraphs(session.report, part, paragraphs)
        after = part_state(key, target)
        step = Step.between(before, after)
        patch = ReportPatch()
        if not step.is_empty():
            patch.narrative = text_patch(outline, {key: target})
        try:
            conflict = session.save_patch(patch)
        except ConflictError:
            # another writer changed the outline meanwhile: the edit done again on theirs, as
            # edit_report does it (its own undo step: its states are whole ones)
            target[:] = kept
            session.reload()
            return self.edit_report(
                label, lambda r: operations.set_paragraphs(r, part, paragraphs), None
            )
        except UserError as exc:
            target[:] = kept  # not written: the report as the database holds it
            self.report_reset.emit()
            messages.show_error(None, exc.message)
            return False
        # merged only with typing in the same part, named by its key (a part state holds no other)
        return self._saved(StepCommand(self, label, step, after, f"narrative:{key!r}"), conflict)

    def _saved(self, command: StepCommand, conflict: bool) -> bool:
        """An edit written: its undo step pushed, and the pages told (reloaded on a conflict)."""
        self._push(command)
        if conflict:
            self._reloaded()
            return True
        self.findings_changed.emit()
        self.saved.emit()
        return True

    def replace_report(
        self, label: str, new: Report, source: ChangeSource | str = ChangeSource.TYPED
    ) -> bool:
        """Put a whole new state of the report in place (an Excel import) as one undoable step:
        only what differs is written, fully re-checked, every page reloaded."""
        if self.refused() is not None:
            return False
        self.flush()
        before = self.session.state()
        after = capture(new)
        try:
            with self.session.writing_as(source):
                conflict = self.session.restore(new)
        except UserError as exc:
            self._not_saved(before, exc)
            return False
        self._push(StepCommand(self, label, Step.between(before, after), after, None))
        if conflict:
            self._reloaded()
            return True
        self.report_reset.emit()
        self.findings_changed.emit()
        self.saved.emit()
        return True

    def _push(self, command: StepCommand) -> None:
        self.undo_stack.push(command)
        command.pushed()  # a Python attribute: fine even when Qt deleted the merged command

    def _revert(self, before: ReportState) -> None:
        self.session.revert(self.session.report_in(before))

    def _not_saved(self, before: ReportState, exc: UserError) -> None:
        """A write failed (the database is unchanged): the report back as it was, and why."""
        self._revert(before)
        self.report_reset.emit()
        messages.show_error(None, exc.message)

    def take_step(self, step: Step, forward: bool) -> None:
        """Called by the undo commands: the step's parts back to before it (or after it again)."""
        before = self.session.state()
        try:
            conflict = self.session.take_step(step, forward)
        except UserError as exc:
            self._not_saved(before, exc)
            return
        if conflict:
            self._reloaded()
            return
        self.report_reset.emit()
        self.findings_changed.emit()
        self.saved.emit()

    def undo(self) -> None:
        if self.refused() is not None:
            return
        self.flush()
        with self.session.writing_as(ChangeSource.UNDO):
            self.undo_stack.undo()

    def redo(self) -> None:
        if self.refused() is not None:
            return
        self.flush()
        with self.session.writing_as(ChangeSource.UNDO):
            self.undo_stack.redo()
