"""Build hook: ship the top-level ui/, resources/ and templates_docx/ inside the wheel.

The source checkout keeps these folders at the top level (the layout the team agreed on); an installed
wheel carries copies under cchc_desktop/_assets/, where cchc_desktop.assets.asset_path finds them.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ASSET_DIRS = ("ui", "resources", "templates_docx")


class BuildWithAssets(build_py):
    def run(self) -> None:
        super().run()
        root = Path(__file__).resolve().parent
        target = Path(self.build_lib) / "cchc_desktop" / "_assets"
        for name in ASSET_DIRS:
            src = root / name
            if src.is_dir():
                shutil.copytree(
                    src,
                    target / name,
                    dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
                )


setup(cmdclass={"build_py": BuildWithAssets})
