"""Bundle entry script of "CCHC Desktop.exe": imports the package so its relative imports resolve."""

import os
import sys

# A windowed Windows executable started without a console has no stdout/stderr (None); messages
# written there (a --screenshot error, a last-resort traceback) must not fail in turn.
if sys.stdout is None:
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the app
if sys.stderr is None:
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115

from cchc_desktop.gui_entry import main

if __name__ == "__main__":
    # merging many workbooks reads them in worker processes; a frozen Windows .exe must answer
    # as such a worker instead of starting the app again (a no-op everywhere else)
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
