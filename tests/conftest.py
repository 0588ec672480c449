"""Test settings shared by every suite: Qt offscreen, and never the developer's real database."""

import os
import tempfile

# Before any Qt import: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A code path that forgets --db must not touch the user's real database.
_HOME = tempfile.mkdtemp(prefix="cchc-tests-")
os.environ["CCHC_DB"] = os.path.join(_HOME, "default.sqlite3")
# ...nor the user's settings (window geometry, last folder): GUI tests give each test its own file.
os.environ["CCHC_SETTINGS"] = os.path.join(_HOME, "settings.ini")
