"""Bundle entry script of cchc.exe: imports the package so its relative imports resolve."""

import sys

from cchc_desktop.cli import main

if __name__ == "__main__":
    # merging many workbooks reads them in worker processes; a frozen Windows .exe must answer
    # as such a worker instead of starting the app again (a no-op everywhere else)
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
