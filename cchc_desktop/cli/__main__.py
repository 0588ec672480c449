"""`python -m cchc_desktop.cli`: the `cchc` command without its installed launcher."""

import sys

from cchc_desktop.cli import main

sys.exit(main())
