"""The base of the repositories over a ``Store`` (packages, the superior level)."""

from __future__ import annotations

import sqlite3

from .store import StorageError, Store, _message_for

__all__ = ["Repository"]


class Repository:
    """Base of the repositories over a ``Store`` (packages, the superior level): its connection, and
    every SQL statement run through ``_execute`` so that an SQLite error becomes a ``StorageError``
    (Vietnamese message, the SQLite text as the log's detail)."""

    def __init__(self, store: Store):
        self.store = store
        self.db = store.db

    def _execute(self, sql: str, params=()) -> sqlite3.Cursor:
        try:
            return self.db.execute(sql, list(params))
        except sqlite3.Error as exc:
            raise StorageError(_message_for(exc), detail=f"sqlite3: {exc}") from exc
