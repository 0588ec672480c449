"""Use case: one report as a single JSON file, to send to the receiving office or move to another PC
(`cchc export-json` / `cchc import-json`).

The file wraps domain/serialize.py's report dict with a format id and version, the catalog's id
and version and a checksum of the report, so that a corrupt file, one from a newer release of the
app and one made on a catalog this computer does not know are each refused, and said so clearly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import __version__
from ..atomic import atomic_write_bytes
from ..domain.catalog import Catalog, IndicatorKind
from ..domain.report import Report
from ..domain.serialize import report_from_dict, report_to_dict
from ..domain.vn import NumberFormatError
from ..errors import FileProblemError, InvalidValueError, NotFoundError, UserError
from .catalogs import CatalogRegistry
from .store import ReportStore

FORMAT_ID = "cchc-desktop/report"
FORMAT_VERSION = 1
MAX_BYTES = 50 * 1024 * 1024  # a report is a few hundred kB; more is not one of ours


def _checksum(report: Mapping[str, Any]) -> str:
    canonical = json.dumps(report, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def report_package(report: Report) -> dict[str, Any]:
    """The file's content: the report (exact decimal strings) wrapped with its format and catalog."""
    data = report_to_dict(report)
    data["id"] = None  # ids are this database's; the receiving office gives its own
    data["created_at"] = data["updated_at"] = None
    for f in data["footnotes"]:
        f["document_id"] = None  # the register of cited documents stays on this computer
    return {
        "format": FORMAT_ID,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": dt.datetime.now().replace(microsecond=0).isoformat(),
        "catalog": {"id": report.catalog_id, "version": report.catalog_version},
        "report": data,
        "checksum": _checksum(data),
    }


def write_report_file(report: Report, path: Path) -> None:
    text = json.dumps(report_package(report), ensure_ascii=False, indent=1)
    atomic_write_bytes(path, text.encode("utf-8"))


def _corrupt(name: str, why: str) -> FileProblemError:
    return FileProblemError(f"Tệp “{name}” bị hỏng hoặc không đọc được ({why}); không nhập gì.")


def read_report_file(path: Path, store: ReportStore | None = None) -> tuple[Report, Catalog]:
    """The report in a file written by write_report_file, checked against its catalog; a clear
    FileProblemError / NotFoundError / InvalidValueError otherwise."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FileProblemError(
                f"Tệp “{name}” lớn {size // (1024 * 1024)} MB, không phải tệp báo cáo; không nhập gì."
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"Không có tệp “{path}”.") from None
    except IsADirectoryError:
        raise FileProblemError(f"“{path}” là thư mục, không phải tệp.") from None
    except OSError as exc:
        raise FileProblemError(f"Không đọc được tệp “{name}”: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw.decode("utf-8"), parse_float=Decimal)
    except UnicodeDecodeError:
        raise _corrupt(name, "không phải văn bản UTF-8") from None
    except json.JSONDecodeError as exc:
        raise _corrupt(name, f"JSON sai ở dòng {exc.lineno}, cột {exc.colno}") from None
    except RecursionError:
        raise _corrupt(name, "lồng nhau quá sâu") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_ID:
        raise FileProblemError(
            f"Tệp “{name}” không phải tệp báo cáo do CCHC Desktop xuất ra (Xuất báo cáo JSON)."
        )
    version = data.get("format_version")
    if not isinstance(version, int):
        raise _corrupt(name, "thiếu phiên bản định dạng")
    if version > FORMAT_VERSION:
        raise FileProblemError(
            f"Tệp “{name}” lập bằng phiên bản mới hơn của CCHC Desktop (định dạng {version}, "
            f"ứng dụng này đọc được đến {FORMAT_VERSION}); hãy cập nhật ứng dụng rồi nhập lại."
        )
    body = data.get("report")
    if not isinstance(body, dict) or data.get("checksum") != _checksum(body):
        raise _corrupt(name, "nội dung không khớp mã kiểm tra")
    cat = data.get("catalog")
    if not isinstance(cat, dict) or body.get("catalog") != cat:
        raise _corrupt(name, "thông tin danh mục chỉ tiêu không khớp")
    try:
        # shipped or stored in this database (a province's own form)
        catalog = CatalogRegistry(store).get(str(cat["id"]), str(cat["version"]) or None)
    except NotFoundError:
        raise NotFoundError(
            f"Tệp “{name}” lập theo danh mục chỉ tiêu “{cat['id']}” phiên bản {cat['version']}, "
            "máy này không có danh mục đó; hãy cập nhật ứng dụng (hoặc danh mục) rồi nhập lại."
        ) from None
    try:
        report = report_from_dict(body)
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
        raise _corrupt(name, f"thiếu hoặc sai trường {exc}") from None
    problems = value_problems(report, catalog)
    if problems:
        raise InvalidValueError(
            f"Tệp “{name}” có số liệu không hợp lệ nên không nhập gì: " + "; ".join(problems[:10])
        )
    return report, catalog


def value_problems(report: Report, catalog: Catalog) -> list[str]:
    """Values the report's catalog cannot hold (a hand-edited or hostile file)."""
    out: list[str] = []
    for code, iv in report.values.items():
        ind = catalog.find(code)
        if ind is None or not ind.has_value:
            out.append(f"không có chỉ tiêu mã “{code}” trong danh mục")
            continue
        value = iv.value
        if value is None:
            continue
        if isinstance(value, str):
            if ind.kind is not IndicatorKind.TEXT:
                out.append(f"chỉ tiêu {code} là số, tệp ghi “{value[:40]}”")
            continue
        try:
            ind.admit(value)
        except NumberFormatError as exc:
            out.append(str(exc))
    return out


@dataclass(frozen=True)
class Imported:
    report: Report
    replaced: int | None  # the id of the report it replaced


def import_report(store: ReportStore, path: Path, *, replace: bool = False) -> Imported:
    """Take a report file in as a new report of this database (refusing to overwrite the same
    unit's report of the same period unless replace is set)."""
    report, _ = read_report_file(path, store)
    existing = next(
        (r for r in store.reports_for_unit(report.unit.name) if r.period == report.period), None
    )
    if existing is not None and not replace:
        raise UserError(
            f"Đã có báo cáo {report.unit.name}, {report.period.wording} (số hiệu {existing.id}); "
            "thêm --replace để thay bằng báo cáo trong tệp."
        )
    if existing is not None:
        # the same id, replaced whole in one transaction; its merge provenance no longer holds
        report.id, report.revision = existing.id, existing.revision
    store.save_report(report)
    if existing is not None and report.id is not None:
        from ..domain.changes import ReportPatch
        from ..domain.provenance import Provenance
        from .merge import write_with_provenance

        write_with_provenance(store, report.id, ReportPatch(), Provenance())
    return Imported(report, existing.id if existing is not None else None)
