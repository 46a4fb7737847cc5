"""Backup sub-commands: backup, restore."""

from __future__ import annotations

from pathlib import Path

from ..domain.formatting import when_read
from ..domain.system_errors import os_reason
from ..services.backup import (
    BackupInfo,
    Reason,
    backup_now,
    export_copy,
    list_backups,
    newest_good_backup,
    plan_restore,
    restore,
)
from ..services.paths import app_paths
from . import CliError, command
from .data import add_data_dir


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} KB"
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")


def _row(i: int, b: BackupInfo) -> str:
    when = b.created.strftime("%d/%m/%Y %H:%M")
    if not b.ok:
        return f"{i:>3}  {when}  {_size(b.size):>8}  HỎNG: {b.problem}  {b.path.name}"
    last = when_read(b.last_change) if b.last_change else "-"
    return (f"{i:>3}  {when}  {_size(b.size):>8}  {b.unit_label}; {b.periods_label}; "
            f"sửa lần cuối {last}; {b.reason_label}  {b.path.name}")


@command("backup", "sao lưu dữ liệu (vào thư mục sao lưu, hoặc ra thư mục/USB với --out)")
class Backup:
    @staticmethod
    def configure(p):
        add_data_dir(p)
        p.add_argument("--out", metavar="THƯ_MỤC",
                       help="ghi một bản sao (kèm khóa ký) vào thư mục này, ví dụ ổ USB")

    @staticmethod
    def run(args):
        from ..services.startup import HealthState, check_workspace, cli_refusal

        paths = app_paths(args.data_dir)
        health = check_workspace(paths)
        # a damaged workspace is never backed up over the good copies; a read-only data folder can
        # still be copied out to a stick, not into its own backups folder
        if health.state is HealthState.BROKEN or (health.state is HealthState.READ_ONLY and not args.out):
            raise CliError(cli_refusal(paths, health))
        if not paths.workspace.exists():
            raise CliError(f"chưa có dữ liệu trong {paths.data_dir}; không có gì để sao lưu")
        if args.out:
            folder = export_copy(paths, Path(args.out))
            print(f"Đã ghi bản sao dữ liệu (kèm khóa ký nếu có) vào {folder}")
            return 0
        info = backup_now(paths, Reason.MANUAL)
        if info is None:
            raise CliError("dữ liệu còn trống; không có gì để sao lưu")
        print(f"Đã sao lưu: {info.path}")
        return 0


@command("restore", "phục hồi dữ liệu từ một bản sao lưu (dữ liệu hiện tại được sao lưu trước)")
class Restore:
    @staticmethod
    def configure(p):
        add_data_dir(p)
        group = p.add_mutually_exclusive_group(required=True)
        group.add_argument("--list", action="store_true", help="liệt kê các bản sao lưu")
        group.add_argument("--latest", action="store_true", help="phục hồi bản sao lưu tốt mới nhất")
        group.add_argument("file", nargs="?", metavar="BẢN_SAO_LƯU",
                           help="tệp sao lưu (.sqlite) hoặc thư mục đã ghi bằng backup --out")

    @staticmethod
    def run(args):
        from ..services.startup import HealthState, check_workspace, cli_refusal

        paths = app_paths(args.data_dir)
        if args.list:
            backups = list_backups(paths)
            if not backups:
                print(f"Chưa có bản sao lưu nào trong {paths.backups_dir}.")
                return 0
            print(f"Các bản sao lưu trong {paths.backups_dir} (mới nhất trước):")
            for i, b in enumerate(backups, 1):
                print(_row(i, b))
            return 0
        health = check_workspace(paths)
        if health.state is HealthState.READ_ONLY:  # a damaged workspace is what restore is for
            raise CliError(cli_refusal(paths, health))
        try:
            if args.latest:
                source = newest_good_backup(paths)
                if source is None:
                    raise CliError(f"không có bản sao lưu dùng được trong {paths.backups_dir}")
            else:
                source = Path(args.file)
            plan = plan_restore(paths, source)
            for line in plan.lines():
                print(line)
            result = restore(paths, plan.backup)
        except OSError as exc:  # the folder became unwritable, the disk is full…: explain, never crash
            raise CliError(f"Chưa phục hồi được: không ghi được vào thư mục dữ liệu {paths.data_dir} "
                           f"({os_reason(exc)}). Dữ liệu hiện tại không bị thay đổi.") from None
        print(f"Đã phục hồi từ {result.restored.path}.")
        if result.undo_backup:
            print(f"Để hoàn tác: ebgov-desktop restore --data-dir \"{paths.data_dir}\" "
                  f"\"{result.undo_backup.path}\"")
        for p in result.kept_aside:
            print(f"Tệp dữ liệu hỏng được giữ lại: {p}")
        return 0

