"""Whole-file SQLite operations for backups and restores: the SQL the backup service needs, here so
that SQL lives in ``storage`` only. ``DatabaseError`` (``sqlite3.Error``) is what these raise; the
services turn it into a Vietnamese ``BackupError``."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from ..domain.units import Unit, UnitKind

_log = logging.getLogger("ebgov_desktop.storage")

__all__ = ["DatabaseError", "Connection", "connect", "read_only", "copy_into", "database_problem",
           "has_tables", "unit_code", "summary", "restore_into"]

DatabaseError = sqlite3.Error
Connection = sqlite3.Connection


def connect(path: Path, *, timeout: float = 5.0) -> sqlite3.Connection:
    return sqlite3.connect(str(path), timeout=timeout)


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def copy_into(conn: sqlite3.Connection, target_path: Path) -> None:
    """The database of ``conn`` copied into the (new) file ``target_path`` with the backup API, in
    rollback-journal mode so the copy is one self-contained file."""
    target = sqlite3.connect(str(target_path))
    try:
        conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()


def database_problem(path: Path) -> str | None:
    """None if ``path`` is an intact SQLite file, else a short Vietnamese reason."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        return "không tìm thấy tệp"
    if size == 0:
        return "tệp rỗng (0 byte)"
    with open(path, "rb") as fh:
        header = fh.read(16)
    if header != b"SQLite format 3\x00":
        return "tệp không phải là tệp dữ liệu của chương trình (phần đầu tệp bị hỏng)"
    # SQLite's own words ("file is not a database", "database disk image is malformed") go to the
    # log; the officer reads what they mean
    try:
        conn = read_only(path)
    except sqlite3.Error as exc:
        _log.warning("cannot open %s: %s", path, exc)
        return "không mở được tệp (tệp đang bị khóa hoặc bị hỏng)"
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        _log.warning("integrity check of %s failed: %s", path, exc)
        return "tệp bị hỏng bên trong (không đọc được nội dung)"
    finally:
        conn.close()
    if rows != [("ok",)]:
        _log.warning("integrity check of %s: %s", path, rows[:5])
        return f"tệp bị hỏng bên trong ({len(rows)} chỗ hỏng)"
    return None


def has_tables(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").fetchone())


def unit_code(conn: sqlite3.Connection) -> str | None:
    """The unit's code, or None when there is none (or no unit table)."""
    try:
        row = conn.execute("SELECT code FROM unit WHERE id = 1").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def summary(path: Path) -> tuple[Unit | None, tuple[str, ...], str | None]:
    """(unit, period codes, time of the last change) of an intact file; raises ``DatabaseError``."""
    conn = read_only(path)
    try:
        unit = None
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "unit" in tables:
            row = conn.execute(
                "SELECT code, kind, name, district, province, province_code FROM unit WHERE id = 1"
            ).fetchone()
            if row:
                code, kind, name, district, province, province_code = row
                try:
                    unit = Unit(code=code, kind=UnitKind(kind), name=name, district=district,
                                province=province, province_code=province_code)
                except ValueError:
                    unit = None
        periods: tuple[str, ...] = ()
        if "period" in tables:
            periods = tuple(r[0] for r in conn.execute("SELECT code FROM period ORDER BY code"))
        last = None
        if "change_log" in tables:
            last = conn.execute("SELECT MAX(at) FROM change_log").fetchone()[0]
    finally:
        conn.close()
    return unit, periods, last


def restore_into(source: Path, workspace: Path) -> bool:
    """Copy ``source`` over the database ``workspace`` in one transaction (backup API; WAL kept, FULL
    sync): a power cut leaves the old or the new data, never a mix. True when the result is intact."""
    src = read_only(source)
    try:
        dst = sqlite3.connect(str(workspace), timeout=10.0)
        try:
            dst.execute("PRAGMA synchronous = FULL")
            mode = dst.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":
                dst.execute("PRAGMA journal_mode = DELETE")
            src.backup(dst)
            bad = dst.execute("PRAGMA integrity_check").fetchall()
        finally:
            dst.close()
    finally:
        src.close()
    return bad == [("ok",)]
