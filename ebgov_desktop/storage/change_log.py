"""The change log of the workspace store: every edit written with its old and new value (the audit
trail), and the undo of the newest undoable edit. ``Store`` gets these methods from ``ChangeLog``."""

from __future__ import annotations

import datetime as _dt
import json


def _now() -> str:
    return _dt.datetime.now().isoformat(timespec="seconds")


class ChangeEntry(dict):
    """A row of the change log (``id, at, period_id, target, key, row_id, old, new, undone``)."""


class ChangeLog:
    """The change log's part of ``Store`` (uses its ``conn``, ``_write`` and the ``_put_*`` and
    ``_undo_register`` writers)."""

    # -- change log and undo ---------------------------------------------------------------------
    def _log(self, period_id, target, key, row_id, old, new) -> None:
        self.conn.execute(
            "INSERT INTO change_log(at, period_id, target, key, row_id, old, new) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [_now(), period_id, target, key, row_id,
             None if old is None else json.dumps(old, ensure_ascii=False),
             None if new is None else json.dumps(new, ensure_ascii=False)])

    _LOG_COLUMNS = ("id", "at", "period_id", "target", "key", "row_id", "old", "new", "undone")

    def _entries(self, where: str, params: list) -> list[ChangeEntry]:
        rows = self.conn.execute(
            f"SELECT {', '.join(self._LOG_COLUMNS)} FROM change_log {where}", params)
        out = []
        for r in rows:
            entry = ChangeEntry(zip(self._LOG_COLUMNS, r))
            for k in ("old", "new"):
                entry[k] = None if entry[k] is None else json.loads(entry[k])
            out.append(entry)
        return out

    def change_log(self, limit: int = 1000) -> list[ChangeEntry]:
        """The newest ``limit`` entries of the audit trail, newest first."""
        return self._entries("ORDER BY id DESC LIMIT ?", [limit])

    def last_change_time(self) -> str | None:
        row = self.conn.execute("SELECT MAX(at) FROM change_log").fetchone()
        return row[0]

    def undo_last(self) -> ChangeEntry | None:
        """Revert the newest undoable edit (value, register row, explanation, unit details).

        None if nothing is left. Creating the unit is not undoable (there would be no unit).
        """
        row = self.conn.execute(
            "SELECT id FROM change_log WHERE undone = 0 AND (target IN "
            "('value', 'register', 'register_import', 'explanation') "
            "OR (target = 'unit' AND old IS NOT NULL)) "
            "ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        entry = self._entry(row[0])
        with self._write():
            if entry["target"] == "value":
                self._put_value(entry["period_id"], entry["key"], entry["old"])
            elif entry["target"] == "explanation":
                if entry["old"] is None:
                    self.conn.execute("DELETE FROM explanation WHERE period_id = ? AND finding_id = ?",
                                    [entry["period_id"], entry["key"]])
                else:
                    self.conn.execute(
                        "INSERT INTO explanation(period_id, finding_id, text) VALUES (?, ?, ?) "
                        "ON CONFLICT(period_id, finding_id) DO UPDATE SET text = excluded.text",
                        [entry["period_id"], entry["key"], entry["old"]])
            elif entry["target"] == "unit":
                self._put_unit(entry["old"])
            elif entry["target"] == "register_import":
                self.conn.executemany("DELETE FROM register WHERE id = ?",
                                      [[i] for i in entry["new"]["ids"]])
            else:
                self._undo_register(entry)
            self.conn.execute("UPDATE change_log SET undone = 1 WHERE id = ?", [entry["id"]])
            self._log(entry["period_id"], "undo", entry["key"], entry["row_id"], entry["new"],
                      entry["old"])
        return entry

    def _entry(self, entry_id: int) -> ChangeEntry:
        return self._entries("WHERE id = ?", [entry_id])[0]
