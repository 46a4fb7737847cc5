"""Backups of the workspace: made with the SQLite backup API, listed, pruned, restored, copied out.

When a backup is made (``Reason``): on start (at most once a day), before every migration, before every
restore, before every import at the superior level, and when the officer asks. Kept: the newest 10 plus
the newest of every month. A backup is a plain SQLite file in ``AppPaths.backups_dir`` named
``ebgov-YYYYmmdd-HHMMSS-ffffff-<reason>.sqlite``; every copy is checked (``integrity_check``) before it
counts, so the rotation never pushes a good backup out for a broken one. A restore is itself undoable:
the current workspace is backed up (``Reason.BEFORE_RESTORE``) first."""

from __future__ import annotations

import datetime as _dt
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from ..domain.errors import UserError
from ..domain.periods import Period, PeriodError
from ..domain.system_errors import os_reason
from ..domain.tasks import TaskState
from ..domain.units import Unit
from ..storage import Store
from ..storage import files as dbfiles
from ..storage.atomic import atomic_write, fsync_dir
from ..storage.files import database_problem
from .paths import AppPaths

log = logging.getLogger("ebgov_desktop.backup")

__all__ = [
    "DataPlace",
    "data_place",
    "Reason",
    "BackupError",
    "BackupInfo",
    "RestorePlan",
    "PeriodChange",
    "backup_now",
    "backup_on_start",
    "list_backups",
    "newest_good_backup",
    "prune",
    "plan_restore",
    "restore",
    "export_copy",
    "copy_database",
    "database_problem",
    "KEEP_LAST",
]

KEEP_LAST = 10
_PREFIX = "ebgov-"
_NAME = re.compile(r"^ebgov-(\d{8}-\d{6}-\d{6})-([a-z-]+)\.sqlite$")
_STAMP = "%Y%m%d-%H%M%S-%f"
#: the name of the workspace file inside a copy written by "Sao lưu ra USB…"
COPY_WORKSPACE = "workspace.sqlite"


class BackupError(UserError, RuntimeError):
    """A backup or restore that could not be done; the message (Vietnamese) says what to do."""


class Reason(str, Enum):
    START = "start"
    BEFORE_MIGRATION = "before_migration"
    BEFORE_RESTORE = "before_restore"
    BEFORE_IMPORT = "before_import"
    MANUAL = "manual"

    @property
    def slug(self) -> str:
        return _SLUGS[self]

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def from_slug(cls, slug: str) -> "Reason | None":
        for reason, s in _SLUGS.items():
            if s == slug:
                return reason
        return None


_SLUGS = {
    Reason.START: "khoi-dong",
    Reason.BEFORE_MIGRATION: "truoc-nang-cap",
    Reason.BEFORE_RESTORE: "truoc-phuc-hoi",
    Reason.BEFORE_IMPORT: "truoc-nhap-goi",
    Reason.MANUAL: "thu-cong",
}
_LABELS = {
    Reason.START: "Tự động khi mở chương trình",
    Reason.BEFORE_MIGRATION: "Trước khi nâng cấp dữ liệu",
    Reason.BEFORE_RESTORE: "Trước khi phục hồi",
    Reason.BEFORE_IMPORT: "Trước khi nhập gói dữ liệu",
    Reason.MANUAL: "Sao lưu theo yêu cầu",
}


@dataclass(frozen=True)
class BackupInfo:
    """One backup file and what it holds (read from the file itself)."""

    path: Path
    created: _dt.datetime
    reason: Reason | None
    size: int
    ok: bool  # opens and passes integrity_check
    unit: Unit | None = None
    periods: tuple[str, ...] = ()
    last_change: str | None = None  # ISO time of the newest edit in it
    problem: str = ""  # why it is not ok (Vietnamese)

    @property
    def reason_label(self) -> str:
        return self.reason.label if self.reason else "Bản sao lưu"

    @property
    def unit_label(self) -> str:
        return self.unit.full_name if self.unit else "(chưa có đơn vị)"

    @property
    def periods_label(self) -> str:
        labels = []
        for code in self.periods:
            try:
                labels.append(Period.parse(code).label)
            except PeriodError:
                labels.append(code)
        return ", ".join(labels) if labels else "(chưa có kỳ báo cáo)"

    @property
    def usable(self) -> bool:
        """Good to restore: intact and holding a unit."""
        return self.ok and self.unit is not None


# -- copying -------------------------------------------------------------------------------------
def copy_database(conn, dest: Path) -> Path:
    """Copy the database of ``conn`` to ``dest`` atomically (backup API, fsync, rename)."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write(dest, write_path=lambda tmp: dbfiles.copy_into(conn, tmp))


# -- listing -------------------------------------------------------------------------------------
def _read_info(path: Path) -> BackupInfo:
    m = _NAME.match(path.name)
    created = _dt.datetime.strptime(m.group(1), _STAMP) if m else _dt.datetime.fromtimestamp(
        path.stat().st_mtime)
    reason = Reason.from_slug(m.group(2)) if m else None
    size = path.stat().st_size
    problem = database_problem(path)
    if problem:
        return BackupInfo(path, created, reason, size, False, problem=problem)
    try:
        unit, periods, last = dbfiles.summary(path)
    except dbfiles.DatabaseError as exc:
        log.warning("backup %s unreadable: %s", path, exc)
        return BackupInfo(path, created, reason, size, False, problem="tệp bị hỏng bên trong")
    return BackupInfo(path, created, reason, size, True, unit, periods, last)


def _backup_files(paths: AppPaths) -> list[Path]:
    d = paths.backups_dir
    if not d.is_dir():
        return []
    return [p for p in d.iterdir() if p.is_file() and _NAME.match(p.name)]


def list_backups(paths: AppPaths) -> list[BackupInfo]:
    """Every backup, newest first, with what it holds."""
    infos = [_read_info(p) for p in _backup_files(paths)]
    return sorted(infos, key=lambda b: b.created, reverse=True)


def newest_good_backup(paths: AppPaths) -> BackupInfo | None:
    for info in list_backups(paths):
        if info.usable:
            return info
    return None


def _created(path: Path) -> _dt.datetime:
    return _dt.datetime.strptime(_NAME.match(path.name).group(1), _STAMP)


def prune(paths: AppPaths, keep_last: int = KEEP_LAST) -> list[Path]:
    """Delete old backups: keep the newest ``keep_last`` and the newest of every month."""
    files = sorted(_backup_files(paths), key=_created, reverse=True)
    keep = set(files[:keep_last])
    months: set[tuple[int, int]] = set()
    for p in files:  # newest first: the first seen of a month is its newest
        c = _created(p)
        if (c.year, c.month) not in months:
            months.add((c.year, c.month))
            keep.add(p)
    removed = []
    for p in files:
        if p not in keep:
            try:
                p.unlink()
                removed.append(p)
            except OSError:
                pass
    return removed


# -- making backups ------------------------------------------------------------------------------
def backup_now(paths: AppPaths, reason: Reason | str = Reason.MANUAL, *,
               store: Store | None = None, now: _dt.datetime | None = None) -> BackupInfo | None:
    """Back the workspace up now and prune old backups. None when there is nothing to back up.

    ``store``: the open store of this workspace, if any (the copy is then taken through it).
    Raises ``BackupError`` if the copy cannot be written or is not intact.
    """
    reason = Reason(reason)
    if store is None and not paths.workspace.exists():
        return None
    now = now or _dt.datetime.now()
    dest = paths.backups_dir / f"{_PREFIX}{now.strftime(_STAMP)}-{reason.slug}.sqlite"
    conn = store.conn if store is not None else dbfiles.connect(paths.workspace)
    try:
        if not dbfiles.has_tables(conn):
            return None
        copy_database(conn, dest)
    except dbfiles.DatabaseError as exc:
        raise BackupError("Không sao lưu được dữ liệu: tệp dữ liệu không đọc được trọn vẹn. Hãy kiểm "
                          "tra tệp dữ liệu (mục Sao lưu và phục hồi).", detail=str(exc)) from exc
    except OSError as exc:
        raise BackupError(f"Không ghi được bản sao lưu vào {paths.backups_dir}: "
                          f"{os_reason(exc)}. Hãy giải phóng dung lượng ổ đĩa.") from exc
    finally:
        if store is None:
            conn.close()
    info = _read_info(dest)
    if not info.ok:
        dest.unlink()
        raise BackupError(f"Bản sao lưu vừa tạo không dùng được ({info.problem}); tệp dữ liệu có thể "
                          "đã hỏng. Hãy mở mục Sao lưu và phục hồi.")
    prune(paths)
    return info


def backup_on_start(paths: AppPaths, *, store: Store | None = None,
                    now: _dt.datetime | None = None) -> BackupInfo | None:
    """The start-up backup, at most once a day: None when today's already exists."""
    now = now or _dt.datetime.now()
    for p in _backup_files(paths):
        m = _NAME.match(p.name)
        if m.group(2) == Reason.START.slug and _created(p).date() == now.date():
            return None
    return backup_now(paths, Reason.START, store=store, now=now)


# -- restore -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PeriodChange:
    code: str
    status: str  # "both", "only_backup" (comes back), "only_current" (goes away)
    values_differing: int = 0
    explanations_differing: int = 0

    @property
    def label(self) -> str:
        try:
            return Period.parse(self.code).label
        except PeriodError:
            return self.code


@dataclass(frozen=True)
class RestorePlan:
    """What a restore would change, for the officer to read before saying yes."""

    backup: BackupInfo
    current_unit: Unit | None
    periods: list[PeriodChange] = field(default_factory=list)
    register_rows_now: int = 0
    register_rows_backup: int = 0
    register_rows_differing: int = 0
    current_last_change: str | None = None

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.current_unit != self.backup.unit
            or self.register_rows_differing
            or any(p.status != "both" or p.values_differing or p.explanations_differing
                   for p in self.periods))

    def lines(self) -> list[str]:
        """The plan in Vietnamese, one line per change."""
        out = []
        b = self.backup
        out.append(f"Phục hồi bản sao lưu lúc {_fmt_time(b.created)} ({b.reason_label}).")
        if self.current_last_change:
            out.append(f"Dữ liệu hiện tại sửa lần cuối lúc {_fmt_iso(self.current_last_change)}; "
                       f"bản sao lưu sửa lần cuối lúc {_fmt_iso(b.last_change)}.")
        if self.current_unit != b.unit:
            now = self.current_unit.full_name if self.current_unit else "(chưa có)"
            out.append(f"Đơn vị: {now} → {b.unit_label}.")
        for p in self.periods:
            if p.status == "only_backup":
                out.append(f"Kỳ {p.label}: có lại (hiện không có).")
            elif p.status == "only_current":
                out.append(f"Kỳ {p.label}: sẽ mất (bản sao lưu không có kỳ này).")
            elif p.values_differing or p.explanations_differing:
                parts = [f"{p.values_differing} số liệu khác"]
                if p.explanations_differing:
                    parts.append(f"{p.explanations_differing} giải trình khác")
                out.append(f"Kỳ {p.label}: {', '.join(parts)}.")
            else:
                out.append(f"Kỳ {p.label}: không thay đổi.")
        if self.register_rows_differing:
            out.append(f"Sổ thiết bị: {self.register_rows_differing} dòng khác "
                       f"(hiện có {self.register_rows_now} dòng, sau khi phục hồi "
                       f"{self.register_rows_backup} dòng).")
        else:
            out.append(f"Sổ thiết bị: không thay đổi ({self.register_rows_now} dòng).")
        if not self.changes_anything:
            out.append("Dữ liệu hiện tại giống hệt bản sao lưu.")
        out.append("Trước khi phục hồi, dữ liệu hiện tại được sao lưu để có thể hoàn tác.")
        return out


def _fmt_time(t: _dt.datetime) -> str:
    return t.strftime("%H:%M ngày %d/%m/%Y")


def _fmt_iso(text: str | None) -> str:
    if not text:
        return "(chưa sửa)"
    try:
        return _fmt_time(_dt.datetime.fromisoformat(text))
    except ValueError:
        return text


def _snapshot(store: Store) -> dict[str, Any]:
    periods = {}
    for code in store.period_codes():
        periods[code] = (store.get_values(code), store.get_explanations(code))
    rows = [i.with_changes(id=None) for i in store.register_items()]
    return {"unit": store.get_unit(), "periods": periods, "rows": rows,
            "last": store.last_change_time()}


def _differing(a: dict, b: dict) -> int:
    return sum(1 for k in set(a) | set(b) if a.get(k) != b.get(k))


def _multiset_difference(a: list, b: list) -> int:
    rest = list(b)
    missing = 0
    for item in a:
        if item in rest:
            rest.remove(item)
        else:
            missing += 1
    return max(missing, len(rest))


def _open_copy(path: Path, tmpdir: str) -> Store:
    """A Store on a private copy of ``path`` (migrated to the current schema), never on the file."""
    src = dbfiles.read_only(path)
    try:
        dest = copy_database(src, Path(tmpdir) / "copy.sqlite")
    finally:
        src.close()
    return Store(dest)


def _require_usable(backup: Path | BackupInfo) -> BackupInfo:
    info = backup if isinstance(backup, BackupInfo) else _read_info(Path(backup))
    if not info.ok:
        raise BackupError(f"Bản sao lưu {info.path.name} không dùng được: {info.problem}. "
                          "Hãy chọn bản khác.")
    if info.unit is None:
        raise BackupError(f"Bản sao lưu {info.path.name} chưa có dữ liệu đơn vị. Hãy chọn bản khác.")
    return info


def _resolve_source(source: Path | BackupInfo) -> Path | BackupInfo:
    """A folder written by "Sao lưu ra USB…" stands for the workspace file inside it."""
    if isinstance(source, BackupInfo):
        return source
    source = Path(source)
    if source.is_dir():
        inner = source / COPY_WORKSPACE
        if not inner.exists():
            raise BackupError(f"Thư mục {source} không có tệp {COPY_WORKSPACE}. Hãy chọn đúng "
                              "thư mục sao lưu.")
        return inner
    if not source.exists():
        raise BackupError(f"Không tìm thấy bản sao lưu {source}.")
    return source


def plan_restore(paths: AppPaths, backup: Path | BackupInfo) -> RestorePlan:
    """Compare the workspace with a backup: per period the values differing, the register rows."""
    info = _require_usable(_resolve_source(backup))
    with tempfile.TemporaryDirectory(prefix="ebgov-plan-") as tmp:
        with _open_copy(info.path, tmp) as bstore:
            theirs = _snapshot(bstore)
        ours = {"unit": None, "periods": {}, "rows": [], "last": None}
        if paths.workspace.exists() and database_problem(paths.workspace) is None:
            cur = dbfiles.connect(paths.workspace)
            try:
                if dbfiles.has_tables(cur):
                    os.mkdir(Path(tmp) / "cur")
                    copy_database(cur, Path(tmp) / "cur" / "copy.sqlite")
                    with Store(Path(tmp) / "cur" / "copy.sqlite") as cstore:
                        ours = _snapshot(cstore)
            finally:
                cur.close()
    changes = []
    for code in sorted(set(ours["periods"]) | set(theirs["periods"])):
        if code not in ours["periods"]:
            changes.append(PeriodChange(code, "only_backup"))
        elif code not in theirs["periods"]:
            changes.append(PeriodChange(code, "only_current"))
        else:
            (v1, e1), (v2, e2) = ours["periods"][code], theirs["periods"][code]
            changes.append(PeriodChange(code, "both", _differing(v1, v2), _differing(e1, e2)))
    return RestorePlan(
        backup=info,
        current_unit=ours["unit"],
        periods=changes,
        register_rows_now=len(ours["rows"]),
        register_rows_backup=len(theirs["rows"]),
        register_rows_differing=_multiset_difference(ours["rows"], theirs["rows"]),
        current_last_change=ours["last"],
    )


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo
    undo_backup: BackupInfo | None  # the backup of what was there before (restore it to undo)
    kept_aside: list[Path] = field(default_factory=list)  # a broken workspace, renamed


def keep_aside(paths: AppPaths, now: _dt.datetime | None = None) -> list[Path]:
    """Rename the workspace (and its -wal/-shm) to ``workspace.hong-<time>.sqlite``; never delete."""
    now = now or _dt.datetime.now()
    ws = paths.workspace
    base = ws.with_name(f"{ws.stem}.hong-{now.strftime('%Y%m%d-%H%M%S')}{ws.suffix}")
    moved = []
    for suffix in ("", "-wal", "-shm", "-journal"):
        src = Path(str(ws) + suffix)
        if src.exists():
            dest = Path(str(base) + suffix)
            os.replace(src, dest)
            moved.append(dest)
    fsync_dir(ws.parent)
    return moved


def restore(paths: AppPaths, backup: Path | BackupInfo, *,
            now: _dt.datetime | None = None,
            state: TaskState | None = None) -> RestoreResult:
    """Put a backup in place of the workspace; the current workspace is backed up first.

    A broken workspace (``database_problem``) is not backed up but renamed aside and kept.
    The copy goes through the SQLite backup API into the workspace, in one transaction: a power cut
    during the restore leaves either the old data or the restored data, never a mix. ``state`` gets
    the steps as progress; a restore, once started, is not cancelled half-way (it is one transaction).
    """
    source = _resolve_source(backup)
    info = _require_usable(source)
    paths.ensure()
    step = (lambda n, text: state.set_progress(n, 3, text)) if state is not None else (lambda n, text: None)
    undo = None
    aside: list[Path] = []
    if paths.workspace.exists():
        if database_problem(paths.workspace) is None:
            step(0, "Đang sao lưu dữ liệu hiện tại (để có thể hoàn tác)…")
            undo = backup_now(paths, Reason.BEFORE_RESTORE, now=now)
        else:
            aside = keep_aside(paths, now)
    try:
        step(1, "Đang phục hồi dữ liệu…")
        intact = dbfiles.restore_into(info.path, paths.workspace)
    except dbfiles.DatabaseError as exc:
        raise BackupError("Không phục hồi được: bản sao lưu không chép được vào tệp dữ liệu. Dữ liệu "
                          "trước khi phục hồi vẫn còn trong bản sao lưu mới nhất.", detail=str(exc)) from exc
    if not intact:
        raise BackupError("Dữ liệu sau khi phục hồi không toàn vẹn. Hãy thử một bản sao lưu khác.")
    # A copy written by "Sao lưu ra USB…" carries the signing key: bring it along on a new PC.
    keys = info.path.parent / "keys"
    if info.path.name == COPY_WORKSPACE and keys.is_dir() and not _has_files(paths.keys_dir):
        shutil.copytree(keys, paths.keys_dir, dirs_exist_ok=True)
    elif info.path.name == COPY_WORKSPACE and keys.is_dir():  # the highest revisions sent never go down
        from .revisions import SENT_FILE, merge_sent_revisions

        merge_sent_revisions(paths, keys / SENT_FILE)
    step(3, "Đã phục hồi xong.")
    return RestoreResult(info, undo, aside)


def _has_files(d: Path) -> bool:
    return d.is_dir() and any(d.iterdir())


# -- copy to a USB stick -------------------------------------------------------------------------
def _write_side(exc: Exception, paths: AppPaths) -> bool:
    """Did a SQLite error of a copy come from the destination (full, read-only, I/O), not the data?"""
    code = getattr(exc, "sqlite_errorcode", None)
    if code in (13, 8, 10, 14):  # SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CANTOPEN
        return True
    return "full" in str(exc).lower() or database_problem(paths.workspace) is None


def export_copy(paths: AppPaths, dest_dir: Path, *, store: Store | None = None,
                now: _dt.datetime | None = None) -> Path:
    """Write ``<dest_dir>/ebgov-sao-luu-<code>-<time>/`` with the workspace and the signing key.

    Written under a temporary name, flushed, read back and checked, then renamed: a stick pulled
    out half-way leaves no folder that looks complete.
    """
    now = now or _dt.datetime.now()
    dest_dir = Path(dest_dir)
    if not dest_dir.is_dir():
        raise BackupError(f"Không tìm thấy thư mục {dest_dir}. Hãy cắm USB và chọn lại thư mục.")
    if store is None and not paths.workspace.exists():
        raise BackupError("Chưa có dữ liệu để sao lưu.")
    conn = store.conn if store is not None else dbfiles.connect(paths.workspace)
    try:
        code = dbfiles.unit_code(conn)
        unit_code = f"{code}-" if code else ""
        final = dest_dir / f"ebgov-sao-luu-{unit_code}{now.strftime('%Y%m%d-%H%M%S')}"
        work = dest_dir / (final.name + ".dang-ghi")
        if work.exists():
            shutil.rmtree(work)
        work.mkdir()
        copy_database(conn, work / COPY_WORKSPACE)
        if paths.keys_dir.is_dir():
            shutil.copytree(paths.keys_dir, work / "keys")
            for f in (work / "keys").rglob("*"):
                if f.is_file():
                    with open(f, "rb+") as fh:  # Windows: FlushFileBuffers needs write access
                        os.fsync(fh.fileno())
    except (dbfiles.DatabaseError, OSError) as exc:
        # the half-written copy never stays on the stick; then say which side failed: a full or
        # locked stick is a write problem, whatever layer (SQLite or the file system) noticed it
        shutil.rmtree(work, ignore_errors=True)
        if isinstance(exc, OSError) or _write_side(exc, paths):
            reason = os_reason(exc) if isinstance(exc, OSError) else "ổ đĩa đầy hoặc không ghi được"
            raise BackupError(f"Không ghi được bản sao vào {dest_dir}: {reason}. Hãy kiểm tra USB (còn "
                              "chỗ trống, không bị khóa ghi) rồi thử lại; không có bản sao dở dang nào "
                              "được để lại.") from exc
        raise BackupError("Không đọc được dữ liệu để sao lưu: tệp dữ liệu không đọc được trọn vẹn.",
                          detail=str(exc)) from exc
    finally:
        if store is None:
            conn.close()
    problem = database_problem(work / COPY_WORKSPACE)
    if problem:
        shutil.rmtree(work, ignore_errors=True)
        raise BackupError(f"Bản sao trên {dest_dir} đọc lại không đúng ({problem}). Hãy thử USB khác.")
    os.replace(work, final)
    fsync_dir(dest_dir)
    return final


# -- where the data is -----------------------------------------------------------------------------
@dataclass(frozen=True)
class DataPlace:
    """What "Dữ liệu của tôi ở đâu?" shows: the data folder and its newest backup."""

    data_dir: Path
    workspace: Path
    workspace_size: int  # bytes (0 when there is no file yet)
    backups_dir: Path
    backups: int  # how many backup files
    latest: _dt.datetime | None  # when the newest backup was taken
    latest_reason: str  # its reason, in Vietnamese ("" when there is none)


def data_place(paths: AppPaths) -> DataPlace:
    """The data folder and the newest backup, read from the backups' names (quick: none is opened)."""
    files = _backup_files(paths)
    newest = max(files, key=_created) if files else None
    reason = Reason.from_slug(_NAME.match(newest.name).group(2)) if newest else None
    try:
        size = paths.workspace.stat().st_size
    except OSError:
        size = 0
    return DataPlace(paths.data_dir, paths.workspace, size, paths.backups_dir, len(files),
                     _created(newest) if newest else None,
                     (reason.label if reason else "Bản sao lưu") if newest else "")
