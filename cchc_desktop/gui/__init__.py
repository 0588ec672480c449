"""gui layer."""

from . import pyside_feature

# every GUI start and test passes here before its first Qt import statement: from here on PySide
# asks of each new module through the fast check (gui/pyside_feature.py)
pyside_feature.install()
