"""The workspace store: one SQLite file, every edit committed (and logged) when made.

WAL, ``synchronous=FULL`` and foreign keys on: a commune office loses power, and an edit the officer saw
saved must survive it. One ``Store`` per thread; background work opens its own.

The store talks to SQLite through ``sqlite3`` (autocommit mode: a statement outside a transaction
commits itself, ``transaction()`` is BEGIN … COMMIT). ``store.db``, the sqlite-utils ``Database`` over the
same connection, is made on first use: importing sqlite-utils costs more than the rest of opening the
workspace, and only migrations and the superior level's repositories need it. Opening an up-to-date
workspace never imports it.

The register's rows (``register_rows.RegisterRows``) and the change log with its undo
(``change_log.ChangeLog``) are parts of ``Store`` kept in their own modules.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import secrets
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from ..domain.catalogue import legacy_template
from ..domain.errors import UserError
from ..domain.template import Field, FieldType, Scope, resolve
from ..domain.units import Unit, UnitKind
from .atomic import atomic_write
from .change_log import ChangeEntry, ChangeLog, _now
from .files import copy_into
from .register_rows import RegisterRows

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database

__all__ = ["Store", "StorageError", "WORKSPACE_FILE", "ChangeEntry", "KNOWN_MIGRATIONS"]

WORKSPACE_FILE = "workspace.sqlite"

#: The names of every migration in ``schema.MIGRATIONS``, in order. A workspace that has them all
#: applied opens without importing sqlite-utils; ``tests/test_storage.py`` fails when a migration is
#: added to ``schema.py`` and not here.
KNOWN_MIGRATIONS = ("m001_initial", "m002_packages", "m003_expected_units", "m004_demo_unit_code",
                    "m005_template_files", "m006_key_trust", "m007_package_missing_figures",
                    "m008_period_template", "m009_package_checks")
_MIGRATION_SET = "ebgov"  # schema.MIGRATIONS.name


class StorageError(UserError, RuntimeError):
    """A storage failure with a Vietnamese message that says what to do."""


def _message_for(exc: sqlite3.Error) -> str:
    text = str(exc).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return "Ổ đĩa đã đầy, không ghi được dữ liệu. Hãy giải phóng dung lượng rồi nhập lại."
    if "locked" in text or "busy" in text:
        return ("Tệp dữ liệu đang bị chương trình khác khóa. Hãy đóng cửa sổ ebgov khác "
                "(nếu có) rồi thử lại.")
    if "readonly" in text or "read-only" in text:
        return "Tệp dữ liệu chỉ đọc, không ghi được. Hãy kiểm tra quyền ghi của thư mục dữ liệu."
    if "malformed" in text or "not a database" in text:
        return ("Tệp dữ liệu bị hỏng. Hãy mở mục Sao lưu và phục hồi để phục hồi "
                "bản sao lưu gần nhất.")
    return f"Lỗi ghi dữ liệu: {exc}"


def _encode(spec: Field | None, value: Any) -> Any:
    if spec is not None and spec.type is FieldType.BOOL:
        return 1 if value else 0
    return value


def _decode(spec: Field | None, value: Any) -> Any:
    if spec is None:
        return value
    if spec.type is FieldType.BOOL:
        return bool(value)
    if spec.type is FieldType.PERCENT:
        return float(value)
    return value


class Store(RegisterRows, ChangeLog):
    """Repository over one workspace file. Methods raise ``StorageError`` on SQLite failures."""

    def __init__(self, path: str | os.PathLike, *, migrate: bool = True):
        self.path = Path(path)
        self._db: Database | None = None
        try:
            # isolation_level=None: autocommit, as sqlite-utils' execute() behaves
            self.conn = sqlite3.connect(str(self.path), timeout=5.0, check_same_thread=True,
                                        isolation_level=None)
            self.conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils sets it
            self.conn.execute("PRAGMA foreign_keys = ON")
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":  # e.g. a network drive; still durable, just slower
                self.conn.execute("PRAGMA journal_mode = DELETE")
            self.conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.Error as exc:
            raise StorageError(_message_for(exc), detail=f"sqlite3: {exc}") from exc
        if migrate:
            self.migrate()

    @property
    def db(self) -> "Database":
        """The sqlite-utils ``Database`` over this store's connection (made on first use)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    # -- lifecycle -------------------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def table_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]

    def _applied_migrations(self) -> set[str]:
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = "
                                 "'_sqlite_migrations'").fetchone():
            return set()
        return {r[0] for r in self.conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [_MIGRATION_SET])}

    def pending_migrations(self) -> list[str]:
        loaded = sys.modules.get(f"{__package__}.schema") is not None  # then asking it costs nothing
        if not loaded and set(KNOWN_MIGRATIONS) <= self._applied_migrations():
            return []  # up to date: no need to load the migrations (and sqlite-utils)
        from .schema import MIGRATIONS

        return [m.name for m in MIGRATIONS.pending(self.db)]

    def migrate(self, *, copy_aside: bool = True) -> None:
        """Apply pending migrations; an existing workspace is copied aside first.

        ``copy_aside=False`` is for a caller that has just made its own backup (services.startup).
        """
        try:
            pending = self.pending_migrations()
            if not pending:
                return
            has_data = bool(self.table_names())
            if has_data and copy_aside:
                stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
                self.backup_to(self.path.with_name(f"{self.path.stem}.truoc-nang-cap-{stamp}.sqlite"))
            from .schema import MIGRATIONS

            MIGRATIONS.apply(self.db)
        except sqlite3.Error as exc:
            raise StorageError(_message_for(exc), detail=f"sqlite3: {exc}") from exc

    def backup_to(self, dest: str | os.PathLike) -> Path:
        """A consistent copy through the SQLite backup API (safe while the file is in use)."""
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        return atomic_write(dest, write_path=lambda tmp: copy_into(self.conn, tmp))

    def integrity_ok(self) -> bool:
        rows = self.conn.execute("PRAGMA integrity_check").fetchall()
        return rows == [("ok",)]

    @contextlib.contextmanager
    def _atomic(self):
        """BEGIN … COMMIT, or a savepoint inside an open transaction (as sqlite-utils' atomic())."""
        conn = self.conn
        if conn.in_transaction:
            savepoint = f"store_{secrets.token_hex(8)}"
            conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield self
            except BaseException:
                if conn.in_transaction:  # a failed COMMIT-time error may have ended it already
                    conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            else:
                conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _write(self):
        """A transaction that turns SQLite errors into ``StorageError``."""
        store = self

        class _Tx:
            def __enter__(self_inner):
                self_inner.cm = store._atomic()
                try:
                    return self_inner.cm.__enter__()
                except sqlite3.Error as exc:
                    raise StorageError(_message_for(exc), detail=f"sqlite3: {exc}") from exc

            def __exit__(self_inner, et, ev, tb):
                try:
                    return self_inner.cm.__exit__(et, ev, tb)
                except sqlite3.Error as exc:
                    raise StorageError(_message_for(exc), detail=f"sqlite3: {exc}") from exc

        return _Tx()

    def transaction(self):
        """Several edits as one: all or nothing."""
        return self._write()

    # -- settings --------------------------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM setting WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self._write():
            self.conn.execute(
                "INSERT INTO setting(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, json.dumps(value, ensure_ascii=False)],
            )

    # -- unit ------------------------------------------------------------------------------------
    def get_unit(self) -> Unit | None:
        row = self.conn.execute(
            "SELECT code, kind, name, district, province, province_code FROM unit WHERE id = 1"
        ).fetchone()
        if row is None:
            return None
        code, kind, name, district, province, province_code = row
        return Unit(code=code, kind=UnitKind(kind), name=name, district=district, province=province,
                    province_code=province_code)

    def set_unit(self, unit: Unit) -> None:
        old = self.get_unit()
        if old == unit:
            return
        with self._write():
            self._put_unit(unit.to_dict())
            self._log(None, "unit", None, None, old.to_dict() if old else None, unit.to_dict())

    def _put_unit(self, data: dict) -> None:
        self.conn.execute(
            "INSERT INTO unit(id, code, kind, name, district, province, province_code) "
            "VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET code = excluded.code, "
            "kind = excluded.kind, name = excluded.name, district = excluded.district, "
            "province = excluded.province, province_code = excluded.province_code",
            [data["code"], data["kind"], data["name"], data["district"], data["province"],
             data["province_code"]],
        )

    # -- periods ---------------------------------------------------------------------------------
    def period_codes(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT code FROM period ORDER BY code")]

    def period_id(self, code: str) -> int | None:
        row = self.conn.execute("SELECT id FROM period WHERE code = ?", [code]).fetchone()
        return row[0] if row else None

    def period_template(self, code: str) -> tuple[str, int, str] | None:
        """(id, version, digest) of the template the period is bound to; None: the 2019 template."""
        row = self.conn.execute("SELECT template_id, template_version, template_digest FROM period "
                                "WHERE code = ?", [code]).fetchone()
        return None if row is None or row[0] is None else (row[0], row[1], row[2] or "")

    def set_period_template(self, code: str, ref: tuple[str, int, str] | None) -> None:
        with self._write():
            self.conn.execute("UPDATE period SET template_id = ?, template_version = ?, "
                              "template_digest = ? WHERE code = ?",
                              [*(ref if ref is not None else (None, None, None)), code])

    def create_period(self, code: str, values: dict[str, Any] | None = None,
                      template: tuple[str, int, str] | None = None) -> int:
        with self._write():
            cur = self.conn.execute(
                "INSERT INTO period(code, created_at, template_id, template_version, template_digest) "
                "VALUES (?, ?, ?, ?, ?)", [code, _now(), *(template or (None, None, None))])
            period_id = cur.lastrowid
            for key, value in (values or {}).items():
                self._put_value(period_id, key, value)
            self._log(period_id, "period", code, None, None, code)
        return period_id

    def _require_period(self, code: str) -> int:
        period_id = self.period_id(code)
        if period_id is None:
            raise StorageError(f"Không có kỳ báo cáo {code} trong dữ liệu.")
        return period_id

    # -- values ----------------------------------------------------------------------------------
    def get_values(self, code: str) -> dict[str, Any]:
        """Every entered period value (lists as lists of strings); empty fields are absent."""
        period_id = self._require_period(code)
        fields = self._fields(period_id)
        values = {
            key: _decode(fields.get(key), value)
            for key, value in self.conn.execute(
                "SELECT key, value FROM value WHERE period_id = ?", [period_id])
        }
        lists: dict[str, list[str]] = {}
        for key, text in self.conn.execute(
            "SELECT key, text FROM list_item WHERE period_id = ? ORDER BY key, position", [period_id]
        ):
            lists.setdefault(key, []).append(text)
        values.update(lists)
        return values

    def get_value(self, code: str, key: str) -> Any:
        return self.get_values(code).get(key)

    def _fields(self, period_id: int) -> Mapping[str, Field]:
        """The fields of the template the period is bound to, which its values are stored and read
        by: the 2019 template for a period made before templates (the legacy reader); none when the
        template's file is not here (the workspace names it before anything is written)."""
        row = self.conn.execute("SELECT template_id, template_version, template_digest FROM period "
                                "WHERE id = ?", [period_id]).fetchone()
        if row is None or row[0] is None:
            return legacy_template().fields
        found = resolve(row[0], row[1], row[2] or "")
        return found.fields if found is not None else {}

    def _current(self, period_id: int, key: str) -> Any:
        spec = self._fields(period_id).get(key)
        if spec is not None and spec.type is FieldType.LINES:
            rows = self.conn.execute(
                "SELECT text FROM list_item WHERE period_id = ? AND key = ? ORDER BY position",
                [period_id, key]).fetchall()
            return [r[0] for r in rows] or None
        row = self.conn.execute("SELECT value FROM value WHERE period_id = ? AND key = ?",
                              [period_id, key]).fetchone()
        return _decode(spec, row[0]) if row else None

    def _put_value(self, period_id: int, key: str, value: Any) -> None:
        spec = self._fields(period_id).get(key)
        if spec is None:
            raise StorageError(f"Trường {key} không có trong mẫu báo cáo của kỳ này.")
        if spec.scope is not Scope.PERIOD:
            raise StorageError(f"Trường {key} không phải là số liệu của kỳ báo cáo.")
        if spec.type is FieldType.LINES:
            self.conn.execute("DELETE FROM list_item WHERE period_id = ? AND key = ?", [period_id, key])
            for position, text in enumerate(value or []):
                self.conn.execute(
                    "INSERT INTO list_item(period_id, key, position, text) VALUES (?, ?, ?, ?)",
                    [period_id, key, position, text])
            return
        if value is None or value == "":
            self.conn.execute("DELETE FROM value WHERE period_id = ? AND key = ?", [period_id, key])
        else:
            self.conn.execute(
                "INSERT INTO value(period_id, key, value) VALUES (?, ?, ?) "
                "ON CONFLICT(period_id, key) DO UPDATE SET value = excluded.value",
                [period_id, key, _encode(spec, value)])

    def set_value(self, code: str, key: str, value: Any) -> bool:
        """Store (or clear, with None/""/[]) one value and log it. Returns False if unchanged."""
        period_id = self._require_period(code)
        if value in ("", []):
            value = None
        old = self._current(period_id, key)
        if old == value and type(old) is type(value):
            return False
        with self._write():
            self._put_value(period_id, key, value)
            self._log(period_id, "value", key, None, old, value)
        return True

    def replace_period(self, code: str, values: dict[str, Any], explanations: dict[str, str]) -> None:
        """Replace every value and explanation of a period (used by dataset load)."""
        period_id = self._require_period(code)
        old = self.get_values(code)
        with self._write():
            self.conn.execute("DELETE FROM value WHERE period_id = ?", [period_id])
            self.conn.execute("DELETE FROM list_item WHERE period_id = ?", [period_id])
            self.conn.execute("DELETE FROM explanation WHERE period_id = ?", [period_id])
            for key, value in values.items():
                self._put_value(period_id, key, value)
            for finding_id, text in explanations.items():
                self.conn.execute(
                    "INSERT INTO explanation(period_id, finding_id, text) VALUES (?, ?, ?)",
                    [period_id, finding_id, text])
            self._log(period_id, "load", None, None, old, values)

    # -- explanations ----------------------------------------------------------------------------
    def get_explanations(self, code: str) -> dict[str, str]:
        period_id = self._require_period(code)
        return dict(self.conn.execute(
            "SELECT finding_id, text FROM explanation WHERE period_id = ? ORDER BY finding_id",
            [period_id]))

    def set_explanation(self, code: str, finding_id: str, text: str) -> None:
        period_id = self._require_period(code)
        old = self.get_explanations(code).get(finding_id)
        text = text or None
        if old == text:
            return
        with self._write():
            if text is None:
                self.conn.execute("DELETE FROM explanation WHERE period_id = ? AND finding_id = ?",
                                [period_id, finding_id])
            else:
                self.conn.execute(
                    "INSERT INTO explanation(period_id, finding_id, text) VALUES (?, ?, ?) "
                    "ON CONFLICT(period_id, finding_id) DO UPDATE SET text = excluded.text",
                    [period_id, finding_id, text])
            self._log(period_id, "explanation", finding_id, None, old, text)
