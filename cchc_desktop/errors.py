"""Errors the user can cause. Each carries a Vietnamese message that the CLI and the GUI show as is."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix: a bad figure, an unknown report, a locked or hostile file.

    The CLI prints the message on stderr and exits 2; the GUI shows it in a dialog. Never a traceback.
    """

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(UserError):
    """A report, unit or indicator that does not exist."""


class InvalidValueError(UserError):
    """A value the user typed or imported that is not valid for its field."""


class FileProblemError(UserError):
    """A file could not be read or written: locked by Word, read-only folder, full disk, corrupt, hostile."""


class ConflictError(UserError):
    """A whole report written over a newer one: another writer changed it since it was read."""


class ReportLockedError(UserError):
    """A change to a report that was sent (Đã gửi): read-only until it is reopened with a reason."""
