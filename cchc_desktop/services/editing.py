"""Editing one open report: every edit is written at once and re-checked at once (the GUI's use cases)."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator
from decimal import Decimal

from ..domain.catalog import Catalog, Indicator
from ..domain.changes import ReportPatch, diff
from ..domain.history import ChangeSource, HistoryEntry
from ..domain.lifecycle import StatusRequest
from ..domain.periods import previous_report
from ..domain.report import IndicatorValue, Report, ReportStatus
from ..domain.rules import Finding, LiveFindings, Severity
from ..domain.steps import ReportState, Step, capture
from ..domain.stored import CitedDocument
from ..domain.vn import NumberFormatError, clean_line
from ..errors import InvalidValueError, UserError
from .catalogs import CatalogRegistry
from .store import ReportStore, related_reports

Value = Decimal | str | None


class EditSession:
    """An open report: the domain object, its catalog, the unit's other reports and live findings.

    Each edit method changes the report, writes it to the database in the same call and updates the
    findings; it returns what the GUI must repaint. Pure of Qt: the GUI wraps these calls in undo
    commands."""

    def __init__(self, repo: ReportStore, report_id: int, *, check: bool = True) -> None:
        """check=False leaves the first full check for later (the window paints the report
        first): the first reader of the findings runs it, or ensure_checked()."""
        self.repo = repo
        self.report = repo.load_report(report_id)
        # the revision this session's copy of the report matches; a write that finds the stored
        # revision moved on (another window, the command line) reloads the other writer's changes
        self.revision = self.report.revision
        self.reloaded = False  # whether the last write found and reloaded another writer's changes
        self.catalog: Catalog = CatalogRegistry(repo).for_report(self.report)
        self._load_history()
        self.live = LiveFindings()
        # where this session's writes come from, for the history (typed; an import, an undo)
        self.source: ChangeSource | str = ChangeSource.TYPED
        self.checked = False  # whether the findings are those of a full check
        if check:
            self._revalidate()  # the other periods were just read: no need to ask if they moved

    @property
    def report_id(self) -> int:
        assert self.report.id is not None
        return self.report.id

    # --- the unit's other periods ----------------------------------------------------------------
    def _unit_revisions(self) -> dict[int, int]:
        return {
            rid: rev
            # the reports related_reports reads from (and those that would change its choice)
            for rid, rev in self.repo.unit_revisions(
                self.report.unit.name, around=self.report.period
            ).items()
            if rid != self.report_id
        }

    def _load_history(self) -> None:
        """The periods the checks compare with (not the unit's whole history), their figures
        under this form's codes when they used another version of the form (services.catalogs)."""
        self._unit_seen = self._unit_revisions()  # read first: a change meanwhile is seen next time
        self.history, self.form_changes = CatalogRegistry(self.repo).align_history(
            self.catalog, related_reports(self.repo, self.report)
        )
        self.previous = previous_report(self.report, self.history)

    def reload_history(self) -> bool:
        """Read the other periods again if one of the unit's reports changed, appeared or went
        since they were read (another window or the command line changed quý I while this
        6-month report is open): one cheap query of their revisions decides. True when they were
        reloaded; the caller re-checks (refresh() does both)."""
        if self._unit_revisions() == self._unit_seen:
            return False
        self._load_history()
        return True

    # --- findings ------------------------------------------------------------------------------
    def refresh(self) -> list[Finding]:
        """Validate the whole report again (on open and after an undo of a whole-report edit),
        against the other periods as they are now."""
        self.reload_history()
        return self._revalidate()

    def _revalidate(self) -> list[Finding]:
        # the rules engine is loaded with the first check, which a window runs after its first
        # paint (services.validation imports the rules, their loader and the cross-period checks)
        from .validation import validate_report

        self.live.reset(
            validate_report(self.report, self.catalog, self.history, form_changes=self.form_changes)
        )
        self.checked = True
        return self.findings()

    def ensure_checked(self) -> bool:
        """Run the first full check if it has not run yet; True when it ran now."""
        if self.checked:
            return False
        # the other periods were read on open; later moves are the window's revision watch's
        self._revalidate()
        return True

    def findings(self) -> list[Finding]:
        self.ensure_checked()
        return self.live.findings()

    def findings_for(self, code: str) -> list[Finding]:
        self.ensure_checked()
        return self.live.for_code(code)

    def worst(self, code: str) -> Severity | None:
        self.ensure_checked()
        return self.live.worst(code)

    def counts(self) -> dict[Severity, int]:
        self.ensure_checked()
        return self.live.counts()

    def _recheck_report_level(self) -> None:
        from ..domain.rules import report_findings

        self.live.replace_prefix("report.", report_findings(self.report))

    # --- Phụ lục III -------------------------------------------------------------------------
    def indicator(self, code: str) -> Indicator:
        return self.catalog.get(code)

    def value(self, code: str) -> IndicatorValue:
        return self.report.values.get(code) or IndicatorValue()

    def previous_value(self, code: str) -> Value:
        return None if self.previous is None else self.previous.value(code)

    def parse(self, code: str, text: str) -> Value:
        """What the user typed as the stored value; InvalidValueError with a Vietnamese message."""
        try:
            return self.catalog.get(code).parse_value(text)
        except NumberFormatError as exc:
            raise InvalidValueError(str(exc)) from None

    def preview(self, code: str, value: Value) -> list[Finding]:
        """The errors and warnings about code if value were stored, worst first, while the user is
        still typing it: nothing is written and the report is left as it is."""
        from .validation import recheck_value

        trial = copy.copy(self.report)
        trial.values = dict(self.report.values)
        _put_value(trial.values, code, IndicatorValue(value, self.value(code).note))
        result = recheck_value(trial, self.catalog, code, self.history)
        found = [f for f in result.findings if f.severity is not Severity.NOTICE]
        return sorted(found, key=lambda f: f.severity.rank)

    def set_value(self, code: str, new: IndicatorValue) -> set[str]:
        """Store one indicator's value and note; returns the codes whose findings changed (every
        code when another writer's changes were reloaded: see `reloaded`)."""
        from .validation import recheck_value

        old_codes = {c for f in self.live.for_code(code) for c in f.codes}
        before = self.value(code)
        _put_value(self.report.values, code, new)
        try:
            reloaded = self._write(ReportPatch(values={code: IndicatorValue(new.value, new.note)}))
        except UserError:
            # not written (full disk, locked file): the report shows what the database holds
            _put_value(self.report.values, code, before)
            raise
        if reloaded:
            return {i.code for i in self.catalog} | set(self.report.values)
        result = recheck_value(self.report, self.catalog, code, self.history)
        return self.live.apply(result) | old_codes

    # --- writing what changed ---------------------------------------------------------------------
    def _write(self, patch: ReportPatch) -> bool:
        """Write the patch (nothing when it is empty); True when another writer had changed the
        report since this session read it: the report is then reloaded with both writers'
        changes (this one's are in the database already) and fully re-checked."""
        if patch.is_empty():
            return False
        result = self.repo.write_patch(self.report_id, patch, self.revision, self.source)
        self.revision = result.revision
        self.reloaded = result.conflict
        if result.conflict:
            self.reload()
        return result.conflict

    def reload(self) -> None:
        """Read the report again from the database (in place: pages hold this object)."""
        fresh = self.repo.load_report(self.report_id)
        self.report.__dict__.update(fresh.__dict__)
        self.revision = fresh.revision
        self.refresh()

    @contextlib.contextmanager
    def writing_as(self, source: ChangeSource | str) -> Iterator[None]:
        """The writes within are recorded in the history as coming from source."""
        before, self.source = self.source, source
        try:
            yield
        finally:
            self.source = before

    # --- status and history ---------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        """A sent report: every edit is refused until it is reopened."""
        return self.report.status is ReportStatus.SENT

    def change_status(self, request: StatusRequest) -> None:
        """Move the report along Dự thảo -> Hoàn thành -> Đã gửi (or reopen it), checked against
        the errors found now; the report in memory takes the stored status."""
        errors = self.counts()[Severity.ERROR]
        stored = self.repo.change_status(self.report_id, request, errors=errors, source=self.source)
        if stored.revision != self.revision + 1:
            self.reload()  # another writer changed it meanwhile: show theirs too
            return
        self.report.status, self.report.sending = stored.status, stored.sending
        self.revision = stored.revision

    def change_history(self, code: str | None = None) -> list[HistoryEntry]:
        """The recorded changes of the report (of one Phụ lục III figure, with code)."""
        return self.repo.history(self.report_id, code)

    def changed_elsewhere(self) -> bool:
        """Whether another writer changed the report since this session last read or wrote it."""
        return self.repo.revision(self.report_id) != self.revision

    # --- the rest of the report -----------------------------------------------------------------
    def state(self) -> ReportState:
        """The report's editable state now, for an undo step (cheap: not a copy)."""
        return capture(self.report)

    def report_in(self, state: ReportState, now: ReportState | None = None) -> Report:
        """The report as it was in state (to write what changed since, or to go back to it);
        `now`: the report's state now, when the caller has it."""
        return state.onto(self.report, now)

    def take_step(self, step: Step, forward: bool) -> bool:
        """Undo (or redo) an edit: the parts it changed back to before it (or after it), written
        as a patch like any edit. True when another writer's changes were reloaded; ConflictError
        when the text the edit changed was changed again elsewhere (nothing is written)."""
        return self.apply(step.patch(self.report, forward))

    def apply(self, patch: ReportPatch) -> bool:
        """Apply a patch (undo/redo of an edit, an import) to the report and write it; only the
        parts it names are touched, so another writer's changes elsewhere stay. True when another
        writer's changes were reloaded."""
        patch.apply_to(self.report)
        conflict = self._write(patch)
        if not conflict:
            self.refresh()
        return conflict

    def restore(self, state: Report) -> bool:
        """Make the report equal to state (writing only the parts that differ)."""
        return self.apply(diff(self.report, state))

    def revert(self, state: Report) -> None:
        """Put the report in memory back to a snapshot without writing: after a save that failed,
        the database still holds that state (the failed transaction changed nothing)."""
        fresh = copy.deepcopy(state)
        fresh.id = self.report.id
        fresh.revision = self.report.revision
        self.report.__dict__.update(fresh.__dict__)
        self.refresh()

    def save(self, before: Report) -> bool:
        """Write what changed since `before` (header fields, narrative, rows, figures) and
        re-check the document. True when another writer's changes were reloaded."""
        return self.save_patch(diff(before, self.report))

    def save_patch(self, patch: ReportPatch) -> bool:
        """Write a patch of what the report in memory already holds (the edit is made) and
        re-check the document. True when another writer's changes were reloaded."""
        conflict = self._write(patch)
        if not conflict:
            self._recheck_report_level()
        return conflict

    # --- register of cited documents -----------------------------------------------------------
    def documents(self) -> list[CitedDocument]:
        return self.repo.documents(self.report.unit.name)

    def save_document(self, doc: CitedDocument) -> int:
        doc.kind, doc.number, doc.symbol = (
            clean_line(doc.kind),
            clean_line(doc.number),
            clean_line(doc.symbol),
        )
        doc.issuer, doc.subject = clean_line(doc.issuer), clean_line(doc.subject)
        if not doc.kind:
            raise InvalidValueError("Chưa nhập loại văn bản (ví dụ “Kế hoạch”)")
        return self.repo.save_document(self.report.unit, doc)


def _put_value(values: dict[str, IndicatorValue], code: str, new: IndicatorValue) -> None:
    """Store a copy of new under code; a value with neither figure nor note is not reported."""
    if new.is_reported:
        values[code] = IndicatorValue(new.value, new.note)
    else:
        values.pop(code, None)
