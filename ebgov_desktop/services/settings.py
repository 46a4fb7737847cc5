"""Window settings kept in the data dir (``settings.json``), never in the registry or QSettings.

Portable mode must write nothing outside its data folder, so the window's size, last page and last
period live next to the workspace. Every setting is declared once here with its default; only changed
keys are written. A broken or missing file gives the defaults (settings are a convenience, never a
reason not to start).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

__all__ = ["Settings", "DEFAULTS"]

#: Every setting with its default.
DEFAULTS: dict[str, Any] = {
    "window.geometry": "",  # hex of QWidget.saveGeometry()
    "window.page": "unit_doc",  # key of the last page shown
    "window.period": "",  # code of the last period shown
    "register.show_disposed": False,
    "superior.geometry": "",  # the superior window's (huyện, tỉnh)
    "superior.page": "board",
    "superior.period": "",
    "superior.import_dir": "",  # the folder packages were last imported from
}


class Settings:
    """A small JSON file of settings; ``set`` writes it at once (atomically)."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._values: dict[str, Any] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                self._values = {k: v for k, v in data.items() if k in DEFAULTS
                                and isinstance(v, type(DEFAULTS[k]))}
        except (OSError, ValueError):
            self._values = {}

    def get(self, key: str) -> Any:
        return self._values.get(key, DEFAULTS[key])

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(key)
        if value == DEFAULTS[key]:
            self._values.pop(key, None)
        else:
            self._values[key] = value
        self._write()

    def _write(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_text(json.dumps(self._values, ensure_ascii=False, indent=2, sort_keys=True),
                           encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only data dir must not stop the officer working; the data itself is safe
