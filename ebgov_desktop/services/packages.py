"""USB packages: export a period (commune), import packages (superior level), keys and target folders.

The window ("Xuất dữ liệu ra USB…", "Nhập gói dữ liệu…") and the command line call only these
functions. Long work takes a ``domain.tasks.TaskState``, as every background job of the program does
(progress per package; the cancel flag is polled between packages and inside the package being read;
each package is all or nothing, so a cancel never leaves half of one).
"""

from __future__ import annotations

import datetime as _dt
import errno
import json
import logging
import os
import sys
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .. import APP_NAME, __version__
from ..domain.dataset import Dataset
from ..domain.periods import Period
from ..domain.rules import Finding
from ..domain.system_errors import os_reason
from ..domain.tasks import TaskState
from ..exchange.errors import PackageError, ReadCancelled
from ..storage.atomic import atomic_write
from ..storage.packages import CONFLICT, CURRENT, PackageRecord, PackageRepository, PinnedKey
from . import keys
from .paths import resource
from .revisions import current_revision, record_export
from .workspace import Workspace, WorkspaceError

__all__ = [
    "PACKAGE_SUFFIX",
    "ExchangeError",
    "ExportPreview",
    "ExportResult",
    "TargetDir",
    "Outcome",
    "ImportResult",
    "ImportReport",
    "package_file_name",
    "export_preview",
    "export_package",
    "candidate_target_dirs",
    "collect_package_files",
    "import_packages",
    "accept_key",
    "pinned_keys",
    "list_packages",
    "package_dataset",
    "make_current",
    "accept_key_of_file",
]

PACKAGE_SUFFIX = ".ebgov"
_log = logging.getLogger(__name__)
CancelHook = Callable[[], bool]


class ExchangeError(WorkspaceError):
    """An export or import that cannot be done; a Vietnamese message saying what to do.

    ``errors`` holds the rule errors when an export is refused because of them.
    """

    def __init__(self, message: str, errors: Sequence[Finding] = ()):
        super().__init__(message)
        self.errors = list(errors)


@lru_cache(maxsize=1)
def schemas():
    from ..exchange.package import Schemas

    def load(name: str) -> dict:
        return json.loads(resource("schema", name).read_text(encoding="utf-8"))

    return Schemas(manifest=load("manifest-v1.schema.json"), data=load("data-v1.schema.json"))


# -- export ----------------------------------------------------------------------------------------

def package_file_name(dataset_or_unit, period: Period | str, revision: int) -> str:
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


def export_preview(ws: Workspace, period: Period | str) -> ExportPreview:
    p = ws.require_period(period)
    rev = current_revision(ws, p)
    return ExportPreview(
        period=p, revision=rev.number, digest=rev.digest, already_exported=rev.exported,
        file_name=package_file_name(ws.require_unit(), p, rev.number), errors=ws.errors(p),
        fingerprint=keys.fingerprint(ws.paths),
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


def export_package(ws: Workspace, period: Period | str, out_dir: str | os.PathLike, *,
                   now: _dt.datetime | None = None) -> ExportResult:
    """Write the signed package of ``period`` into ``out_dir``: temporary name, fsync, rename, read
    back and verify; only then is the revision recorded. Raises ``ExchangeError`` (Vietnamese)."""
    from ..exchange.package import build_package, read_package
    from ..exchange.signing import fingerprint

    p = ws.require_period(period)
    errors = ws.errors(p)
    if errors:
        raise ExchangeError(_errors_message(p, errors), errors)
    dataset = ws.dataset(p)
    rev = current_revision(ws, p)
    if rev.digest != dataset.digest():  # pragma: no cover - the same data read twice
        raise ExchangeError("Dữ liệu vừa thay đổi trong khi xuất. Hãy xuất lại.")
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


# -- import ----------------------------------------------------------------------------------------

class Outcome(str, Enum):
    NEW = "new"
    IDENTICAL = "identical"
    NEWER = "newer"
    OLDER = "older"
    CONFLICT = "conflict"
    WRONG_KEY = "wrong_key"
    INVALID = "invalid"

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]

    @property
    def refused(self) -> bool:
        return self in (Outcome.OLDER, Outcome.WRONG_KEY, Outcome.INVALID)

    @property
    def stored(self) -> bool:
        """A package record is (or, in a dry run, would be) written."""
        return self in (Outcome.NEW, Outcome.NEWER, Outcome.CONFLICT)


_OUTCOME_LABELS = {
    Outcome.NEW: "Mới",
    Outcome.IDENTICAL: "Đã có, không thay đổi",
    Outcome.NEWER: "Lần gửi mới hơn, thay bản cũ",
    Outcome.OLDER: "Lần gửi cũ hơn, từ chối",
    Outcome.CONFLICT: "Xung đột, để riêng chờ xem xét",
    Outcome.WRONG_KEY: "Sai khóa ký, từ chối",
    Outcome.INVALID: "Không hợp lệ, từ chối",
}


@dataclass(frozen=True)
class ImportResult:
    file: Path
    outcome: Outcome
    reason: str = ""  # Vietnamese; empty for a plain new import
    unit_code: str = ""
    unit_name: str = ""
    period: str = ""
    revision: int | None = None
    package_id: int | None = None
    public_key: str = ""  # of the package (for accept_key after WRONG_KEY)
    fingerprint: str = ""
    pinned_fingerprint: str = ""
    needs_update: bool = False  # made by a newer program: "cần cập nhật phần mềm"

    @property
    def message(self) -> str:
        """``tệp: lý do`` — every refusal names the file and the reason."""
        return f"{self.file.name}: {self.outcome.label}" + (f" — {self.reason}" if self.reason else "")


@dataclass
class ImportReport:
    results: list[ImportResult] = field(default_factory=list)
    dry_run: bool = False
    cancelled: bool = False

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome is outcome)

    @property
    def refused(self) -> list[ImportResult]:
        return [r for r in self.results if r.outcome.refused]

    @property
    def summary(self) -> str:
        parts = [f"{self.count(o)} {o.label.lower()}" for o in Outcome if self.count(o)]
        head = "Chạy thử (không thay đổi dữ liệu): " if self.dry_run else ""
        tail = " Đã dừng theo yêu cầu." if self.cancelled else ""
        return f"{head}{len(self.results)} tệp: " + ", ".join(parts) + "." + tail


def collect_package_files(sources: Iterable[str | os.PathLike]) -> list[Path]:
    """Files given, and every ``*.ebgov`` under folders given (sorted), each once."""
    seen: set[Path] = set()
    out: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() == PACKAGE_SUFFIX
                           and p.is_file())
        else:
            found = [path]
        for p in found:
            key = p.resolve() if p.exists() else p
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out


class _DryRun(Exception):
    pass


def _read_file(path: Path) -> bytes:
    from ..exchange.container import MAX_PACKAGE_BYTES

    try:
        if path.exists() and not path.is_file() and not path.is_dir():
            raise PackageError("không phải tệp thường (thiết bị, ống dẫn…); không đọc")
        with open(path, "rb") as fh:
            raw = fh.read(MAX_PACKAGE_BYTES + 1)
    except FileNotFoundError:
        raise PackageError("không tìm thấy tệp") from None
    except IsADirectoryError:
        raise PackageError("đây là thư mục, không phải tệp gói dữ liệu") from None
    except PermissionError:
        raise PackageError("không có quyền đọc tệp") from None
    except OSError as exc:
        raise PackageError(f"không đọc được tệp ({os_reason(exc)}); USB có thể đã bị rút ra") \
            from None
    if len(raw) > MAX_PACKAGE_BYTES:
        raise PackageError(f"tệp quá lớn (hơn {MAX_PACKAGE_BYTES:,} byte); không phải gói dữ liệu hợp lệ")
    return raw


def _classify(repo: PackageRepository, pkg) -> tuple[Outcome, str, PackageRecord | None]:
    """Against what is stored for the unit and period: (outcome, reason, the current record)."""
    records = repo.for_unit_period(pkg.unit_code, pkg.period)
    current = next((r for r in records if r.status == CURRENT), None)
    if not records:
        return Outcome.NEW, "", None
    same = [r for r in records if r.payload_sha256 == pkg.digest]
    if current is not None and current.payload_sha256 == pkg.digest:
        return Outcome.IDENTICAL, f"đã nhập trước đó (lần gửi {current.revision}), không thay đổi gì", \
            current
    if any(r.revision == pkg.revision for r in same):
        r = next(r for r in same if r.revision == pkg.revision)
        where = "đang để riêng (xung đột)" if r.status == CONFLICT else "đã có, là bản cũ"
        return Outcome.IDENTICAL, f"gói này {where}, không thay đổi gì", current
    if current is None:  # only conflicts or superseded ones left (cannot happen via import alone)
        return Outcome.NEW, "", None
    if pkg.revision > current.revision:
        return Outcome.NEWER, f"thay cho lần gửi {current.revision} (bản cũ vẫn được giữ)", current
    if pkg.revision < current.revision:
        return Outcome.OLDER, (f"lần gửi {pkg.revision} cũ hơn lần gửi {current.revision} đã nhập; "
                               "không nhập đè"), current
    return Outcome.CONFLICT, (f"cùng lần gửi {pkg.revision} nhưng số liệu khác bản đã nhập; đã để "
                              "riêng, hãy hỏi lại đơn vị gửi rồi chọn bản đúng"), current


def _read_verified(path: Path, cancelled: CancelHook | None = None):
    """The checked package of a file; ``PackageError`` if refused. Each file stands alone: anything
    unforeseen while reading one is its refusal (logged in full), never the end of the import."""
    from ..exchange.package import read_package

    raw = _read_file(path)
    try:
        return read_package(raw, schemas=schemas(), cancelled=cancelled)
    except (PackageError, ReadCancelled):
        raise
    except Exception:  # noqa: BLE001 - a hostile file must never stop the files after it
        _log.exception("unforeseen error reading package %s", path)
        raise PackageError("tệp có nội dung chương trình không đọc được (lỗi đã ghi vào nhật ký); "
                           "không nhập") from None


def _import_one(ws: Workspace, repo: PackageRepository, path: Path, *, write: bool,
                cancelled: CancelHook | None = None) -> ImportResult:
    from ..exchange.signing import fingerprint

    name = path.name
    try:
        pkg = _read_verified(path, cancelled)
    except PackageError as exc:
        result = ImportResult(path, Outcome.INVALID, exc.reason, needs_update=exc.needs_update)
        if write:
            with ws.store.transaction():
                repo.log(file_name=name, outcome=result.outcome.value, reason=result.reason)
        return result
    common = dict(unit_code=pkg.unit_code, unit_name=pkg.unit_name, period=pkg.period,
                  revision=pkg.revision, public_key=pkg.public_key,
                  fingerprint=fingerprint(pkg.public_key))
    with ws.store.transaction():
        pinned = repo.pinned_key(pkg.unit_code)
        if pinned is not None and pinned.public_key != pkg.public_key:
            result = ImportResult(
                path, Outcome.WRONG_KEY,
                f"gói được ký bằng khóa {common['fingerprint']}, khác khóa đã ghi nhận của đơn vị "
                f"{pkg.unit_code} ({pinned.fingerprint}). Hãy gọi điện cho đơn vị để đối chiếu mã khóa; "
                "nếu đúng, chấp nhận khóa mới rồi nhập lại.",
                pinned_fingerprint=pinned.fingerprint, **common)
        else:
            outcome, reason, current = _classify(repo, pkg)
            package_id = None
            if outcome.stored:
                if pinned is None:
                    repo.pin_key(pkg.unit_code, pkg.public_key, common["fingerprint"], how="first_use")
                if outcome is Outcome.NEWER:  # first, so that one current row exists at any time
                    repo.supersede(current.id, None)
                package_id = repo.insert(
                    manifest=pkg.manifest, manifest_json=_canonical(pkg.manifest), payload=pkg.payload,
                    status=CONFLICT if outcome is Outcome.CONFLICT else CURRENT, file_name=name)
                if outcome is Outcome.NEWER:
                    repo.supersede(current.id, package_id)
            elif current is not None and outcome is Outcome.IDENTICAL:
                package_id = current.id
            result = ImportResult(path, outcome, reason, package_id=package_id,
                                  pinned_fingerprint=pinned.fingerprint if pinned else "", **common)
        repo.log(file_name=name, outcome=result.outcome.value, reason=result.reason,
                 unit_code=pkg.unit_code, period=pkg.period, revision=pkg.revision,
                 package_id=result.package_id if result.outcome.stored else None)
    return result


def _canonical(manifest: dict) -> bytes:
    from ..domain.dataset import canonical_json

    return canonical_json(manifest)


def import_packages(ws: Workspace, sources: Iterable[str | os.PathLike], *, dry_run: bool = False,
                    state: TaskState | None = None, backup: bool = True) -> ImportReport:
    """Import package files (and the ``*.ebgov`` in folders), each in one transaction.

    A real import first backs the workspace up (``Reason.BEFORE_IMPORT``; ``backup=False`` skips it).

    ``dry_run`` classifies exactly as a real import would (the same code runs inside a transaction
    that is rolled back), so the same file twice shows "new" then "identical", and nothing changes.
    """
    from .superior.common import require_superior

    require_superior(ws, "Nhập gói dữ liệu")
    files = collect_package_files(sources)
    report = ImportReport(dry_run=dry_run)
    repo = PackageRepository(ws.store)
    if files and not dry_run and backup:
        from .backup import BackupError, Reason, backup_now

        try:
            backup_now(ws.paths, Reason.BEFORE_IMPORT, store=ws.store)
        except BackupError as exc:
            raise ExchangeError(f"Chưa nhập gói dữ liệu nào: {exc}") from None

    cancelled = (lambda: state.cancelled) if state is not None else None

    def run() -> None:
        for i, path in enumerate(files):
            if state is not None and state.cancelled:
                report.cancelled = True
                return
            if state is not None:
                state.set_progress(i, len(files), path.name)
            try:
                report.results.append(_import_one(ws, repo, path, write=True, cancelled=cancelled))
            except ReadCancelled:
                report.cancelled = True
                return
        if state is not None:
            state.set_progress(len(files), len(files), "")

    if not dry_run:
        run()
        return report
    try:
        with ws.store.transaction():
            run()
            raise _DryRun
    except _DryRun:
        pass
    return report


# -- superior-level queries and officer decisions --------------------------------------------------

def accept_key(ws: Workspace, unit_code: str, public_key: str) -> PinnedKey:
    """The officer checked the new key's fingerprint by phone: pin it for the unit (old one kept)."""
    from ..exchange.signing import fingerprint

    if len(public_key) != 64 or any(c not in "0123456789abcdef" for c in public_key):
        raise ExchangeError("Khóa công khai không hợp lệ (cần 64 ký tự hex).")
    repo = PackageRepository(ws.store)
    with ws.store.transaction():
        repo.pin_key(unit_code, public_key, fingerprint(public_key), how="accepted")
        repo.log(file_name="", outcome="key_accepted", unit_code=unit_code,
                 reason=f"chấp nhận khóa mới {fingerprint(public_key)}")
    return repo.pinned_key(unit_code)


def pinned_keys(ws: Workspace) -> list[PinnedKey]:
    return PackageRepository(ws.store).pinned_keys()


def list_packages(ws: Workspace, *, period: Period | str | None = None, status: str | None = None,
                  unit_code: str | None = None) -> list[PackageRecord]:
    return PackageRepository(ws.store).list(period=str(period) if period else None, status=status,
                                            unit_code=unit_code)


def package_dataset(ws: Workspace, package_id: int) -> Dataset:
    """The commune's dataset as imported: same canonical JSON, hence the same digest as its PDF."""
    return Dataset.from_json(PackageRepository(ws.store).data(package_id))


def make_current(ws: Workspace, package_id: int) -> None:
    """The officer resolved a conflict: this package becomes the current one (the other is kept)."""
    repo = PackageRepository(ws.store)
    with ws.store.transaction():
        record = repo.get(package_id)
        repo.make_current(package_id)
        repo.log(file_name=record.file_name, outcome="made_current", unit_code=record.unit_code,
                 period=record.period, revision=record.revision, package_id=package_id)


def _norm_fingerprint(text: str) -> str:
    return "".join(c for c in text.upper() if c in "0123456789ABCDEF")


def accept_key_of_file(ws: Workspace, path: str | os.PathLike, heard_fingerprint: str) -> PinnedKey:
    """Accept the key a package was signed with, if its fingerprint is the one read out by phone."""
    from .superior.common import require_superior

    require_superior(ws, "Nhận khóa ký của gói dữ liệu")
    path = Path(path)
    try:
        pkg = _read_verified(path)
    except PackageError as exc:
        raise ExchangeError(f"{path.name}: {exc.reason}") from None
    if _norm_fingerprint(heard_fingerprint) != _norm_fingerprint(pkg.fingerprint):
        raise ExchangeError(
            f"Mã khóa vừa nhập ({heard_fingerprint}) khác mã khóa của gói {path.name} "
            f"({pkg.fingerprint}). Không chấp nhận; hãy đối chiếu lại với đơn vị gửi.")
    return accept_key(ws, pkg.unit_code, pkg.public_key)
