"""Superior level: the expected communes (with name and merge history), package checks, key changes.

Shares the ``Store``'s connection and, like ``PackageRepository``, opens no transactions of its own:
the services wrap a multi-step change in ``Store.transaction()``. Every read the board makes is one
query over an index, whatever the number of communes (no query per commune).
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
from dataclasses import dataclass
from typing import Iterator

from .repository import Repository
from .store import StorageError, _message_for

__all__ = ["SuperiorRepository", "ExpectedRecord", "NameRecord", "BoardPackage", "KeyChange",
           "Refusal", "SOURCES"]

#: how a commune came into the expected list
SOURCES = ("typed", "list", "learned")


def _now() -> str:
    return _dt.datetime.now().isoformat(timespec="seconds")


@dataclass(frozen=True)
class ExpectedRecord:
    code: str
    kind: str
    position: int
    source: str
    added_at: str
    valid_from: str  # ISO date or ''
    retired_on: str  # ISO date or ''
    merged_into: str  # code or ''


@dataclass(frozen=True)
class NameRecord:
    code: str
    valid_from: str  # ISO date or '' (from the start)
    name: str
    kind: str
    changed_at: str


@dataclass(frozen=True)
class BoardPackage:
    """A current or conflict package of a period, with its check (one row of the board query)."""

    id: int
    unit_code: str
    unit_kind: str
    unit_name: str
    revision: int
    status: str
    imported_at: str
    public_key: str
    payload_sha256: str
    warnings: int | None  # None: not checked yet
    explained: int | None
    summary: str
    missing: int = 0  # required figures left empty


@dataclass(frozen=True)
class KeyChange:
    id: int
    unit_code: str
    period: str
    revision: int | None
    public_key: str
    fingerprint: str
    file_path: str
    seen_at: str
    resolved_at: str | None
    resolution: str | None
    kind: str = "changed"  # changed (another key than the pinned one) / first_contact / list_mismatch
    pinned_fingerprint: str = ""  # the unit's key when the package came ("" at first contact)
    other_units: str = ""  # codes this key is already pinned to, comma-separated (flagged)


@dataclass(frozen=True)
class Refusal:
    unit_code: str
    outcome: str
    reason: str
    at: str


_EXPECTED = ("code, kind, position, source, added_at, valid_from, retired_on, merged_into")
_KEY_CHANGE = ("id, unit_code, period, revision, public_key, fingerprint, file_path, seen_at, "
               "resolved_at, resolution, kind, pinned_fingerprint, other_units")


class SuperiorRepository(Repository):

    # -- expected units --------------------------------------------------------------------------
    def expected(self) -> list[ExpectedRecord]:
        rows = self._execute(f"SELECT {_EXPECTED} FROM expected_unit ORDER BY position, code")
        return [ExpectedRecord(*r) for r in rows]

    def get_expected(self, code: str) -> ExpectedRecord | None:
        row = self._execute(f"SELECT {_EXPECTED} FROM expected_unit WHERE code = ?", [code]).fetchone()
        return ExpectedRecord(*row) if row else None

    def expected_count(self) -> int:
        return self._execute("SELECT COUNT(*) FROM expected_unit").fetchone()[0]

    def add_expected(self, code: str, kind: str, source: str, *, valid_from: str = "") -> None:
        position = self._execute("SELECT COALESCE(MAX(position), 0) + 1 FROM expected_unit").fetchone()[0]
        self._execute(
            "INSERT INTO expected_unit(code, kind, position, source, added_at, valid_from) "
            "VALUES (?, ?, ?, ?, ?, ?)", [code, kind, position, source, _now(), valid_from])

    def add_many_expected(self, rows: list[tuple[str, str, str, str]]) -> None:
        """(code, kind, source, name) rows appended in order, each with its first name (one call)."""
        start = self._execute("SELECT COALESCE(MAX(position), 0) FROM expected_unit").fetchone()[0]
        now = _now()
        try:
            self.db.conn.executemany(
                "INSERT INTO expected_unit(code, kind, position, source, added_at) VALUES (?, ?, ?, ?, ?)",
                [(code, kind, start + i, source, now) for i, (code, kind, source, _n) in enumerate(rows, 1)])
            self.db.conn.executemany(
                "INSERT INTO unit_name(code, valid_from, name, kind, changed_at) VALUES (?, '', ?, ?, ?)",
                [(code, name, kind, now) for code, kind, _s, name in rows])
        except sqlite3.Error as exc:
            raise StorageError(_message_for(exc), detail=f"sqlite3: {exc}") from exc

    def set_kind(self, code: str, kind: str) -> None:
        self._execute("UPDATE expected_unit SET kind = ? WHERE code = ?", [kind, code])

    def retire(self, code: str, on: str, merged_into: str = "") -> None:
        self._execute("UPDATE expected_unit SET retired_on = ?, merged_into = ? WHERE code = ?",
                      [on, merged_into, code])

    def unretire(self, code: str) -> None:
        self._execute("UPDATE expected_unit SET retired_on = '', merged_into = '' WHERE code = ?", [code])

    def delete_expected(self, code: str) -> None:
        self._execute("DELETE FROM unit_name WHERE code = ?", [code])
        self._execute("DELETE FROM expected_unit WHERE code = ?", [code])

    # -- names -----------------------------------------------------------------------------------
    def set_name(self, code: str, name: str, kind: str, valid_from: str = "") -> None:
        self._execute(
            "INSERT INTO unit_name(code, valid_from, name, kind, changed_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(code, valid_from) DO UPDATE SET name = excluded.name, kind = excluded.kind, "
            "changed_at = excluded.changed_at", [code, valid_from, name, kind, _now()])

    def names(self, code: str | None = None) -> dict[str, list[NameRecord]]:
        """code → its names, oldest first (one query for all codes)."""
        sql = "SELECT code, valid_from, name, kind, changed_at FROM unit_name"
        params: list = []
        if code is not None:
            sql += " WHERE code = ?"
            params.append(code)
        out: dict[str, list[NameRecord]] = {}
        for r in self._execute(sql + " ORDER BY code, valid_from", params):
            out.setdefault(r[0], []).append(NameRecord(*r))
        return out

    # -- packages as the board sees them ---------------------------------------------------------
    def board_packages(self, period: str) -> list[BoardPackage]:
        """Current and conflict packages of ``period`` with their checks: one indexed query."""
        rows = self._execute(
            "SELECT p.id, p.unit_code, p.unit_kind, p.unit_name, p.revision, p.status, p.imported_at, "
            "p.public_key, p.payload_sha256, c.warnings, c.explained, COALESCE(c.summary, ''), "
            "COALESCE(c.missing, 0) "
            "FROM package p LEFT JOIN package_check c ON c.package_id = p.id "
            "WHERE p.period = ? AND p.status IN ('current', 'conflict') ORDER BY p.unit_code, p.id",
            [period])
        return [BoardPackage(*r) for r in rows]

    def refusals(self, period: str) -> dict[str, Refusal]:
        """The latest refused import of each unit in ``period`` (older revision, another key)."""
        rows = self._execute(
            "SELECT unit_code, outcome, reason, at, MAX(id) FROM import_log "
            "WHERE period = ? AND outcome IN ('older', 'wrong_key') GROUP BY unit_code", [period])
        return {r[0]: Refusal(r[0], r[1], r[2], r[3]) for r in rows}

    def current_data(self, period: str) -> Iterator[tuple[int, str, str]]:
        """(package id, unit code, data.json text) of every current package of ``period``, one at a
        time (a country's data is never all in memory at once); ``current_count`` says how many."""
        cur = self._execute("SELECT id, unit_code, data FROM package WHERE period = ? AND status = 'current' "
                            "ORDER BY unit_code", [period])
        try:
            for row in cur:
                yield tuple(row)
        except sqlite3.Error as exc:
            raise StorageError(_message_for(exc), detail=f"sqlite3: {exc}") from exc

    def current_count(self, period: str) -> int:
        return self._execute("SELECT COUNT(*) FROM package WHERE period = ? AND status = 'current'",
                             [period]).fetchone()[0]

    def periods(self) -> list[str]:
        return [r[0] for r in self._execute("SELECT DISTINCT period FROM package ORDER BY period")]

    def package_units(self) -> list[tuple[str, str, str]]:
        """(code, kind, name) of every unit that sent a package, its latest name (one query)."""
        rows = self._execute(
            "SELECT unit_code, unit_kind, unit_name, MAX(period || printf('%09d', id)) FROM package "
            "GROUP BY unit_code ORDER BY unit_code")
        return [(r[0], r[1], r[2]) for r in rows]

    # -- checks ----------------------------------------------------------------------------------
    def set_checks(self, rows: list[tuple[int, int, int, str, int]]) -> None:
        """(package id, warnings, explained, summary, missing required figures) rows."""
        try:
            self.db.conn.executemany(
                "INSERT OR REPLACE INTO package_check(package_id, warnings, explained, summary, missing) "
                "VALUES (?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as exc:
            raise StorageError(_message_for(exc), detail=f"sqlite3: {exc}") from exc

    # -- key changes -----------------------------------------------------------------------------
    def add_key_change(self, *, unit_code: str, period: str, revision: int | None, public_key: str,
                       fingerprint: str, file_path: str, kind: str = "changed",
                       pinned_fingerprint: str = "", other_units: str = "",
                       package: bytes | None = None) -> int:
        """A package waiting for the officer's decision on its key; its bytes are kept (``package``).
        One open request per unit, period and key: a later package of it replaces the kept one when
        its revision is not lower."""
        old = self._execute(
            "SELECT id, revision FROM key_change WHERE unit_code = ? AND period = ? AND public_key = ? "
            "AND resolved_at IS NULL", [unit_code, period, public_key]).fetchone()
        if old is not None:
            if old[1] is None or revision is None or revision >= old[1]:
                self._execute(
                    "UPDATE key_change SET file_path = ?, revision = ?, seen_at = ?, kind = ?, "
                    "pinned_fingerprint = ?, other_units = ?, package = COALESCE(?, package) "
                    "WHERE id = ?", [file_path, revision, _now(), kind, pinned_fingerprint, other_units,
                                     package, old[0]])
            return old[0]
        cur = self._execute(
            "INSERT INTO key_change(unit_code, period, revision, public_key, fingerprint, file_path, "
            "seen_at, kind, pinned_fingerprint, other_units, package) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [unit_code, period, revision, public_key, fingerprint, file_path, _now(), kind,
             pinned_fingerprint, other_units, package])
        return cur.lastrowid

    def key_change_package(self, change_id: int) -> bytes | None:
        row = self._execute("SELECT package FROM key_change WHERE id = ?", [change_id]).fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    def open_key_changes_of(self, unit_code: str) -> list[KeyChange]:
        return [KeyChange(*r) for r in self._execute(
            f"SELECT {_KEY_CHANGE} FROM key_change WHERE unit_code = ? AND resolved_at IS NULL "
            "ORDER BY id", [unit_code])]

    def key_changes(self, *, period: str | None = None, open_only: bool = True) -> list[KeyChange]:
        where, params = [], []
        if period is not None:
            where.append("period = ?")
            params.append(period)
        if open_only:
            where.append("resolved_at IS NULL")
        sql = f"SELECT {_KEY_CHANGE} FROM key_change" + (" WHERE " + " AND ".join(where) if where else "")
        return [KeyChange(*r) for r in self._execute(sql + " ORDER BY id", params)]

    def get_key_change(self, change_id: int) -> KeyChange:
        row = self._execute(f"SELECT {_KEY_CHANGE} FROM key_change WHERE id = ?", [change_id]).fetchone()
        if row is None:
            raise StorageError(f"Không tìm thấy yêu cầu đổi khóa số {change_id}.")
        return KeyChange(*row)

    def resolve_key_changes(self, unit_code: str, public_key: str | None, resolution: str, *,
                            other_than: str | None = None) -> None:
        """Close the open requests of a unit (for one key, all when ``public_key`` is None, or all but
        ``other_than``)."""
        sql = "UPDATE key_change SET resolved_at = ?, resolution = ? WHERE unit_code = ? AND resolved_at IS NULL"
        params = [_now(), resolution, unit_code]
        if public_key is not None:
            sql += " AND public_key = ?"
            params.append(public_key)
        if other_than is not None:
            sql += " AND public_key != ?"
            params.append(other_than)
        self._execute(sql, params)
