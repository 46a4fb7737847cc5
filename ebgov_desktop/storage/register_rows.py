"""The register of equipment in the workspace store: its rows (read, add, change, delete, import) and
the undo of a row's change. ``Store`` gets these methods from ``RegisterRows``; every change is logged
through the store's change log, in the store's write transaction."""

from __future__ import annotations

import json
from typing import Any, Iterable

from ..domain.register import REGISTER_KEYS, RegisterItem
from .change_log import ChangeEntry


class RegisterRows:
    """The register's part of ``Store`` (uses its ``conn``, ``_write``, ``_log`` and ``period_id``)."""

    # -- register --------------------------------------------------------------------------------
    _COLUMNS = ", ".join(REGISTER_KEYS)

    def _row_to_item(self, row) -> RegisterItem:
        data = dict(zip(("id",) + REGISTER_KEYS, row))
        return RegisterItem(**data)

    def register_items(self, *, include_disposed: bool = True) -> list[RegisterItem]:
        sql = f"SELECT id, {self._COLUMNS} FROM register"
        if not include_disposed:
            sql += " WHERE year_disposed IS NULL"
        sql += " ORDER BY position, id"
        return [self._row_to_item(r) for r in self.conn.execute(sql)]

    def register_item(self, item_id: int) -> RegisterItem:
        row = self.conn.execute(f"SELECT id, {self._COLUMNS} FROM register WHERE id = ?",
                              [item_id]).fetchone()
        if row is None:
            from .store import StorageError  # store.py imports this module

            raise StorageError(f"Không tìm thấy thiết bị số {item_id}.")
        return self._row_to_item(row)

    def _insert_item(self, item: RegisterItem, position: int) -> int:
        data = item.to_dict()
        cur = self.conn.execute(
            f"INSERT INTO register(position, {self._COLUMNS}) VALUES (?{', ?' * len(REGISTER_KEYS)})",
            [position] + [data[k] for k in REGISTER_KEYS])
        return cur.lastrowid

    def add_item(self, item: RegisterItem, *, period_code: str | None = None,
                 after_id: int | None = None) -> int:
        with self._write():
            row = self.conn.execute("SELECT COALESCE(MAX(position), 0) FROM register").fetchone()
            position = row[0] + 1
            if after_id is not None:
                found = self.conn.execute("SELECT position FROM register WHERE id = ?",
                                        [after_id]).fetchone()
                if found:
                    position = found[0] + 1
                    self.conn.execute("UPDATE register SET position = position + 1 WHERE position >= ?",
                                    [position])
            item_id = self._insert_item(item, position)
            self._log(self._pid(period_code), "register", None, item_id, None, item.to_dict())
        return item_id

    def update_item(self, item_id: int, *, period_code: str | None = None, **changes: Any) -> bool:
        old = self.register_item(item_id)
        new = old.with_changes(**changes)
        if new == old:
            return False
        sets = ", ".join(f"{k} = ?" for k in changes)
        with self._write():
            self.conn.execute(f"UPDATE register SET {sets} WHERE id = ?", list(changes.values()) + [item_id])
            self._log(self._pid(period_code), "register", None, item_id, old.to_dict(), new.to_dict())
        return True

    def delete_item(self, item_id: int, *, period_code: str | None = None) -> None:
        old = self.register_item(item_id)
        position = self.conn.execute("SELECT position FROM register WHERE id = ?", [item_id]).fetchone()[0]
        with self._write():
            self.conn.execute("DELETE FROM register WHERE id = ?", [item_id])
            self._log(self._pid(period_code), "register", str(position), item_id, old.to_dict(), None)

    def replace_register_rows(self, remove_ids: Iterable[int], items: list[RegisterItem]) -> None:
        """Remove some rows and append others in one transaction (dataset load)."""
        with self._write():
            for item_id in remove_ids:
                self.conn.execute("DELETE FROM register WHERE id = ?", [item_id])
            row = self.conn.execute("SELECT COALESCE(MAX(position), 0) FROM register").fetchone()
            for offset, item in enumerate(items, 1):
                self._insert_item(item, row[0] + offset)

    def add_items(self, items: list[RegisterItem], *, period_code: str | None = None) -> list[int]:
        """Append ``items`` in one transaction, logged as ONE change (``register_import``): one undo
        takes them all out again. Returns their ids in order."""
        if not items:
            return []
        with self._write():
            row = self.conn.execute("SELECT COALESCE(MAX(position), 0) FROM register").fetchone()
            ids = [self._insert_item(item, row[0] + offset) for offset, item in enumerate(items, 1)]
            self._log(self._pid(period_code), "register_import", str(len(ids)), None, None,
                      {"ids": ids})
        return ids

    def _pid(self, code: str | None) -> int | None:
        return self.period_id(code) if code else None

    def _apply_register(self, entry: ChangeEntry, side: str) -> None:
        """One row back as ``side`` ("old" for an undo, "new" for a redo) of a logged row edit: an
        insert, a change or a delete (whose key is the row's position)."""
        item_id, data = entry["row_id"], entry[side]
        if data is None:  # the row was not there on that side: remove it
            self.conn.execute("DELETE FROM register WHERE id = ?", [item_id])
            return
        exists = self.conn.execute("SELECT 1 FROM register WHERE id = ?", [item_id]).fetchone()
        if exists is None:  # put the row back at its place
            if entry["key"]:
                position = int(entry["key"]) or 1
            else:
                position = self.conn.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM register") \
                    .fetchone()[0]
            self.conn.execute("UPDATE register SET position = position + 1 WHERE position >= ?",
                              [position])
            self.conn.execute(
                f"INSERT INTO register(id, position, {self._COLUMNS}) "
                f"VALUES (?, ?{', ?' * len(REGISTER_KEYS)})",
                [item_id, position] + [data[k] for k in REGISTER_KEYS])
            return
        sets = ", ".join(f"{k} = ?" for k in REGISTER_KEYS)
        self.conn.execute(f"UPDATE register SET {sets} WHERE id = ?",
                          [data[k] for k in REGISTER_KEYS] + [item_id])

    def _apply_import(self, entry: ChangeEntry, side: str) -> None:
        """An import's rows out (undo: kept in the entry, so that a redo can put them back) or in."""
        ids = entry["new"]["ids"]
        if side == "old":
            rows = [self.register_item(i).to_dict() for i in ids
                    if self.conn.execute("SELECT 1 FROM register WHERE id = ?", [i]).fetchone()]
            self.conn.executemany("DELETE FROM register WHERE id = ?", [[i] for i in ids])
            kept = dict(entry["new"], rows=rows)
            self.conn.execute("UPDATE change_log SET new = ? WHERE id = ?",
                              [json.dumps(kept, ensure_ascii=False), entry["id"]])
            return
        start = self.conn.execute("SELECT COALESCE(MAX(position), 0) FROM register").fetchone()[0]
        for offset, (item_id, data) in enumerate(zip(ids, entry["new"].get("rows", [])), 1):
            self.conn.execute(
                f"INSERT INTO register(id, position, {self._COLUMNS}) "
                f"VALUES (?, ?{', ?' * len(REGISTER_KEYS)})",
                [item_id, start + offset] + [data[k] for k in REGISTER_KEYS])
