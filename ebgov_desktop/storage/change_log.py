"""The change log of the workspace store: every edit written with its old and new value (the audit
trail), and the undo of the newest undoable edit. ``Store`` gets these methods from ``ChangeLog``."""

from __future__ import annotations

import datetime as _dt
import json
from typing import NamedTuple


def _now() -> str:
    return _dt.datetime.now().isoformat(timespec="seconds")


#: how many edits of one page Ctrl+Z can take back (older ones stay in the audit trail only)
UNDO_DEPTH = 100


class UndoScope(NamedTuple):
    """The edits one undo history covers: a page's fields (``values``; None = every field), the
    register, the explanations, the unit's details; of ``period_id`` (None = any period)."""

    period_id: int | None = None
    values: frozenset | None = frozenset()
    register: bool = False
    explanations: bool = False
    unit: bool = False


class ChangeEntry(dict):
    """A row of the change log (``id, at, period_id, target, key, row_id, old, new, undone``)."""


class ChangeLog:
    """The change log's part of ``Store`` (uses its ``conn``, ``_write`` and the ``_put_*`` and
    ``_apply_register`` / ``_apply_import`` writers)."""

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

    def _scope_sql(self, scope: "UndoScope | None") -> tuple[str, list]:
        """The WHERE clause of the edits ``scope`` covers (None: every undoable edit)."""
        parts, params = [], []
        if scope is None or scope.values is None:
            parts.append("target = 'value'")
        elif scope.values:
            parts.append(f"(target = 'value' AND key IN ({', '.join('?' * len(scope.values))}))")
            params += sorted(scope.values)
        if scope is None or scope.register:
            parts.append("target IN ('register', 'register_import')")
        if scope is None or scope.explanations:
            parts.append("target = 'explanation'")
        if scope is None or scope.unit:
            parts.append("(target = 'unit' AND old IS NOT NULL)")
        if not parts:
            return "0", []
        where = "(" + " OR ".join(parts) + ")"
        if scope is not None and scope.period_id is not None:
            # a unit's details and the register belong to no one period
            where += " AND (period_id = ? OR target IN ('unit', 'register', 'register_import'))"
            params.append(scope.period_id)
        return where, params

    def _undo_window(self, scope: "UndoScope | None") -> list[tuple[int, int]]:
        """(id, undone) of the newest ``UNDO_DEPTH`` edits in ``scope``, newest first."""
        where, params = self._scope_sql(scope)
        return self.conn.execute(
            f"SELECT id, undone FROM change_log WHERE {where} ORDER BY id DESC LIMIT ?",
            params + [UNDO_DEPTH]).fetchall()

    def next_undo(self, scope: "UndoScope | None" = None) -> ChangeEntry | None:
        """The edit ``undo_last(scope)`` would revert (the newest in ``scope`` not undone, among its
        newest ``UNDO_DEPTH``), or None."""
        found = next((i for i, undone in self._undo_window(scope) if not undone), None)
        return None if found is None else self._entry(found)

    def next_redo(self, scope: "UndoScope | None" = None) -> ChangeEntry | None:
        """The edit ``redo_last(scope)`` would do again: the oldest undone after the newest kept one
        (a new edit in ``scope`` ends what can be redone), or None."""
        window = self._undo_window(scope)
        newest_kept = next((i for i, undone in window if not undone), 0)
        redoable = [i for i, undone in window if undone and i > newest_kept]
        return self._entry(min(redoable)) if redoable else None

    def undo_last(self, scope: "UndoScope | None" = None) -> ChangeEntry | None:
        """Revert the newest edit in ``scope`` not yet undone (value, register row, explanation, unit
        details); None if nothing is left. Creating the unit is not undoable (there would be no
        unit)."""
        entry = self.next_undo(scope)
        if entry is None:
            return None
        with self._write():
            self._apply(entry, "old")
            self.conn.execute("UPDATE change_log SET undone = 1 WHERE id = ?", [entry["id"]])
            self._log(entry["period_id"], "undo", entry["key"], entry["row_id"], entry["new"],
                      entry["old"])
        return entry

    def redo_last(self, scope: "UndoScope | None" = None) -> ChangeEntry | None:
        """Do again the edit of ``scope`` undone last, while no new edit was made in ``scope`` since;
        None when there is none."""
        entry = self.next_redo(scope)
        if entry is None:
            return None
        with self._write():
            self._apply(entry, "new")
            self.conn.execute("UPDATE change_log SET undone = 0 WHERE id = ?", [entry["id"]])
            self._log(entry["period_id"], "redo", entry["key"], entry["row_id"], entry["old"],
                      entry["new"])
        return entry

    def _apply(self, entry: ChangeEntry, side: str) -> None:
        """Put back the ``old`` (undo) or the ``new`` (redo) side of a logged edit."""
        value = entry[side]
        if entry["target"] == "value":
            self._put_value(entry["period_id"], entry["key"], value)
        elif entry["target"] == "explanation":
            if value is None:
                self.conn.execute("DELETE FROM explanation WHERE period_id = ? AND finding_id = ?",
                                  [entry["period_id"], entry["key"]])
            else:
                self.conn.execute(
                    "INSERT INTO explanation(period_id, finding_id, text) VALUES (?, ?, ?) "
                    "ON CONFLICT(period_id, finding_id) DO UPDATE SET text = excluded.text",
                    [entry["period_id"], entry["key"], value])
        elif entry["target"] == "unit":
            self._put_unit(value)
        elif entry["target"] == "register_import":
            self._apply_import(entry, side)
        else:
            self._apply_register(entry, side)

    def _entry(self, entry_id: int) -> ChangeEntry:
        return self._entries("WHERE id = ?", [entry_id])[0]
