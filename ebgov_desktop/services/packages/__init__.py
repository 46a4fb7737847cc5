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

from ... import APP_NAME, __version__
from ...domain.dataset import Dataset
from ...domain.periods import Period
from ...domain.rules import Finding
from ...domain.system_errors import os_reason
from ...domain.tasks import TaskState
from ...exchange.errors import PackageError, ReadCancelled
from ...storage.atomic import atomic_write
from ...storage.packages import CONFLICT, CURRENT, PackageRecord, PackageRepository, PinnedKey
from .. import keys
from ..paths import resource
from ..revisions import current_revision, record_export
from ..workspace import Workspace, WorkspaceError

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
    "KeyAcceptance",
    "refuse_key",
    "set_listed_fingerprints",
    "key_history",
    "key_history_lines",
    "DECISION_LABELS",
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
    from ...exchange.package import Schemas

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
    highest_sent: int = 0  # the highest revision ever sent for the period (kept beside the key)

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
        fingerprint=keys.fingerprint(ws.paths), highest_sent=rev.highest_sent,
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
    from ...exchange.package import build_package, read_package
    from ...exchange.signing import fingerprint

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

    @property
    def recorded(self) -> bool:
        """The import writes something for it: the package, or (another key) the package kept aside
        with its key waiting for the officer's confirmation."""
        return self.stored or self is Outcome.WRONG_KEY


_OUTCOME_LABELS = {
    Outcome.NEW: "Mới",
    Outcome.IDENTICAL: "Đã có, không thay đổi",
    Outcome.NEWER: "Lần gửi mới hơn, thay bản cũ",
    Outcome.OLDER: "Lần gửi cũ hơn, từ chối",
    Outcome.CONFLICT: "Xung đột, để riêng chờ xem xét",
    Outcome.WRONG_KEY: "Khóa mới — cần xác nhận",
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
    #: the unit's key after this package: "confirmed", "unconfirmed" ("chưa xác nhận") or ""
    key_state: str = ""
    #: other units this package's key is already pinned to (flagged)
    other_units: tuple[str, ...] = ()

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
    from ...exchange.container import MAX_PACKAGE_BYTES

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


def _read_verified(path: Path, cancelled: CancelHook | None = None, *, raw: bytes | None = None):
    """The checked package of a file; ``PackageError`` if refused. Each file stands alone: anything
    unforeseen while reading one is its refusal (logged in full), never the end of the import."""
    from ...exchange.package import read_package

    if raw is None:
        raw = _read_file(path)
    try:
        return read_package(raw, schemas=schemas(), cancelled=cancelled)
    except (PackageError, ReadCancelled):
        raise
    except Exception:  # noqa: BLE001 - a hostile file must never stop the files after it
        _log.exception("unforeseen error reading package %s", path)
        raise PackageError("tệp có nội dung chương trình không đọc được (lỗi đã ghi vào nhật ký); "
                           "không nhập") from None


def _classify(repo: PackageRepository, pkg) -> tuple[Outcome, str, PackageRecord | None]:
    """Against what is stored for the unit and period **under the same key** (revisions are ordered
    within one key): (outcome, reason, the current record of that key)."""
    records = [r for r in repo.for_unit_period(pkg.unit_code, pkg.period) if r.public_key == pkg.public_key]
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
    if current is None:  # only conflicts or superseded ones of this key left
        return Outcome.NEW, "", None
    if pkg.revision > current.revision:
        return Outcome.NEWER, f"thay cho lần gửi {current.revision} (bản cũ vẫn được giữ)", current
    if pkg.revision < current.revision:
        return Outcome.OLDER, (f"lần gửi {pkg.revision} cũ hơn lần gửi {current.revision} đã nhập; "
                               "không nhập đè"), current
    return Outcome.CONFLICT, (f"cùng lần gửi {pkg.revision} nhưng số liệu khác bản đã nhập; đã để "
                              "riêng, hãy hỏi lại đơn vị gửi rồi chọn bản đúng"), current


def _same_fingerprint(a: str, b: str) -> bool:
    return bool(a) and _norm_fingerprint(a) == _norm_fingerprint(b)


def _flag(others: Sequence[str]) -> str:
    return (f"CHÚ Ý: khóa này đã được ghi nhận cho đơn vị khác ({', '.join(others)}); một đơn vị không "
            "dùng khóa của đơn vị khác" if others else "")


def _store(repo: PackageRepository, pkg, outcome: Outcome, current: PackageRecord | None,
           name: str) -> int:
    """Write the package (all inside the caller's transaction)."""
    other = repo.current(pkg.unit_code, pkg.period)
    if other is not None and other.public_key != pkg.public_key and outcome is not Outcome.CONFLICT:
        repo.supersede(other.id, None)  # a retired key's package: this key's is the unit's now
    else:
        other = None
    if outcome is Outcome.NEWER:  # first, so that one current row exists at any time
        repo.supersede(current.id, None)
    package_id = repo.insert(
        manifest=pkg.manifest, manifest_json=_canonical(pkg.manifest), payload=pkg.payload,
        status=CONFLICT if outcome is Outcome.CONFLICT else CURRENT, file_name=name)
    for old in (current if outcome is Outcome.NEWER else None, other):
        if old is not None:
            repo.supersede(old.id, package_id)
    return package_id


def _import_verified(ws: Workspace, repo: PackageRepository, path: Path, raw: bytes, pkg) -> ImportResult:
    """The import of one checked package, inside the caller's transaction: the key first (pinned,
    confirmed, or another one waiting for the officer), then the package against those of its key."""
    from ...exchange.signing import fingerprint
    from ...storage.superior import SuperiorRepository

    name = path.name
    fp = fingerprint(pkg.public_key)
    common = dict(unit_code=pkg.unit_code, unit_name=pkg.unit_name, period=pkg.period,
                  revision=pkg.revision, public_key=pkg.public_key, fingerprint=fp)
    pinned = repo.pinned_key(pkg.unit_code)
    listed = repo.listed_fingerprint(pkg.unit_code)
    others = tuple(u for u in repo.units_of_key(pkg.public_key) if u != pkg.unit_code)
    flag = _flag(others)

    def hold(kind: str, against: str, reason: str) -> ImportResult:
        SuperiorRepository(ws.store).add_key_change(
            unit_code=pkg.unit_code, period=pkg.period, revision=pkg.revision,
            public_key=pkg.public_key, fingerprint=fp, file_path=str(path.resolve()), kind=kind,
            pinned_fingerprint=against, other_units=",".join(others), package=raw)
        repo.decide(pkg.unit_code, fp, "held", f"gói {name} (kỳ {pkg.period}, lần gửi {pkg.revision})"
                    f" chờ xác nhận khóa; khóa đang ghi nhận: {against or 'chưa có'}")
        return ImportResult(path, Outcome.WRONG_KEY, "; ".join(x for x in (reason, flag) if x),
                            pinned_fingerprint=against, key_state="unconfirmed", other_units=others,
                            **common)

    if pinned is not None and pinned.public_key != pkg.public_key:
        state = "" if pinned.confirmed else " (khóa đó cũng chưa được xác nhận)"
        return hold("changed", pinned.fingerprint,
                    f"khóa mới {fp}, khác khóa đã ghi nhận của đơn vị {pkg.unit_code}: "
                    f"{pinned.fingerprint}{state}. Gói được giữ lại, chưa tính; hãy gọi điện cho đơn "
                    "vị đối chiếu mã khóa rồi chấp nhận khóa mới (hoặc từ chối)")
    if pinned is None and listed and not _same_fingerprint(listed, fp):
        return hold("list_mismatch", listed,
                    f"khóa mới {fp}, khác mã khóa trong danh sách đơn vị ({listed}). Gói được giữ lại, "
                    "chưa tính; hãy gọi điện cho đơn vị đối chiếu mã khóa")
    outcome, reason, current = _classify(repo, pkg)
    package_id = None
    key_state = "confirmed" if pinned is not None and pinned.confirmed else "unconfirmed"
    if outcome.stored:
        if pinned is None:
            by_list = _same_fingerprint(listed, fp) and not others
            repo.pin_key(pkg.unit_code, pkg.public_key, fp, how="first_use",
                         confirmed_how="list" if by_list else "")
            repo.decide(pkg.unit_code, fp, "first_seen", f"gói đầu tiên: {name}")
            if by_list:
                repo.decide(pkg.unit_code, fp, "confirmed", "khớp mã khóa trong danh sách đơn vị")
                key_state = "confirmed"
            if others:
                repo.decide(pkg.unit_code, fp, "flagged", flag)
        package_id = _store(repo, pkg, outcome, current, name)
    elif current is not None and outcome is Outcome.IDENTICAL:
        package_id = current.id
    if key_state == "unconfirmed" and outcome.stored:
        SuperiorRepository(ws.store).add_key_change(
            unit_code=pkg.unit_code, period=pkg.period, revision=pkg.revision,
            public_key=pkg.public_key, fingerprint=fp, file_path=str(path.resolve()),
            kind="first_contact", other_units=",".join(others), package=raw)
        reason = "; ".join(x for x in (reason, f"khóa {fp} chưa xác nhận: chưa tính là đã báo cáo cho tới "
                                       "khi đối chiếu mã khóa qua điện thoại", flag) if x)
    return ImportResult(path, outcome, reason, package_id=package_id,
                        pinned_fingerprint=pinned.fingerprint if pinned else "", key_state=key_state,
                        other_units=others, **common)


def _import_one(ws: Workspace, repo: PackageRepository, path: Path, *, write: bool,
                cancelled: CancelHook | None = None, raw: bytes | None = None) -> ImportResult:
    name = path.name
    try:
        if raw is None:
            raw = _read_file(path)
        pkg = _read_verified(path, cancelled, raw=raw)
    except PackageError as exc:
        result = ImportResult(path, Outcome.INVALID, exc.reason, needs_update=exc.needs_update)
        if write:
            with ws.store.transaction():
                repo.log(file_name=name, outcome=result.outcome.value, reason=result.reason)
        return result
    with ws.store.transaction():
        result = _import_verified(ws, repo, path, raw, pkg)
        repo.log(file_name=name, outcome=result.outcome.value, reason=result.reason,
                 unit_code=pkg.unit_code, period=pkg.period, revision=pkg.revision,
                 package_id=result.package_id if result.outcome.stored else None)
    return result


def _canonical(manifest: dict) -> bytes:
    from ...domain.dataset import canonical_json

    return canonical_json(manifest)


def import_packages(ws: Workspace, sources: Iterable[str | os.PathLike], *, dry_run: bool = False,
                    state: TaskState | None = None, backup: bool = True,
                    learn: bool = False) -> ImportReport:
    """Import package files (and the ``*.ebgov`` in folders), each in one transaction. The one import
    of the program: the window, ``ebgov-desktop import`` and the benches call it with the same
    arguments, so a package gives the same records whichever way it came in.

    Per package, in its transaction: the key (first contact pinned "chưa xác nhận", or confirmed from
    the list of fingerprints; another key kept aside with the package, waiting for the officer), the
    package against those of the same key, the import log. After a real import: the check (warnings)
    of each new package and, with ``learn``, new senders added to the expected list.

    A real import first backs the workspace up (``Reason.BEFORE_IMPORT``; ``backup=False`` skips it).
    ``dry_run`` classifies exactly as a real import would (the same code runs inside a transaction
    that is rolled back), so the same file twice shows "new" then "identical", and nothing changes.
    """
    from ..superior.common import require_superior

    require_superior(ws, "Nhập gói dữ liệu")
    files = collect_package_files(sources)
    report = ImportReport(dry_run=dry_run)
    repo = PackageRepository(ws.store)
    if files and not dry_run and backup:
        from ..backup import BackupError, Reason, backup_now

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
        _after_import(ws, learn=learn)
        return report
    try:
        with ws.store.transaction():
            run()
            raise _DryRun
    except _DryRun:
        pass
    return report


def _after_import(ws: Workspace, *, learn: bool = False) -> None:
    from ..superior.packages import check_packages
    from ..superior.units import learn_expected

    check_packages(ws)
    if learn:
        learn_expected(ws)


# -- keys: the officer's decisions -----------------------------------------------------------------

@dataclass(frozen=True)
class KeyAcceptance:
    key: PinnedKey
    report: ImportReport  # the packages kept aside for this key, taken in now


def accept_key(ws: Workspace, unit_code: str, public_key: str, *, note: str = "") -> KeyAcceptance:
    """The officer confirmed the key's fingerprint by phone: it becomes the unit's confirmed key.

    Revisions are ordered within one key: whatever another key of the unit sent stops being current,
    its waiting packages are refused, and the packages kept aside for this key are taken in (each
    becomes current whatever its revision). The decision is kept in the unit's key history."""
    from ...exchange.signing import fingerprint, key_problem
    from ...storage.superior import SuperiorRepository

    problem = key_problem(public_key)
    if problem:
        raise ExchangeError(f"Không chấp nhận khóa: {problem}.")
    fp = fingerprint(public_key)
    repo = PackageRepository(ws.store)
    sup_repo = SuperiorRepository(ws.store)
    note = note or "đã đối chiếu mã khóa qua điện thoại"
    with ws.store.transaction():
        pinned = repo.pinned_key(unit_code)
        if pinned is not None and pinned.public_key == public_key:
            repo.confirm_key(unit_code, "phone")
            repo.decide(unit_code, fp, "confirmed", note)
        else:
            if pinned is not None:
                repo.decide(unit_code, pinned.fingerprint, "retired", f"đơn vị đã chuyển sang khóa {fp}")
            repo.pin_key(unit_code, public_key, fp, how="accepted", confirmed_how="phone")
            repo.decide(unit_code, fp, "accepted", note)
        held = []
        for kc in sup_repo.open_key_changes_of(unit_code):
            if kc.public_key != public_key:
                repo.decide(unit_code, kc.fingerprint, "refused",
                            f"gói kỳ {kc.period}, lần gửi {kc.revision}: đơn vị đã xác nhận khóa {fp}")
            elif kc.kind != "first_contact":
                held.append((kc, sup_repo.key_change_package(kc.id)))
        sup_repo.resolve_key_changes(unit_code, public_key, "accepted")
        sup_repo.resolve_key_changes(unit_code, None, "superseded")
        repo.supersede_other_keys(unit_code, public_key)
        repo.log(file_name="", outcome="key_accepted", unit_code=unit_code,
                 reason=f"chấp nhận khóa {fp} ({note})")
    report = ImportReport()
    for kc, raw in held:
        if raw is not None:
            report.results.append(_import_one(ws, repo, Path(kc.file_path), write=True, raw=raw))
    _after_import(ws)
    return KeyAcceptance(repo.pinned_key(unit_code), report)


def refuse_key(ws: Workspace, unit_code: str, public_key: str, *, note: str = "") -> None:
    """The officer could not confirm the key: its waiting packages stay refused; if it was the unit's
    unconfirmed first key, it is unpinned and its packages stop being current."""
    from ...exchange.signing import fingerprint
    from ...storage.superior import SuperiorRepository

    fp = fingerprint(public_key)
    repo = PackageRepository(ws.store)
    sup_repo = SuperiorRepository(ws.store)
    with ws.store.transaction():
        pinned = repo.pinned_key(unit_code)
        if pinned is not None and pinned.public_key == public_key and not pinned.confirmed:
            repo.retire_key(unit_code)
            repo.supersede_other_keys(unit_code, "")
        repo.decide(unit_code, fp, "refused", note or "không xác nhận được qua điện thoại")
        sup_repo.resolve_key_changes(unit_code, public_key, "rejected")


def set_listed_fingerprints(ws: Workspace, fingerprints: dict[str, str]) -> list[str]:
    """The fingerprints received with the list of expected units (code → fingerprint). A unit whose
    unconfirmed key matches is confirmed; one whose key differs is noted in its history. Returns the
    codes confirmed now."""
    from ...storage.superior import SuperiorRepository

    repo = PackageRepository(ws.store)
    sup_repo = SuperiorRepository(ws.store)
    confirmed = []
    with ws.store.transaction():
        for code, fp in fingerprints.items():
            if not fp:
                continue
            repo.set_listed_fingerprint(code, fp)
            pinned = repo.pinned_key(code)
            if pinned is None or pinned.confirmed:
                continue
            if _same_fingerprint(fp, pinned.fingerprint) and not repo.units_of_key(pinned.public_key)[1:]:
                repo.confirm_key(code, "list")
                repo.decide(code, pinned.fingerprint, "confirmed", "khớp mã khóa trong danh sách đơn vị")
                sup_repo.resolve_key_changes(code, pinned.public_key, "accepted")
                confirmed.append(code)
            elif not _same_fingerprint(fp, pinned.fingerprint):
                repo.decide(code, pinned.fingerprint, "mismatch",
                            f"khác mã khóa trong danh sách đơn vị ({fp}); chưa xác nhận")
    return confirmed


def key_history(ws: Workspace, unit_code: str | None = None):
    """Every decision on a unit's keys (or all units'), oldest first: ``KeyDecision`` rows."""
    return PackageRepository(ws.store).decisions(unit_code)


def key_history_lines(ws: Workspace, unit_code: str) -> list[str]:
    """The unit's key history as the window and ``ebgov-desktop key-history`` show it, oldest first:
    ``29/11/2026 09:30 — xác nhận khóa 46C0-794F-…: đã đối chiếu mã khóa qua điện thoại``."""
    out = []
    for d in key_history(ws, unit_code):
        day, _, time = d.at.partition("T")
        y, m, dd = day.split("-") if day.count("-") == 2 else ("", "", "")
        when = f"{dd}/{m}/{y} {time[:5]}".strip() if y else d.at
        label = DECISION_LABELS.get(d.decision, d.decision)
        out.append(f"{when} — {label} {d.fingerprint}" + (f": {d.note}" if d.note else ""))
    return out


DECISION_LABELS = {
    "first_seen": "lần đầu thấy khóa", "confirmed": "xác nhận khóa", "accepted": "chấp nhận khóa mới",
    "refused": "từ chối khóa", "retired": "thôi dùng khóa", "held": "giữ gói chờ xác nhận khóa",
    "flagged": "cảnh báo: khóa của đơn vị khác", "mismatch": "khác danh sách",
}


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


def accept_key_of_file(ws: Workspace, path: str | os.PathLike, heard_fingerprint: str) -> KeyAcceptance:
    """Accept the key a package was signed with, if its fingerprint is the one read out by phone; the
    package itself is then imported (with whatever else was kept aside for that key)."""
    from ..superior.common import require_superior

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
    accepted = accept_key(ws, pkg.unit_code, pkg.public_key)
    again = import_packages(ws, [path], backup=False)
    accepted.report.results.extend(again.results)
    return accepted
