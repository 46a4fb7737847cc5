"""Superior level: the repository of imported packages, pinned unit keys and the import log.

Shares the ``Store``'s connection; methods do not open transactions of their own: the import service
wraps each package in one ``Store.transaction()`` (all or nothing).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from .repository import Repository
from .store import StorageError

__all__ = ["PackageRepository", "PackageRecord", "PinnedKey", "ImportLogEntry", "KeyDecision"]

CURRENT, SUPERSEDED, CONFLICT = "current", "superseded", "conflict"


def _now() -> str:
    return _dt.datetime.now().isoformat(timespec="seconds")


@dataclass(frozen=True)
class PackageRecord:
    id: int
    unit_code: str
    unit_kind: str
    unit_name: str
    province_code: str
    period: str
    revision: int
    status: str  # current / superseded / conflict
    payload_sha256: str
    public_key: str
    created_at: str
    imported_at: str
    file_name: str
    superseded_by: int | None


_RECORD_COLUMNS = ("id", "unit_code", "unit_kind", "unit_name", "province_code", "period", "revision",
                   "status", "payload_sha256", "public_key", "created_at", "imported_at", "file_name",
                   "superseded_by")
_SELECT = f"SELECT {', '.join(_RECORD_COLUMNS)} FROM package"


@dataclass(frozen=True)
class PinnedKey:
    unit_code: str
    public_key: str
    fingerprint: str
    pinned_at: str
    how: str  # first_use / accepted
    confirmed_at: str | None = None  # None: "chưa xác nhận"
    confirmed_how: str = ""  # phone / list

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


@dataclass(frozen=True)
class KeyDecision:
    """One line of a unit's key history (what happened to which key, when, and why)."""

    id: int
    at: str
    unit_code: str
    fingerprint: str
    decision: str  # first_seen / confirmed / accepted / refused / flagged / listed / mismatch
    note: str


@dataclass(frozen=True)
class ImportLogEntry:
    id: int
    at: str
    file_name: str
    unit_code: str | None
    period: str | None
    revision: int | None
    outcome: str
    reason: str
    package_id: int | None


class PackageRepository(Repository):

    # -- packages --------------------------------------------------------------------------------
    def for_unit_period(self, unit_code: str, period: str) -> list[PackageRecord]:
        rows = self._execute(f"{_SELECT} WHERE unit_code = ? AND period = ? ORDER BY revision, id",
                             [unit_code, period])
        return [PackageRecord(*r) for r in rows]

    def current(self, unit_code: str, period: str) -> PackageRecord | None:
        row = self._execute(f"{_SELECT} WHERE unit_code = ? AND period = ? AND status = 'current'",
                            [unit_code, period]).fetchone()
        return PackageRecord(*row) if row else None

    def get(self, package_id: int) -> PackageRecord:
        row = self._execute(f"{_SELECT} WHERE id = ?", [package_id]).fetchone()
        if row is None:
            raise StorageError(f"Không tìm thấy gói dữ liệu số {package_id}.")
        return PackageRecord(*row)

    def list(self, *, period: str | None = None, status: str | None = None,
             unit_code: str | None = None) -> list[PackageRecord]:
        where, params = [], []
        for column, value in (("period", period), ("status", status), ("unit_code", unit_code)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY period, unit_code, revision, id"
        return [PackageRecord(*r) for r in self._execute(sql, params)]

    def count(self) -> int:
        return self._execute("SELECT COUNT(*) FROM package").fetchone()[0]

    def data(self, package_id: int) -> bytes:
        """The canonical ``data.json`` kept with the package (its SHA-256 is the digest)."""
        row = self._execute("SELECT data FROM package WHERE id = ?", [package_id]).fetchone()
        if row is None:
            raise StorageError(f"Không tìm thấy gói dữ liệu số {package_id}.")
        return row[0].encode("utf-8")

    def manifest(self, package_id: int) -> bytes:
        row = self._execute("SELECT manifest FROM package WHERE id = ?", [package_id]).fetchone()
        if row is None:
            raise StorageError(f"Không tìm thấy gói dữ liệu số {package_id}.")
        return row[0].encode("utf-8")

    def insert(self, *, manifest: dict, manifest_json: bytes, payload: bytes, status: str,
               file_name: str) -> int:
        cur = self._execute(
            "INSERT INTO package(unit_code, unit_kind, unit_name, province_code, period, revision, "
            "status, payload_sha256, public_key, created_at, imported_at, file_name, manifest, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [manifest["unit_code"], manifest["unit_kind"], manifest["unit_name"],
             manifest["province_code"], manifest["period"], manifest["revision"], status,
             manifest["payload_sha256"], manifest["public_key"], manifest["created_at"], _now(),
             file_name, manifest_json.decode("utf-8"), payload.decode("utf-8")])
        return cur.lastrowid

    def supersede(self, old_id: int, new_id: int | None) -> None:
        self._execute("UPDATE package SET status = 'superseded', superseded_by = ? WHERE id = ?",
                      [new_id, old_id])

    def make_current(self, package_id: int) -> None:
        """Make a package (e.g. a conflict the officer chose) the current one of its unit and period."""
        record = self.get(package_id)
        old = self.current(record.unit_code, record.period)
        if old is not None and old.id != package_id:
            self.supersede(old.id, package_id)
        self._execute("UPDATE package SET status = 'current', superseded_by = NULL WHERE id = ?",
                      [package_id])

    # -- keys ------------------------------------------------------------------------------------
    _KEY = "unit_code, public_key, fingerprint, pinned_at, how, confirmed_at, confirmed_how"

    def pinned_key(self, unit_code: str) -> PinnedKey | None:
        row = self._execute(f"SELECT {self._KEY} FROM unit_key WHERE unit_code = ? AND retired_at IS NULL",
                            [unit_code]).fetchone()
        return PinnedKey(*row) if row else None

    def pinned_keys(self) -> list[PinnedKey]:
        rows = self._execute(f"SELECT {self._KEY} FROM unit_key WHERE retired_at IS NULL ORDER BY unit_code")
        return [PinnedKey(*r) for r in rows]

    def units_of_key(self, public_key: str) -> list[str]:
        """The units this key is pinned to now (a key pinned to two units is flagged)."""
        return [r[0] for r in self._execute(
            "SELECT unit_code FROM unit_key WHERE public_key = ? AND retired_at IS NULL ORDER BY unit_code",
            [public_key])]

    def pin_key(self, unit_code: str, public_key: str, fingerprint: str, *, how: str,
                confirmed_how: str = "") -> None:
        """Pin ``public_key`` for the unit; an earlier pinned key is retired (kept for the record).
        ``confirmed_how`` (phone / list) pins it confirmed; "" pins it "chưa xác nhận"."""
        now = _now()
        self._execute("UPDATE unit_key SET retired_at = ? WHERE unit_code = ? AND retired_at IS NULL",
                      [now, unit_code])
        self._execute(
            "INSERT INTO unit_key(unit_code, public_key, fingerprint, pinned_at, how, confirmed_at, "
            "confirmed_how) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [unit_code, public_key, fingerprint, now, how, now if confirmed_how else None, confirmed_how])

    def retire_key(self, unit_code: str) -> None:
        self._execute("UPDATE unit_key SET retired_at = ? WHERE unit_code = ? AND retired_at IS NULL",
                      [_now(), unit_code])

    def confirm_key(self, unit_code: str, how: str) -> None:
        self._execute("UPDATE unit_key SET confirmed_at = ?, confirmed_how = ? WHERE unit_code = ? "
                      "AND retired_at IS NULL AND confirmed_at IS NULL", [_now(), how, unit_code])

    # -- the list of fingerprints and the history of decisions -----------------------------------
    def listed_fingerprint(self, unit_code: str) -> str:
        row = self._execute("SELECT fingerprint FROM key_list WHERE unit_code = ?", [unit_code]).fetchone()
        return row[0] if row else ""

    def set_listed_fingerprint(self, unit_code: str, fingerprint: str) -> None:
        self._execute("INSERT OR REPLACE INTO key_list(unit_code, fingerprint, listed_at) VALUES (?, ?, ?)",
                      [unit_code, fingerprint, _now()])

    def decide(self, unit_code: str, fingerprint: str, decision: str, note: str = "") -> None:
        self._execute("INSERT INTO key_decision(at, unit_code, fingerprint, decision, note) "
                      "VALUES (?, ?, ?, ?, ?)", [_now(), unit_code, fingerprint, decision, note])

    def decisions(self, unit_code: str | None = None) -> list[KeyDecision]:
        sql = "SELECT id, at, unit_code, fingerprint, decision, note FROM key_decision"
        params: list = []
        if unit_code is not None:
            sql += " WHERE unit_code = ?"
            params.append(unit_code)
        return [KeyDecision(*r) for r in self._execute(sql + " ORDER BY id", params)]

    def supersede_other_keys(self, unit_code: str, public_key: str) -> int:
        """Packages of the unit signed by any other key stop being current (or waiting as conflicts):
        revisions are ordered within one key, and this one is now the unit's."""
        cur = self._execute("UPDATE package SET status = 'superseded' WHERE unit_code = ? AND "
                            "public_key != ? AND status IN ('current', 'conflict')", [unit_code, public_key])
        return cur.rowcount

    # -- log -------------------------------------------------------------------------------------
    def log(self, *, file_name: str, outcome: str, reason: str = "", unit_code: str | None = None,
            period: str | None = None, revision: int | None = None,
            package_id: int | None = None) -> None:
        self._execute(
            "INSERT INTO import_log(at, file_name, unit_code, period, revision, outcome, reason, "
            "package_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [_now(), file_name, unit_code, period, revision, outcome, reason, package_id])

    def log_entries(self, limit: int = 1000) -> list[ImportLogEntry]:
        rows = self._execute(
            "SELECT id, at, file_name, unit_code, period, revision, outcome, reason, package_id "
            "FROM import_log ORDER BY id DESC LIMIT ?", [limit])
        return [ImportLogEntry(*r) for r in rows]
