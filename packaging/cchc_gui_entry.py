"""Bundle entry script of "CCHC Desktop.exe": imports the package so its relative imports resolve."""

import sys

from cchc_desktop.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
