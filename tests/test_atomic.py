"""Tests for atomic writes: the old file survives every failure and no temp file is left behind."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

import pytest

from cchc_desktop.atomic import atomic_write, atomic_write_bytes
from cchc_desktop.errors import FileProblemError

OLD = b"old contents"


def _leftovers(folder: Path, keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != keep)


def test_writes_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "báo cáo.docx"
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert _leftovers(tmp_path, target.name) == []
    mode = stat.S_IMODE(target.stat().st_mode)
    assert mode & 0o044, "a new file must not stay private like mkstemp's 0600"


def test_replaces_an_existing_file_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.docx"
    target.write_bytes(OLD)
    os.chmod(target, 0o640)
    with atomic_write(target) as fh:
        fh.write(b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _leftovers(tmp_path, target.name) == []


def test_failure_in_the_body_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "a.docx"
    target.write_bytes(OLD)
    with pytest.raises(RuntimeError), atomic_write(target) as fh:
        fh.write(b"half")
        raise RuntimeError("boom")
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path, target.name) == []


def test_target_open_in_word_gives_a_vietnamese_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bao-cao.docx"
    target.write_bytes(OLD)

    def locked(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(FileProblemError) as info:
        atomic_write_bytes(target, b"new")
    assert "bao-cao.docx" in info.value.message
    assert "đang được mở trong Word" in info.value.message
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path, target.name) == []


def test_windows_sharing_violation_is_reported_as_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class SharingViolation(OSError):
        winerror = 32  # ERROR_SHARING_VIOLATION, as Windows raises it for a file Word holds

    target = tmp_path / "bao-cao.docx"
    target.write_bytes(OLD)

    def locked(src: object, dst: object) -> None:
        raise SharingViolation(errno.EIO, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(FileProblemError, match="đang được mở"):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path, target.name) == []


def test_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(FileProblemError) as info:
        atomic_write_bytes(tmp_path / "x.docx", b"new")
    assert "x.docx" in info.value.message
    assert "chỉ cho phép đọc" in info.value.message


@pytest.mark.skipif(
    os.name == "nt" or (hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="root (or Windows) ignores the folder's write permission",
)
def test_really_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "a.docx"
    target.write_bytes(OLD)
    folder.chmod(0o555)
    try:
        with pytest.raises(FileProblemError, match="chỉ cho phép đọc"):
            atomic_write_bytes(target, b"new")
        assert target.read_bytes() == OLD
    finally:
        folder.chmod(0o755)


def test_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.docx"
    target.write_bytes(OLD)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(FileProblemError) as info:
        atomic_write_bytes(target, b"new" * 1000)
    assert "ổ đĩa đã đầy" in info.value.message and "a.docx" in info.value.message
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path, target.name) == []


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileProblemError, match="không tồn tại"):
        atomic_write_bytes(tmp_path / "nowhere" / "a.docx", b"x")


def test_target_is_a_folder(tmp_path: Path) -> None:
    with pytest.raises(FileProblemError, match="thư mục"):
        atomic_write_bytes(tmp_path, b"x")
