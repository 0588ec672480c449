"""The state of a database file, learnt through SQLite only: exists, is SQLite, passes its checks,
which schema revision, whether it can be written; and which stored values cannot be read.

Never open the database file with plain Python I/O while this process may hold a SQLite connection
to it: on POSIX, closing any descriptor of a file drops every lock the process holds on that file,
so another process could checkpoint and delete the WAL under our connections and edits would vanish.
SQLite's own connections share their locks correctly, so every look at the file goes through one.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ..domain.frozen import Record
from ..domain.stored import FILLED_SEPARATOR
from ..errors import FileProblemError
from .location import has_table, stored_revision
from .records import decode_stored, mirror_matches

SQLITE_MAGIC_PROBLEM = "file is not a database"


class DamagedDatabaseError(FileProblemError):
    """The file failed SQLite's checks: nothing is written to it; restore a backup instead."""

    def __init__(self, message: str, path: Path, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.problems = problems or []


class UnreadableRowError(FileProblemError):
    """One stored value cannot be read; the rest of the file (other reports) stays usable."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


def damaged_message(path: Path, detail: str = "") -> str:
    """What the user reads about a damaged file, with what to do next."""
    text = f"Tệp cơ sở dữ liệu “{path}” bị hỏng"
    if detail:
        text += f" ({detail})"
    return (
        text + ". Ứng dụng không ghi gì vào tệp này. Hãy khôi phục bản sao lưu gần nhất"
        " (Tệp > Khôi phục…, hoặc lệnh cchc restore); tệp hỏng được giữ lại nguyên vẹn."
    )


def folder_writable(path: Path) -> bool:
    """Whether SQLite can create its -wal/-shm files beside the database and write the file."""
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(folder, os.W_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def readonly_uri(path: Path) -> str:
    """A read-only SQLite URI; immutable when SQLite could not create its -shm file (a read-only
    folder) and there is no -wal whose changes an immutable open would ignore."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    wal = path.with_name(path.name + "-wal")
    shm = path.with_name(path.name + "-shm")
    if (
        not folder_writable(path)
        and not shm.exists()
        and (not wal.exists() or not wal.stat().st_size)
    ):
        uri += "&immutable=1"
    return uri


def connect_readonly(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    return sqlite3.connect(readonly_uri(path), uri=True, timeout=timeout, check_same_thread=False)


class FileState(Record):
    """What open_engine needs to know before it lets SQLAlchemy near the file."""

    __match_args__ = ("path", "revision", "has_tables", "writable", "problems")
    path: Path
    revision: str | None
    has_tables: bool
    writable: bool
    problems: list[str]

    def __init__(
        self,
        path: Path,
        revision: str | None = None,
        has_tables: bool = False,
        writable: bool = True,
        problems: list[str] | None = None,
    ) -> None:
        self.path = path
        self.revision = revision
        self.has_tables = has_tables
        self.writable = writable
        self.problems = [] if problems is None else problems


def _integrity(con: sqlite3.Connection, full: bool) -> list[str]:
    """SQLite's quick_check (or integrity_check), each finding said in Vietnamese."""
    pragma = "integrity_check(50)" if full else "quick_check(50)"
    con.text_factory = bytes  # the findings quote damaged text, which may not be UTF-8
    try:
        rows = [r[0].decode("utf-8", "replace") for r in con.execute(f"PRAGMA {pragma}")]
    finally:
        con.text_factory = str
    return [] if rows == ["ok"] else [_finding(r) for r in rows]


def _finding(line: str) -> str:
    page = re.search(r"page (\d+)", line, re.IGNORECASE)
    table = re.search(r"(?:index|table|tree) (\w+)", line)
    where = f" ở trang {page[1]} của tệp" if page else ""
    if table and not page:
        where = f" (bảng/chỉ mục {table[1]})"
    if "missing from index" in line or "wrong # of entries" in line:
        return f"chỉ mục không khớp với dữ liệu{where}"
    if "never used" in line or "freelist" in line.lower():
        return f"vùng trống của tệp không nhất quán{where}"
    return f"cấu trúc tệp bị hỏng{where}"


def examine(path: Path, *, full: bool = False) -> FileState:
    """Look at an existing, non-empty file through SQLite: a folder, not SQLite, damaged (quick_check,
    or integrity_check when full) or a database this app did not make are FileProblemErrors."""
    if path.is_dir():
        raise FileProblemError(f"“{path}” là một thư mục, không phải tệp cơ sở dữ liệu")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileProblemError(f"Không đọc được tệp “{path}”: {exc.strerror}") from exc
    if size == 0:
        # a crash or a failed copy leaves 0 bytes: never silently start a new, empty database
        raise DamagedDatabaseError(damaged_message(path, "tệp rỗng, 0 byte"), path, ["0 byte"])
    state = FileState(path, writable=folder_writable(path))
    try:
        con = connect_readonly(path)
    except sqlite3.Error as exc:
        raise FileProblemError(f"Không mở được tệp “{path}”: {translate(exc)}") from exc
    try:
        try:
            con.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as exc:
            if SQLITE_MAGIC_PROBLEM in str(exc).lower():
                # a stranger's file, or ours with its first bytes damaged: either way refused
                # untouched, and a restore is offered where backups exist
                raise DamagedDatabaseError(
                    f"Tệp “{path}” không phải là cơ sở dữ liệu của CCHC Desktop (SQLite), hoặc"
                    " phần đầu tệp đã bị hỏng; tệp không bị thay đổi.",
                    path,
                    ["phần đầu tệp không phải của SQLite"],
                ) from exc
            raise
        state.problems = _integrity(con, full)
        if state.problems:
            raise DamagedDatabaseError(
                damaged_message(path, state.problems[0]), path, state.problems
            )
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        state.has_tables = bool(names)
        state.revision = stored_revision(con)
        if names and "alembic_version" not in names:
            # another program's database: never add our tables (or alembic_version) to it
            raise FileProblemError(
                f"Tệp “{path}” là cơ sở dữ liệu SQLite nhưng không phải của CCHC Desktop;"
                " tệp không bị thay đổi."
            )
    except DamagedDatabaseError:
        raise
    except FileProblemError:
        raise
    except (sqlite3.DatabaseError, ValueError) as exc:  # ValueError: text that is not UTF-8
        detail = translate(exc)
        if detail == "tệp bị hỏng":
            detail = "cấu trúc tệp bị hỏng"
        raise DamagedDatabaseError(damaged_message(path, detail), path, [detail]) from exc
    finally:
        con.close()
    return state


def translate(exc: BaseException) -> str:
    """SQLite's English reason in Vietnamese (the one place that knows them)."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "disk is full" in text or "disk full" in text or "no space" in text:
        return "ổ đĩa đã đầy"
    if "locked" in text or "busy" in text:
        return "tệp đang được một chương trình khác ghi"
    if "readonly" in text or "read-only" in text:
        return "tệp hoặc thư mục chỉ cho phép đọc"
    if "malformed" in text or "not a database" in text or "decode" in text:
        return "tệp bị hỏng"
    if "disk i/o" in text or "i/o error" in text:
        return "lỗi đọc/ghi đĩa (ổ đĩa, USB hoặc ổ mạng có thể đã bị ngắt)"
    if "unable to open" in text:
        return "không mở được tệp (kiểm tra đường dẫn và quyền truy cập)"
    return "lỗi cơ sở dữ liệu SQLite"


# --- values that cannot be read ---------------------------------------------------------------
_FIELD_LABELS = {
    ("reports", "narrative"): "phần nội dung",  # a file from before 0011
    ("narrative_parts", "paragraphs"): "phần nội dung",
    ("narrative_parts", "title"): "tên một mục của phần nội dung",
    ("reports", "period_kind"): "kỳ báo cáo",
    ("reports", "status"): "trạng thái",
    ("reports", "issue_date"): "ngày ban hành",
    ("reports", "optional_groups"): "nhóm chỉ tiêu tùy chọn",
    ("propaganda_rows", "quantity"): "số lượng (Phụ lục I)",
    ("remediation_items", "score_got"): "điểm đạt (Phụ lục II)",
    ("remediation_items", "score_max"): "điểm tối đa (Phụ lục II)",
}
_CHILD_TABLES = ("footnotes", "recipients", "propaganda_rows", "remediation_items")
_NARRATIVE_SQL = (
    "SELECT paragraphs, title FROM narrative_parts WHERE report_id = ? ORDER BY position"
)


_TABLE_LABELS = {
    "reports": "thông tin chung",
    "footnotes": "chú thích",
    "recipients": "nơi nhận",
    "propaganda_rows": "Phụ lục I",
    "remediation_items": "Phụ lục II",
    "indicator_values": "Phụ lục III",
    "narrative_parts": "phần nội dung",
}
_VALUE_COLUMNS = {"number": "số liệu", "text": "giá trị", "note": "ghi chú", "code": "mã"}


def _label(table: str, column: str, row: dict[str, Any]) -> str:
    if table == "indicator_values":
        code = row.get("code")
        code_text = code.decode("utf-8", "replace") if isinstance(code, bytes) else code
        part = _VALUE_COLUMNS.get(column)
        return f"chỉ tiêu {code_text}" + (f" ({part})" if part else "")
    if column == "mirror":
        return f"{_TABLE_LABELS[table]}, dòng {row.get('position')}"
    known = _FIELD_LABELS.get((table, column))
    return known or f"{_TABLE_LABELS.get(table, table)}, trường {column}"


def _check_value(table: str, column: str, raw: Any) -> None:
    value = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    decoded = decode_stored(table, column, value)
    if column == "year":
        if not isinstance(decoded, int):
            raise TypeError(decoded)
    elif table == "reports" and column == "period_kind":
        from ..domain.periods import PeriodKind

        PeriodKind(decoded)
    elif table == "reports" and column == "status":
        from ..domain.report import ReportStatus

        ReportStatus(decoded)
    elif table == "reports" and column == "sent_via" and decoded is not None:
        from ..domain.report import SentVia

        SentVia(decoded)
    elif table == "reports" and column == "narrative":
        from ..domain.serialize import narrative_from_dict

        narrative_from_dict(decoded or {})
    elif table == "narrative_parts" and column == "paragraphs":
        from .records import part_paragraphs

        part_paragraphs(decoded)


NARRATIVE_OUT_OF_ORDER = (
    "phần nội dung: các phần (mở đầu, các mục, kết thúc) bị thiếu hoặc không còn đúng thứ tự"
)


def _narrative_in_order(con: sqlite3.Connection, report_id: int) -> bool:
    """Whether the report's narrative_parts rows (0011) make a narrative; True for a file from
    before 0011 (its narrative is one column of the report, checked with the others)."""
    from .records import narrative_from_rows

    if not has_table(con, "narrative_parts"):
        return True

    def text(value: Any) -> Any:
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else value

    rows = [
        SimpleNamespace(position=p, kind=text(k), depth=d, title=text(t), numbered=n)
        for p, k, d, t, n in con.execute(
            "SELECT position, kind, depth, title, numbered FROM narrative_parts"
            " WHERE report_id = ? ORDER BY position",
            (report_id,),
        )
    ]
    try:
        narrative_from_rows(rows, text=False)
    except ValueError:
        return False
    return True


def _mirror_ok(table: str, row: dict[str, Any]) -> bool:
    try:
        text = {k: v.decode("utf-8") if isinstance(v, bytes) else v for k, v in row.items()}
    except UnicodeDecodeError:
        return False
    return mirror_matches(table, SimpleNamespace(**text))


def unreadable_values(con: sqlite3.Connection, report_id: int) -> list[str]:
    """Each stored value of the report that cannot be read, named by field ("chỉ tiêu 1.1.1 …")."""
    old_factory = con.text_factory
    con.text_factory = bytes  # a flipped byte in UTF-8 text must be found, not raised
    found: list[str] = []
    try:
        queries = [("reports", "SELECT * FROM reports WHERE id = ?")]
        queries += [(t, f"SELECT * FROM {t} WHERE report_id = ?") for t in _CHILD_TABLES]
        queries.append(("indicator_values", "SELECT * FROM indicator_values WHERE report_id = ?"))
        if not _narrative_in_order(con, report_id):
            found.append(NARRATIVE_OUT_OF_ORDER)
        else:
            queries.append(("narrative_parts", _NARRATIVE_SQL))
        for table, sql in queries:
            cur = con.execute(sql, (report_id,))
            names = [d[0] for d in cur.description]
            for raw_row in cur.fetchall():
                row = dict(zip(names, raw_row, strict=True))
                # the narrative's rows have no mirror: a byte that is not UTF-8 in them is named
                # as a value that cannot be read, below
                if table != "narrative_parts" and not _mirror_ok(table, row):
                    found.append(
                        f"{_label(table, 'mirror', row)}: số liệu không khớp với bản ghi kiểm tra"
                        " đi kèm (một byte của tệp đã bị thay đổi)"
                    )
                    continue
                for column, raw in row.items():
                    try:
                        _check_value(table, column, raw)
                    except (ValueError, ArithmeticError, TypeError, KeyError, AttributeError):
                        shown = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
                        shown = str(shown)
                        if len(shown) > 40:
                            shown = shown[:40] + "…"
                        found.append(f"{_label(table, column, row)}: giá trị lưu “{shown}”")
    finally:
        con.text_factory = old_factory
    return found


def report_name(con: sqlite3.Connection, report_id: int) -> str:
    """ "báo cáo số hiệu 3 (Sở Tài chính, H1/2024)", as much of it as can still be read."""
    try:
        row = con.execute(
            "SELECT units.name, reports.period_kind, reports.year FROM reports"
            " JOIN units ON units.id = reports.unit_id WHERE reports.id = ?",
            (report_id,),
        ).fetchone()
    except sqlite3.Error:
        row = None
    if row is None:
        return f"báo cáo số hiệu {report_id}"
    return f"báo cáo số hiệu {report_id} ({row[0]}, {row[1]}/{row[2]})"


def unreadable_report_error(path: Path, report_id: int) -> UnreadableRowError:
    """The error for a report that failed to load: which fields of which report, read through a
    separate read-only SQLite connection."""
    with_names: list[str] = []
    try:
        con = connect_readonly(path)
        try:
            name = report_name(con, report_id)
            with_names = unreadable_values(con, report_id)
        finally:
            con.close()
    except sqlite3.Error:
        name = f"báo cáo số hiệu {report_id}"
    detail = "; ".join(with_names) if with_names else "một giá trị lưu trong tệp"
    return UnreadableRowError(
        f"Không đọc được {name}: {detail}. Tệp dữ liệu có thể bị hỏng ở chỗ này; các báo cáo"
        " khác vẫn dùng được. Hãy chạy “cchc check” (Tệp > Kiểm tra tệp dữ liệu) và khôi phục"
        " bản sao lưu nếu cần.",
        with_names or [detail],
    )


def unreadable_catalogs(con: sqlite3.Connection) -> list[str]:
    """The user's catalogs (migration 0004) whose stored form, rules or mapping cannot be read."""
    import json

    from ..domain.catalog import catalog_from_dict

    if not has_table(con, "catalogs"):
        return []
    out = []
    for cid, version, data, rules, mapping in con.execute(
        "SELECT catalog_id, version, data, rules, mapping FROM catalogs ORDER BY id"
    ):
        try:
            catalog_from_dict(json.loads(data))
            for extra in (rules, mapping):
                if extra is not None and not isinstance(json.loads(extra), dict):
                    raise ValueError("không phải đối tượng JSON")
        except (ValueError, TypeError) as exc:
            out.append(f"danh mục “{cid}” phiên bản {version}: không đọc được ({exc})")
    return out


LIST_SUMMARY_OFF = (
    "số chỉ tiêu đã nhập ghi cho danh sách báo cáo không khớp số liệu đã lưu (bảng list_figures)"
)


def _code_set(codes: object) -> set[str]:
    """The codes of a stored summary or set text (joined by FILLED_SEPARATOR; NULL: none)."""
    return set(str(codes).split(FILLED_SEPARATOR)) if codes else set()


def list_summary_off(con: sqlite3.Connection) -> list[int]:
    """The reports whose list summary (list_figures, kept by triggers since migration 0010) no
    longer names the codes their stored values fill, or whose set of codes (code_sets, 0012) is
    not its codes: the list would show a wrong "84/105 chỉ tiêu". Triggers keep both for any
    write through SQLite; this finds what went around them (a changed byte, a trigger dropped by
    hand). A file from before 0010 has no summary."""
    if not has_table(con, "list_figures"):
        return []
    # since 0012 the list reads the codes of the row's set (code_sets): they must be its codes
    sets = has_table(con, "code_sets")
    rows = con.execute(
        "SELECT f.report_id, f.codes, s.codes, s.id IS NULL FROM list_figures f"
        " LEFT JOIN code_sets s ON s.id = f.set_id"
        if sets
        else "SELECT report_id, codes, codes, 0 FROM list_figures"
    ).fetchall()
    kept = {rid: _code_set(codes) for rid, codes, _set, _none in rows}
    # the set holds the codes in code order, the summary in the order they were written
    astray = {rid for rid, _codes, in_set, none in rows if none or _code_set(in_set) != kept[rid]}
    filled: dict[int, set[str]] = {}
    for rid, code in con.execute(
        "SELECT report_id, code FROM indicator_values WHERE number IS NOT NULL OR text IS NOT NULL"
    ):
        filled.setdefault(rid, set()).add(str(code))
    return sorted(
        rid
        for rid in kept.keys() | filled.keys()
        if rid in astray or kept.get(rid, set()) != filled.get(rid, set())
    )


def check_everything(path: Path) -> list[str]:
    """`cchc check`: SQLite's full integrity_check, foreign keys, then every stored value of every
    report; an empty list means the file is sound."""
    problems: list[str] = []
    try:
        examine(path, full=True)
    except DamagedDatabaseError as exc:
        return exc.problems or [exc.message]
    con = connect_readonly(path)
    try:
        for row in con.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"dòng {row[1]} của bảng {row[0]} trỏ tới {row[2]} không tồn tại")
        ids = [r[0] for r in con.execute("SELECT id FROM reports ORDER BY id")]
        for rid in ids:
            for value in unreadable_values(con, rid):
                problems.append(f"{report_name(con, rid)}: {value}")
        problems += unreadable_catalogs(con)
        problems += [
            f"{report_name(con, rid)}: {LIST_SUMMARY_OFF}" for rid in list_summary_off(con)
        ]
    except sqlite3.DatabaseError as exc:
        problems.append(translate(exc))
    finally:
        con.close()
    return problems


def report_count(path: Path) -> int | None:
    """How many reports the file holds (None when it cannot be read)."""
    try:
        con = connect_readonly(path)
        try:
            return int(con.execute("SELECT COUNT(*) FROM reports").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return None


def modified_at(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
