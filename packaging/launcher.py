"""Entry point of the frozen program (both the windowed and the console executable).

With ``EBGOV_IMPORT_LOG=FILE`` the program appends, when it exits, every Python module it imported and
(on Linux) every shared library it mapped: the bundle's own import log, which ``packaging/build.py
--import-log`` reads to show what the bundle carries but never loads.
"""

import os
import sys


def _log_imports(path: str) -> None:
    lines = [f"module {name}" for name in sorted(sys.modules)]
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            libs = {line.split()[-1] for line in maps if "/" in line and ".so" in line}
        lines += [f"lib {lib}" for lib in sorted(libs)]
    except OSError:  # not Linux
        pass
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    log = os.environ.get("EBGOV_IMPORT_LOG")
    if log:
        import atexit

        atexit.register(_log_imports, log)
    from ebgov_desktop.cli import main

    sys.exit(main())
