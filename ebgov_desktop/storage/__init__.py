"""SQLite storage (sqlite-utils): schema, migrations, the workspace store, backups."""

from .store import WORKSPACE_FILE, StorageError, Store

__all__ = ["Store", "StorageError", "WORKSPACE_FILE"]
