"""Entry point of the frozen program (both the windowed and the console executable)."""

import sys

from ebgov_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
