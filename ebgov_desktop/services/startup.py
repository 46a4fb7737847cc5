"""The start-up path: check the workspace before working on it, back it up, migrate it.

The program never works silently on a workspace that fails ``integrity_check`` or cannot be opened:
``check_workspace`` says what is wrong (Vietnamese) and which backup is the newest good one;
``recover`` keeps the broken file aside (renamed, never deleted) and restores that backup.
``open_workspace`` backs up before a migration (``Reason.BEFORE_MIGRATION``) and once a day on start.
"""

from __future__ import annotations

import datetime as _dt
import errno
import logging
import os
import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ..storage import Store
from ..storage.atomic import is_leftover
from .backup import (
    BackupError,
    BackupInfo,
    Reason,
    RestoreResult,
    backup_now,
    backup_on_start,
    database_problem,
    keep_aside,
    newest_good_backup,
    restore,
)
from .paths import AppPaths
from .templates import sync_kept_templates
from .workspace import Workspace

__all__ = ["HealthState", "Health", "check_workspace", "recover", "start_fresh", "open_workspace",
           "start_backup", "writable", "remove_leftovers", "cli_refusal"]

log = logging.getLogger("ebgov_desktop.startup")


class HealthState(Enum):
    NEW = "new"  # no workspace yet: the first start
    OK = "ok"
    BROKEN = "broken"
    READ_ONLY = "read_only"  # the data folder cannot be written: nothing can be saved there


@dataclass(frozen=True)
class Health:
    state: HealthState
    problem: str = ""  # why it is broken (Vietnamese)
    backup: BackupInfo | None = None  # the newest good backup, when broken

    folder: Path | None = None  # the data folder (for READ_ONLY)

    @property
    def ok(self) -> bool:
        return self.state not in (HealthState.BROKEN, HealthState.READ_ONLY)

    def message(self) -> str:
        """What the officer reads: what happened, that nothing is deleted, what can be done."""
        if self.state is HealthState.READ_ONLY:
            return (f"Thư mục dữ liệu chỉ đọc ({self.folder}): chương trình không ghi được gì vào đó, "
                    "nên không mở dữ liệu để làm việc. Dữ liệu không bị thay đổi và không hỏng. Hãy bỏ "
                    "chế độ chỉ đọc (gạt khóa chống ghi của USB, hoặc cấp quyền ghi) hay chép cả thư mục "
                    "dữ liệu sang ổ ghi được rồi mở lại.")
        if self.ok:
            return "Tệp dữ liệu bình thường."
        text = (f"Tệp dữ liệu của chương trình không dùng được — {self.problem}.\n"
                "Chương trình sẽ không làm việc trên tệp hỏng. Tệp hỏng được đổi tên và giữ lại, "
                "không bị xóa.")
        if self.backup is not None:
            b = self.backup
            text += (f"\n\nBản sao lưu tốt gần nhất: lúc {b.created.strftime('%H:%M ngày %d/%m/%Y')}"
                     f" — {b.unit_label}; {b.periods_label}. Những gì nhập sau thời điểm đó sẽ "
                     "phải nhập lại.")
        else:
            text += ("\n\nKhông có bản sao lưu nào dùng được. Có thể bắt đầu với dữ liệu trống, "
                     "hoặc thoát và nhờ cán bộ kỹ thuật xem tệp hỏng.")
        return text


def writable(folder: Path) -> bool:
    """Can the program write in ``folder``? (A probe file, created and removed: the folder's own
    permission bits say nothing on Windows, on a locked USB stick or for a read-only mount.)"""
    probe = folder / f".ebgov-ghi-thu-{os.getpid()}.tmp"
    try:
        with open(probe, "wb"):
            pass
    except FileNotFoundError:
        return True  # the folder is not there yet: it will be made
    except OSError as exc:
        return exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS)
    try:
        probe.unlink()
    except OSError:
        pass
    return True


def check_workspace(paths: AppPaths) -> Health:
    """Is the workspace there, intact and in a folder the program can write? Reads only; changes
    nothing. A 0-byte workspace file is damaged (never taken for a fresh start): the officer may have
    backups of it, and the file is kept."""
    ws = paths.workspace
    if paths.data_dir.is_dir() and not writable(paths.data_dir):
        return Health(HealthState.READ_ONLY, folder=paths.data_dir)
    if not ws.exists():
        return Health(HealthState.NEW)
    problem = database_problem(ws)
    if problem is None:
        try:
            with Store(ws, migrate=False) as store:
                if "unit" in store.table_names():
                    store.get_unit()
        except Exception as exc:  # noqa: BLE001 - any failure to read it is "broken"
            log.warning("reading %s failed: %s", ws, exc)
            problem = "không đọc được dữ liệu trong tệp (tệp bị hỏng bên trong)"
    if problem is None:
        return Health(HealthState.OK)
    log.error("Workspace %s is broken: %s", ws, problem)
    return Health(HealthState.BROKEN, problem, newest_good_backup(paths))


def recover(paths: AppPaths, backup: BackupInfo | Path | None = None) -> RestoreResult:
    """Keep the broken workspace aside and restore ``backup`` (default: the newest good one)."""
    backup = backup or newest_good_backup(paths)
    if backup is None:
        raise BackupError("Không có bản sao lưu nào dùng được.")
    result = restore(paths, backup)
    log.warning("Recovered workspace from %s; kept aside: %s", result.restored.path,
                [str(p) for p in result.kept_aside])
    return result


def start_fresh(paths: AppPaths) -> list[Path]:
    """Keep the broken workspace aside (renamed) so the program starts with empty data."""
    moved = keep_aside(paths)
    log.warning("Started with empty data; kept aside: %s", [str(p) for p in moved])
    return moved


def open_workspace(paths: AppPaths, *, now: _dt.datetime | None = None,
                   start_backup: bool = True) -> Workspace:
    """Open the workspace: a backup before any migration, the daily start backup, then migrate.

    A failed start backup (disk full…) is logged, not fatal: the officer's data is still intact.
    ``start_backup=False`` leaves the daily backup to the caller (the window takes it with
    ``start_backup()`` right after its first paint, on a worker thread); the backup before a
    migration is always taken here, before anything is changed.
    """
    paths.ensure()
    remove_leftovers(paths)
    store = Store(paths.workspace, migrate=False)
    try:
        has_data = bool(store.table_names())
        if has_data and store.pending_migrations():
            backup_now(paths, Reason.BEFORE_MIGRATION, store=store, now=now)
        store.migrate(copy_aside=False)  # the before-migration backup above is the copy
        if has_data and start_backup:
            _start_backup(paths, store, now)
    except BaseException:
        store.close()
        raise
    _restore_template_files(paths, store)
    return Workspace(store, paths)


def _restore_template_files(paths: AppPaths, store: Store) -> None:
    """The templates kept in the workspace (received from the superior) written back into the
    library folder if lost (the workspace file restored alone); one small query when in sync. A
    failure is logged: the window says so if a period needs a missing template."""
    try:
        written = sync_kept_templates(store, paths.data_dir)
    except OSError as exc:
        log.warning("could not write the kept templates into %s: %s", paths.data_dir, exc)
        return
    if written:
        log.info("%d kept template file(s) written back into the library folder", written)


#: a ``.tmp`` file untouched this long is a leftover of a killed run (a running one writes to its own)
LEFTOVER_SECONDS = 15 * 60


def remove_leftovers(paths: AppPaths, *, now: float | None = None) -> list[Path]:
    """Remove the ``*.tmp`` files a killed restore, import, backup or export left in the data folder
    and its backup, key and log folders (atomic writes go through ``<name>.tmp``). Only files older
    than ``LEFTOVER_SECONDS``, so that the write of another running program is never touched."""
    now = time.time() if now is None else now
    removed = []
    for folder in (paths.data_dir, paths.backups_dir, paths.keys_dir, paths.data_dir / "logs",
                   paths.data_dir / "templates"):
        try:
            candidates = [p for p in folder.iterdir() if is_leftover(p.name) and p.is_file()]
        except OSError:
            continue
        for p in candidates:
            try:
                if now - p.stat().st_mtime >= LEFTOVER_SECONDS:
                    p.unlink()
                    removed.append(p)
            except OSError:
                continue
    if removed:
        log.warning("Removed leftover temporary files: %s", [str(p) for p in removed])
    return removed


def cli_refusal(paths: AppPaths, health: Health) -> str:
    """What a command prints instead of working on a workspace that failed the start-up check."""
    if health.state is HealthState.READ_ONLY:
        return health.message()
    restore = f'ebgov-desktop restore --data-dir "{paths.data_dir}"'
    text = (f"Tệp dữ liệu {paths.workspace} không dùng được — {health.problem}. Lệnh không làm gì trên "
            "tệp hỏng; tệp vẫn được giữ nguyên.")
    if health.backup is not None:
        b = health.backup
        text += (f" Bản sao lưu tốt gần nhất: lúc {b.created.strftime('%H:%M ngày %d/%m/%Y')} — "
                 f"{b.unit_label}. Để phục hồi (tệp hỏng được đổi tên và giữ lại): {restore} --latest")
    else:
        text += (f" Không có bản sao lưu nào trong {paths.backups_dir}; nếu có bản sao lưu ở nơi khác "
                 f"(ví dụ USB): {restore} THƯ_MỤC_HOẶC_TỆP")
    return text


def _start_backup(paths: AppPaths, store: Store | None, now: _dt.datetime | None) -> BackupInfo | None:
    try:
        return backup_on_start(paths, store=store, now=now)
    except BackupError as exc:
        log.error("Start backup failed: %s", exc)
        return None


def start_backup(paths: AppPaths, *, now: _dt.datetime | None = None) -> BackupInfo | None:
    """The daily start backup through its own connection (safe from a worker thread); a failure is
    logged, not raised. None when today's backup already exists, there is no data or it failed."""
    if not paths.workspace.exists():
        return None
    return _start_backup(paths, None, now)
