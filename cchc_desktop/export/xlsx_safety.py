"""Checks on an Excel (or Word) file before and while openpyxl (python-docx) reads it: size, format,
zip bombs, XML attacks, rows.

Files come back from phòng and đơn vị trực thuộc by e-mail and USB stick, so they are untrusted input.
Everything here works on the raw bytes first (openpyxl never sees a file that failed a check), and
every refusal is a FileProblemError with a Vietnamese message the user can act on.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import FileProblemError

# A workbook the app writes is ~30 KB; what sub-units send back stays far below these limits.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 500
# Declared uncompressed sizes from the zip's central directory. CPython's zipfile never returns
# more than an entry's declared size (and checks its CRC at the end), so bounding the declared
# sizes bounds what openpyxl can inflate.
MAX_ENTRY_UNCOMPRESSED = 64 * 1024 * 1024
MAX_TOTAL_UNCOMPRESSED = 128 * 1024 * 1024
# openpyxl parses these parts whole at load time (the sheets are streamed in read-only mode)
MAX_EAGER_PART = 16 * 1024 * 1024
EAGER_PARTS = ("xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml")
# Deflate tops out near 1032:1; ordinary XML reaches 10-50:1. Only large entries are judged,
# a small part of repeated spaces may legitimately compress very well.
MAX_RATIO = 200
RATIO_MIN_SIZE = 1024 * 1024
# The statistics form has ~130 rows; a sheet is read no further than this.
MAX_ROWS = 5_000
# A worksheet without a <dimension> element may be this big at most (the form's sheet is ~100 KB)
MAX_SHEET_WITHOUT_DIMENSION = 4 * 1024 * 1024
# Look for a DTD at the start of every XML part (the prolog, where a DOCTYPE must be).
_PROLOG_BYTES = 8 * 1024

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_SAVE_AS_XLSX = (
    "Hãy mở tệp trong Excel, chọn Tệp > Lưu thành > “Sổ làm việc Excel (*.xlsx)” rồi nhập lại."
)


@dataclass(frozen=True)
class OfficeFormat:
    """What differs between the Office packages these checks guard: the parts that prove the
    format, the parts the reader parses whole, and the advice when the file is something else."""

    noun: str  # "tệp Excel .xlsx"
    main_part: str  # a part every file of the format has
    eager_parts: tuple[str, ...]  # parsed whole when the file is opened
    eager_prefixes: tuple[str, ...] = ()  # every .xml part under these folders is parsed whole too
    max_bytes: int | None = None  # None: MAX_FILE_BYTES
    save_as: str = ""
    old_format: str = ""  # the message for the binary 97-2003 format (an OLE file), after the name


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def read_file_checked(path: Path, fmt: OfficeFormat | None = None) -> bytes:
    """Read the file once, refusing before reading if it is too big, then run every byte-level check.

    The bytes are handed to openpyxl from memory, so the file checked is the file read.
    """
    fmt = fmt or XLSX
    limit = fmt.max_bytes or MAX_FILE_BYTES
    name = path.name
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > limit:
                raise FileProblemError(
                    f"Tệp “{name}” quá lớn ({_mb(size)}; tối đa {_mb(limit)}). "
                    "Tệp báo cáo, số liệu CCHC chỉ vài chục KB đến vài MB: hãy kiểm tra lại có "
                    "chọn đúng tệp không."
                )
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise FileProblemError(f"Không tìm thấy tệp “{path}”.") from None
    except IsADirectoryError:
        raise FileProblemError(f"“{path}” là một thư mục, không phải {fmt.noun}.") from None
    except PermissionError:
        raise FileProblemError(
            f"Không đọc được tệp “{name}”: tệp đang được mở khóa bởi chương trình khác "
            "hoặc không có quyền đọc. Hãy đóng tệp trong Excel rồi thử lại."
        ) from None
    except OSError as exc:
        raise FileProblemError(f"Không đọc được tệp “{name}”: {exc.strerror or exc}.") from None
    if len(data) > limit:  # grew while being read
        raise FileProblemError(f"Tệp “{name}” quá lớn (tối đa {_mb(limit)}).")
    check_bytes(data, name, fmt)
    return data


def check_bytes(data: bytes, name: str = "tệp", fmt: OfficeFormat | None = None) -> None:
    """Every check that needs no XML parser: format, encryption, zip structure and declared sizes."""
    fmt = fmt or XLSX
    if not data:
        raise FileProblemError(f"Tệp “{name}” rỗng (0 byte).")
    if data.startswith(OLE_MAGIC) and fmt is not XLSX:
        if _ENCRYPTED_STREAM in data:
            raise FileProblemError(
                f"Tệp “{name}” được đặt mật khẩu mở nên không đọc được. Hãy bỏ mật khẩu, lưu lại "
                "rồi nhập lại."
            )
        raise FileProblemError(f"Tệp “{name}” {fmt.old_format} {fmt.save_as}")
    if data.startswith(OLE_MAGIC):
        # Password-protected .xlsx files and legacy .xls files are both OLE compound files;
        # an encrypted one carries an "EncryptedPackage" stream.
        if _ENCRYPTED_STREAM in data:
            raise FileProblemError(
                f"Tệp “{name}” được đặt mật khẩu mở nên không đọc được. Hãy mở tệp trong Excel, "
                "bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu, xóa "
                "mật khẩu), lưu lại rồi nhập lại."
            )
        raise FileProblemError(
            f"Tệp “{name}” theo định dạng Excel 97-2003 (.xls), ứng dụng chỉ đọc tệp .xlsx. "
            + _SAVE_AS_XLSX
        )
    if not data.startswith(ZIP_MAGIC):
        raise FileProblemError(
            f"Tệp “{name}” không phải là {fmt.noun} (nội dung không đúng định dạng). " + fmt.save_as
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        raise FileProblemError(
            f"Tệp “{name}” bị hỏng hoặc chưa được tải về / sao chép hết (tệp bị cắt cụt). "
            "Hãy xin lại tệp gốc từ đơn vị gửi."
        ) from None
    with zf:
        check_zip(zf, len(data), name, fmt)


def check_zip(
    zf: zipfile.ZipFile, file_size: int, name: str, fmt: OfficeFormat | None = None
) -> None:
    """Entry count, declared sizes and ratios, encryption, and that this is a workbook (or a Word
    document) at all."""
    fmt = fmt or XLSX
    infos = zf.infolist()
    hostile = f"Tệp “{name}” có cấu trúc bất thường (có thể là tệp độc hại) nên không được mở: "
    if len(infos) > MAX_ENTRIES:
        raise FileProblemError(hostile + f"chứa {len(infos)} thành phần (tối đa {MAX_ENTRIES}).")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise FileProblemError(
                f"Tệp “{name}” có thành phần bị mã hóa nên không đọc được. "
                "Hãy lưu lại tệp trong Excel không đặt mật khẩu rồi nhập lại."
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise FileProblemError(hostile + f"thành phần “{info.filename}” dùng kiểu nén lạ.")
        if info.header_offset + info.compress_size > file_size:
            raise FileProblemError(
                f"Tệp “{name}” bị hỏng hoặc chưa được tải về hết (thiếu dữ liệu của "
                f"“{info.filename}”). Hãy xin lại tệp gốc từ đơn vị gửi."
            )
        size = info.file_size
        eager = info.filename in fmt.eager_parts or (
            info.filename.startswith(fmt.eager_prefixes) and info.filename.endswith(".xml")
        )
        limit = MAX_EAGER_PART if eager else MAX_ENTRY_UNCOMPRESSED
        if size > limit:
            raise FileProblemError(
                hostile + f"thành phần “{info.filename}” khi giải nén lên tới {_mb(size)} "
                f"(tối đa {_mb(limit)})."
            )
        if size >= RATIO_MIN_SIZE and size > MAX_RATIO * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            raise FileProblemError(
                hostile + f"thành phần “{info.filename}” nén với tỷ lệ {ratio}:1 "
                f"(quả bom nén, tối đa {MAX_RATIO}:1)."
            )
        total += size
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise FileProblemError(
                hostile + f"tổng dung lượng khi giải nén vượt {_mb(MAX_TOTAL_UNCOMPRESSED)}."
            )
    names = {i.filename for i in infos}
    if fmt is not XLSX and (fmt.main_part not in names or "[Content_Types].xml" not in names):
        if "xl/workbook.xml" in names:
            raise FileProblemError(f"Tệp “{name}” là bảng tính Excel, không phải {fmt.noun}.")
        if "mimetype" in names or "content.xml" in names:
            raise FileProblemError(
                f"Tệp “{name}” theo định dạng OpenDocument, không phải {fmt.noun}. " + fmt.save_as
            )
        raise FileProblemError(
            f"Tệp “{name}” là tệp nén nhưng không phải {fmt.noun}. " + fmt.save_as
        )
    if fmt is XLSX and ("xl/workbook.xml" not in names or "[Content_Types].xml" not in names):
        if "xl/workbook.bin" in names:
            raise FileProblemError(
                f"Tệp “{name}” là sổ làm việc nhị phân (.xlsb), ứng dụng chỉ đọc tệp .xlsx. "
                + _SAVE_AS_XLSX
            )
        if "mimetype" in names or "content.xml" in names:
            raise FileProblemError(
                f"Tệp “{name}” theo định dạng OpenDocument (.ods), ứng dụng chỉ đọc tệp .xlsx. "
                + _SAVE_AS_XLSX
            )
        if "word/document.xml" in names:
            raise FileProblemError(f"Tệp “{name}” là văn bản Word, không phải bảng tính Excel.")
        raise FileProblemError(
            f"Tệp “{name}” là tệp nén nhưng không phải bảng tính Excel .xlsx. " + _SAVE_AS_XLSX
        )
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        head = _head(zf, info).lower()
        if b"<!doctype" in head or b"<!entity" in head:
            raise FileProblemError(
                hostile + f"thành phần “{info.filename}” khai báo thực thể XML (DOCTYPE/ENTITY), "
                "kiểu tấn công làm treo hoặc lộ dữ liệu máy tính. Excel và Word không bao giờ tạo "
                "ra khai báo này."
            )
        if (
            _WORKSHEET_RE.match(info.filename)
            and info.file_size > MAX_SHEET_WITHOUT_DIMENSION
            and not _DIMENSION_RE.search(head)
        ):
            # Without <dimension> openpyxl's read-only mode parses the whole sheet just to size it,
            # before the row limit can act: a 60 MB sheet costs ~10 s. Excel, LibreOffice and
            # openpyxl always write the element, so only a big sheet lacking it is refused.
            raise FileProblemError(
                hostile + f"trang tính “{info.filename}” không khai báo kích thước (dimension) "
                f"và dài tới {_mb(info.file_size)} khi giải nén."
            )


XLSX = OfficeFormat(
    noun="tệp Excel .xlsx",
    main_part="xl/workbook.xml",
    eager_parts=EAGER_PARTS,
    save_as=_SAVE_AS_XLSX,
)
# python-docx parses every XML part it knows when it opens a document (document, styles,
# numbering, headers, footers); the importer parses the footnotes.
DOCX = OfficeFormat(
    noun="văn bản Word .docx",
    main_part="word/document.xml",
    eager_parts=(),
    eager_prefixes=("word/", "docProps/", "customXml/"),
    max_bytes=50 * 1024 * 1024,  # reports with scanned pictures pasted in are a few MB
    save_as="Hãy mở tệp trong Word, chọn Tệp > Lưu thành > “Tài liệu Word (*.docx)” rồi nhập lại.",
    old_format="theo định dạng Word 97-2003 (.doc), ứng dụng chỉ đọc tệp .docx.",
)

_WORKSHEET_RE = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
_DIMENSION_RE = re.compile(rb"<([a-z0-9_]+:)?dimension[\s/>]")


def _head(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The first bytes of a part, inflating no more than that."""
    try:
        with zf.open(info) as fh:
            return fh.read(_PROLOG_BYTES)
    except Exception:
        # a damaged part (BadZipFile, zlib.error, ...) is reported by the reader, naming the file
        return b""


def ensure_defused() -> None:
    """openpyxl must parse with defusedxml; it silently falls back to the stdlib parser otherwise
    (defusedxml missing, or OPENPYXL_DEFUSEDXML=False in the environment)."""
    import openpyxl
    from openpyxl.xml import functions

    defused = bool(getattr(openpyxl, "DEFUSEDXML", False))
    module = getattr(functions.iterparse, "__module__", "") or ""
    if not defused or not module.startswith("defusedxml"):
        raise FileProblemError(
            "Bộ đọc Excel chưa bật chế độ an toàn (defusedxml) nên không mở tệp từ bên ngoài. "
            "Hãy cài lại ứng dụng."
        )


def load_workbook_safely(data: bytes, name: str) -> Any:
    """Open checked bytes with openpyxl in read-only mode: formulas kept as text, links ignored."""
    ensure_defused()
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula comes back as its text ("=SUM(D5:D9)"), so the importer can
        # refuse it; openpyxl never evaluates formulas and the cached result is never trusted.
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except FileProblemError:
        raise
    except Exception as exc:  # untrusted input: any parser failure is "this file is broken"
        raise broken_file(name, exc) from None


def broken_file(name: str, exc: BaseException) -> FileProblemError:
    """The message for a parser failure on untrusted input, naming XML attacks as such."""
    if any((type(e).__module__ or "").startswith("defusedxml") for e in _chain(exc)):
        return FileProblemError(
            f"Tệp “{name}” chứa khai báo thực thể XML (kiểu tấn công làm treo hoặc lộ dữ liệu "
            "máy tính) nên không được mở."
        )
    return FileProblemError(
        f"Tệp “{name}” bị hỏng, không đọc được nội dung bảng tính ({type(exc).__name__}). "
        "Hãy mở tệp trong Excel, lưu lại dưới dạng .xlsx rồi nhập lại."
    )


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and its causes: openpyxl wraps parser errors in a ValueError."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def limited_rows(
    ws: Any, sheet: str, name: str, *, max_col: int, max_rows: int = MAX_ROWS
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Yield (row number, cells) of a read-only sheet, refusing a sheet longer than max_rows.

    openpyxl streams the sheet, so a million-row sheet costs only the rows read before the refusal.
    """
    try:
        # the <dimension> element is written by the sender and may lie: a sheet claiming A1:E10
        # would hide its later rows from openpyxl, so read to the real end (bounded below)
        ws.reset_dimensions()
        for number, row in enumerate(ws.iter_rows(max_col=max_col), start=1):
            if number > max_rows:
                raise FileProblemError(
                    f"Trang “{sheet}” của tệp “{name}” có hơn {max_rows:,} dòng".replace(",", ".")
                    + "; biểu số liệu CCHC chỉ có vài trăm dòng. Hãy kiểm tra lại tệp "
                    "(có thể là tệp độc hại hoặc đã dán nhầm dữ liệu)."
                )
            yield number, tuple(row)
    except FileProblemError:
        raise
    except Exception as exc:  # untrusted input: parser failures while streaming the sheet
        raise broken_file(name, exc) from None
