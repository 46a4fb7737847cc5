"""SQLite storage (sqlite-utils): schema, migrations, the workspace store, backups."""

from .store import Store, StorageError, WORKSPACE_FILE

__all__ = ["Store", "StorageError", "WORKSPACE_FILE"]
