"""Test settings shared by every suite: Qt offscreen, and never the developer's real database."""

import os
import tempfile

# Before any Qt import: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A code path that forgets --db must not touch the user's real database.
os.environ["CCHC_DB"] = os.path.join(tempfile.mkdtemp(prefix="cchc-tests-"), "default.sqlite3")
