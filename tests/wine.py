"""Is this test run Windows under Wine (``.ci/windows``)? For the few tests whose subject Wine does not
reproduce (its fonts are not Windows' fonts) or makes far slower (a process start costs seconds)."""

import sys


def under_wine() -> bool:
    if sys.platform != "win32":
        return False
    import ctypes

    try:
        return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")
    except (OSError, AttributeError):
        return False


UNDER_WINE = under_wine()
