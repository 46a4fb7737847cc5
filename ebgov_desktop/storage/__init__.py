"""SQLite storage (sqlite-utils): schema, migrations, the workspace store, backups.

``Store`` and its names are loaded on first use (PEP 562), so that importing a light module of this
package (``storage.template_cache``) does not import the store and, through it, the default template.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .store import WORKSPACE_FILE, StorageError, Store

__all__ = ["Store", "StorageError", "WORKSPACE_FILE"]


def __getattr__(name: str):
    if name in __all__:
        from . import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
