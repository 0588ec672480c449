"""Asset lookup works from a source checkout, an installed wheel and a PyInstaller bundle."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cchc_desktop import assets

ROOT = Path(__file__).resolve().parent.parent


def test_source_checkout() -> None:
    assert assets.asset_path("resources", "catalogs").is_dir()
    assert assets.asset_path("templates_docx").is_dir()


def test_wheel_layout_and_bundle_take_precedence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = tmp_path / "site" / "cchc_desktop"
    (pkg / "_assets" / "resources").mkdir(parents=True)
    (pkg / "_assets" / "resources" / "x.json").write_text("{}")
    monkeypatch.setattr(assets, "_PACKAGE_DIR", pkg)
    assert assets.asset_path("resources", "x.json") == pkg / "_assets" / "resources" / "x.json"
    bundle = tmp_path / "bundle"
    (bundle / "resources").mkdir(parents=True)
    (bundle / "resources" / "x.json").write_text("{}")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert assets.asset_path("resources", "x.json") == bundle / "resources" / "x.json"


def test_missing_asset_names_the_places_looked_at() -> None:
    with pytest.raises(FileNotFoundError, match="Không tìm thấy tệp dữ liệu"):
        assets.asset_path("resources", "no-such-file.json")


def test_built_wheel_carries_the_data_folders(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 and "No module named" in done.stderr:
        pytest.skip(f"cannot build a wheel here: {done.stderr.strip()[-200:]}")
    assert done.returncode == 0, done.stderr
    [wheel] = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert any(n.startswith("cchc_desktop/_assets/resources/catalogs/") for n in names)
    assert "cchc_desktop/_assets/templates_docx/base.docx" in names
    assert any(n.startswith("cchc_desktop/storage/migrations/versions/0001") for n in names)
