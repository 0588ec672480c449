"""Bundle entry script of cchc.exe: imports the package so its relative imports resolve."""

import sys

from cchc_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
