"""The commune side of packages: the export of a period to a signed package on a USB stick (name,
preview, write, read back) and the folders offered for it."""

from __future__ import annotations

import datetime as _dt
import errno
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from ... import APP_NAME, __version__
from ...domain.periods import Period
from ...domain.rules import Finding
from ...domain.system_errors import os_reason
from ...exchange.errors import PackageError
from ...storage.atomic import atomic_write
from .. import keys
from ..revisions import current_revision, record_export
from ..snapshot import PeriodSnapshot
from ..workspace import Workspace
from .base import PACKAGE_SUFFIX, ExchangeError, schemas

# -- export ----------------------------------------------------------------------------------------

def package_file_name(dataset_or_unit, period: Period, revision: int) -> str:
    """``46_19894_2019_r1.ebgov``: province code, unit code, period, revision."""
    unit = getattr(dataset_or_unit, "unit", dataset_or_unit)
    province = unit.province_code or "00"
    return f"{province}_{unit.code}_{period}_r{revision}{PACKAGE_SUFFIX}"


@dataclass(frozen=True)
class ExportPreview:
    """What an export of ``period`` would do now (the window shows it before choosing the drive)."""

    period: Period
    revision: int
    digest: str
    already_exported: bool  # this exact data was exported before: same revision again
    file_name: str
    errors: list[Finding]
    fingerprint: str
    highest_sent: int = 0  # the highest revision ever sent for the period (kept beside the key)
    #: what the preview was made from: the export writes this very data
    snapshot: PeriodSnapshot | None = None

    @property
    def allowed(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ExportResult:
    path: Path
    revision: int
    digest: str
    size: int
    fingerprint: str


def export_preview(ws: Workspace, snap: PeriodSnapshot) -> ExportPreview:
    """What exporting the snapshot (``Workspace.snapshot``) would write; ``ws`` gives the signing key."""
    p, rev = snap.period, snap.revision
    return ExportPreview(
        period=p, revision=rev.number, digest=rev.digest, already_exported=rev.exported,
        file_name=package_file_name(snap.unit, p, rev.number), errors=snap.errors,
        fingerprint=keys.fingerprint(ws.paths), highest_sent=rev.highest_sent, snapshot=snap,
    )


def _errors_message(p: Period, errors: Sequence[Finding]) -> str:
    lines = "\n".join(f"- {f.message}" for f in errors)
    return (f"Chưa xuất được dữ liệu {p.label}: số liệu còn {len(errors)} lỗi. Hãy sửa các lỗi sau "
            f"rồi xuất lại:\n{lines}")


def _write_message(exc: OSError, target: Path) -> str:
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return (f"Ổ đĩa {target} đã đầy, không ghi được gói dữ liệu. Hãy xóa bớt tệp trên USB hoặc "
                "dùng USB khác rồi xuất lại.")
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (f"Không ghi được vào {target}: ổ đĩa chỉ cho đọc hoặc không có quyền ghi. Hãy gạt "
                "khóa chống ghi của USB hoặc chọn thư mục khác rồi xuất lại.")
    if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO, errno.ENOTDIR):
        return (f"Không tìm thấy ổ đĩa hoặc thư mục {target} (USB đã bị rút ra?). Hãy cắm lại USB "
                "rồi xuất lại.")
    return (f"Không ghi được gói dữ liệu vào {target}: {os_reason(exc)}. Hãy thử lại hoặc chọn "
            "thư mục khác.")


def export_package(ws: Workspace, snap: PeriodSnapshot, out_dir: str | os.PathLike, *,
                   now: _dt.datetime | None = None) -> ExportResult:
    """Write the signed package of the snapshot (``Workspace.snapshot``: the data and the decision the
    officer was shown) into ``out_dir``: temporary name, fsync, rename, read back and verify; only
    then is the revision recorded in ``ws``. Raises ``ExchangeError`` (Vietnamese)."""
    from ...exchange.package import build_package, read_package
    from ...exchange.signing import fingerprint

    p = snap.period
    errors = snap.errors
    if errors:
        raise ExchangeError(_errors_message(p, errors), errors)
    dataset = snap.dataset
    # the revision again, from what is recorded now (another export may have happened since)
    rev = current_revision(ws, p, dataset)
    try:
        private = keys.private_key(ws.paths)
    except keys.KeyFileError as exc:
        raise ExchangeError(str(exc)) from None
    created = (now or _dt.datetime.now().astimezone()).replace(microsecond=0).isoformat()
    raw = build_package(dataset, revision=rev.number, private_key=private, program=APP_NAME,
                        program_version=__version__, created_at=created)

    target = Path(out_dir)
    if not target.is_dir():
        raise ExchangeError(_write_message(OSError(errno.ENOENT, "not found"), target))
    final = target / package_file_name(dataset, p, rev.number)
    read_back = []

    def check(path: Path) -> None:
        back = path.read_bytes()
        if back != raw:
            raise PackageError("nội dung đọc lại khác nội dung đã ghi")
        verified = read_package(back, schemas=schemas())
        if verified.digest != rev.digest:
            raise PackageError("mã băm đọc lại không khớp")
        read_back.append(verified)

    try:
        atomic_write(final, data=raw, check=check)
    except OSError as exc:
        raise ExchangeError(_write_message(exc, target)) from None
    except PackageError as exc:
        raise ExchangeError(f"Đọc lại tệp vừa ghi trên {target} thấy sai ({exc.reason}); ổ USB có thể "
                            "bị lỗi. Tệp đã được xóa; hãy thử USB khác.") from None
    record_export(ws, p, rev.digest, rev.number)
    return ExportResult(path=final, revision=rev.number, digest=rev.digest, size=len(raw),
                        fingerprint=fingerprint(read_back[0].public_key))


# -- target folders --------------------------------------------------------------------------------

@dataclass(frozen=True)
class TargetDir:
    path: Path
    label: str  # Vietnamese, for the window's list
    removable: bool


def _windows_removable_drives() -> list[Path]:  # pragma: no cover - Windows only
    import ctypes
    import string

    kernel32 = ctypes.windll.kernel32
    mask = kernel32.GetLogicalDrives()
    drives = []
    for i, letter in enumerate(string.ascii_uppercase):
        if mask & (1 << i):
            root = f"{letter}:\\"
            if kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) == 2:  # DRIVE_REMOVABLE
                drives.append(Path(root))
    return drives


def _mounted_under(roots: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        try:
            children = sorted(root.iterdir())
        except OSError:
            continue
        for child in children:
            try:
                if not child.is_dir():
                    continue
                if os.path.ismount(child):
                    found.append(child)
                    continue
                # /media/<user>/<label>, /run/media/<user>/<label>
                for sub in sorted(child.iterdir()):
                    if sub.is_dir() and os.path.ismount(sub):
                        found.append(sub)
            except OSError:
                continue
    return found


def candidate_target_dirs(*, home: Path | None = None,
                          mount_roots: Sequence[Path] | None = None) -> list[TargetDir]:
    """Folders to offer for an export: removable drives first, then the user's usual folders."""
    out: list[TargetDir] = []
    if sys.platform == "win32":  # pragma: no cover - Windows only
        removable = _windows_removable_drives()
    else:
        roots = mount_roots if mount_roots is not None else (
            [Path("/Volumes")] if sys.platform == "darwin" else [Path("/media"), Path("/run/media")])
        removable = _mounted_under(roots)
    for path in removable:
        out.append(TargetDir(path, f"Ổ đĩa rời (USB): {path}", True))
    home = home or Path.home()
    for name, label in (("Desktop", "Màn hình nền"), ("Documents", "Tài liệu")):
        if (home / name).is_dir():
            out.append(TargetDir(home / name, f"{label}: {home / name}", False))
    out.append(TargetDir(home, f"Thư mục của người dùng: {home}", False))
    return out
