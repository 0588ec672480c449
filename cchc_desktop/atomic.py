"""Atomic file writes: a temp file beside the target, fsync, then os.replace; Vietnamese errors.

Either the new file is complete in place, or the old one is exactly as it was and no temp file is
left behind. Problems the user can fix (the file is open in Word, a read-only folder, a full disk)
become FileProblemError with a message naming the file.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from .errors import FileProblemError

# Windows: ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION (Word keeps the .docx it shows open),
# ERROR_ACCESS_DENIED for a read-only file or one being replaced by another program.
_WIN_LOCKED = {32, 33}
_WIN_ACCESS_DENIED = 5
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_WIN_DISK_FULL = {39, 112}  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
_REPLACE_RETRIES = 5  # an indexer or antivirus may hold a fresh file for a moment (Windows only)


@contextmanager
def atomic_write(target: Path | str) -> Iterator[BinaryIO]:
    """Open a temp file beside `target` for binary writing; on a clean exit it replaces `target`.

    If the body raises, or the data cannot be written, flushed or moved into place, the temp file
    is deleted and `target` is left untouched. OSErrors become FileProblemError.
    """
    target = Path(target)
    folder = target.parent
    if target.is_dir():
        raise FileProblemError(f"Không lưu được: “{target}” là một thư mục, không phải một tệp.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".~{target.stem[:40]}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _folder_problem(exc, target) from exc
    tmp = Path(tmp_name)
    done = False
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _copy_mode(target, tmp)
        _replace(tmp, target)
        done = True
    except OSError as exc:
        raise _write_problem(exc, target) from exc
    finally:
        if not done:
            with suppress(OSError):
                tmp.unlink()


def atomic_write_bytes(target: Path | str, data: bytes) -> None:
    """Write `data` to `target` atomically (see atomic_write)."""
    with atomic_write(target) as fh:
        fh.write(data)


def _replace(tmp: Path, target: Path) -> None:
    for attempt in range(_REPLACE_RETRIES):
        try:
            os.replace(tmp, target)
            return
        except PermissionError:
            if os.name != "nt" or attempt == _REPLACE_RETRIES - 1:
                raise
            time.sleep(0.1 * (attempt + 1))


def _copy_mode(target: Path, tmp: Path) -> None:
    """mkstemp makes the file private (0600); give it the old file's mode, or the usual default."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with suppress(OSError):
        os.chmod(tmp, mode)


def _is_disk_full(exc: OSError) -> bool:
    return exc.errno in _DISK_FULL or getattr(exc, "winerror", None) in _WIN_DISK_FULL


def _folder_problem(exc: OSError, target: Path) -> FileProblemError:
    name, folder = target.name, target.parent.resolve()
    if _is_disk_full(exc):
        return _disk_full(target)
    if isinstance(exc, FileNotFoundError):
        return FileProblemError(
            f"Không lưu được tệp “{name}”: thư mục “{folder}” không tồn tại. Hãy chọn thư mục khác."
        )
    if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        return FileProblemError(
            f"Không lưu được tệp “{name}”: thư mục “{folder}” chỉ cho phép đọc hoặc bạn không có"
            " quyền ghi vào đó. Hãy lưu vào thư mục khác (ví dụ thư mục Tài liệu)."
        )
    return _other(exc, target)


def _write_problem(exc: OSError, target: Path) -> FileProblemError:
    name = target.name
    if _is_disk_full(exc):
        return _disk_full(target)
    winerror = getattr(exc, "winerror", None)
    if (
        isinstance(exc, PermissionError)
        or winerror in _WIN_LOCKED
        or winerror == _WIN_ACCESS_DENIED
    ):
        return FileProblemError(
            f"Không lưu được tệp “{name}”: tệp đang được mở trong {_office_app(target)}"
            " (hoặc chương trình khác)"
            " hay chỉ cho phép đọc. Hãy đóng tệp rồi thử lại. Tệp cũ vẫn được giữ nguyên."
        )
    if exc.errno == errno.EROFS:
        return _folder_problem(exc, target)
    return _other(exc, target)


def _office_app(target: Path) -> str:
    """The program a clerk most likely has the file open in, by its extension."""
    return "Excel" if target.suffix.lower() in {".xlsx", ".xlsm", ".xls"} else "Word"


def _disk_full(target: Path) -> FileProblemError:
    return FileProblemError(
        f"Không lưu được tệp “{target.name}”: ổ đĩa đã đầy. Hãy giải phóng bớt dung lượng hoặc lưu"
        " vào ổ đĩa khác. Tệp cũ (nếu có) vẫn được giữ nguyên."
    )


def _other(exc: OSError, target: Path) -> FileProblemError:
    reason = exc.strerror or str(exc)
    return FileProblemError(
        f"Không lưu được tệp “{target.name}”: {reason}. Tệp cũ (nếu có) vẫn được giữ nguyên."
    )
