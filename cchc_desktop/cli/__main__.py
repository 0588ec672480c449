"""`python -m cchc_desktop.cli`: the `cchc` command without its installed launcher (and the
bundle's cchc.exe entry script: an absolute import, as a script has no package)."""

import sys

from cchc_desktop.cli import main

sys.exit(main())
