"""Every path the program uses, in one place.

- ``--data-dir DIR``: everything (workspace, keys, backups, logs) inside DIR;
- portable mode: a ``portable.txt`` next to the executable keeps everything in ``data/`` beside it;
- otherwise the platform's user data and log dirs (platformdirs).

``resources_dir()`` finds the bundled resources both in a source checkout and in a frozen bundle.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .. import APP_NAME

__all__ = ["AppPaths", "app_paths", "resources_dir", "resource", "portable_root", "cache_dir"]

PORTABLE_MARKER = "portable.txt"


def resources_dir() -> Path:
    """``resources/`` of a checkout, or of a PyInstaller bundle (``sys._MEIPASS``)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def portable_root() -> Path | None:
    """The folder of a frozen executable that has ``portable.txt`` beside it, else None."""
    if not getattr(sys, "frozen", False):
        return None
    exe_dir = Path(sys.executable).resolve().parent
    return exe_dir if (exe_dir / PORTABLE_MARKER).exists() else None


def cache_dir() -> Path:
    """Where the program keeps what it can make again (parsed templates): in portable mode inside the
    ``data/`` folder beside the executable, so that nothing is written outside the USB stick; else
    the user's cache folder."""
    portable = portable_root()
    if portable is not None:
        return portable / "data" / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    log_dir: Path

    @property
    def workspace(self) -> Path:
        return self.data_dir / "workspace.sqlite"

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "settings.json"

    def ensure(self) -> "AppPaths":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        return self


def app_paths(data_dir: str | os.PathLike | None = None) -> AppPaths:
    if data_dir:
        root = Path(data_dir).expanduser().resolve()
        return AppPaths(root, root / "logs")
    portable = portable_root()
    if portable is not None:
        root = portable / "data"
        return AppPaths(root, root / "logs")
    import platformdirs

    return AppPaths(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )
