"""USB packages: export a period (commune), import packages (superior level), keys and target folders.

The window ("Xuất dữ liệu ra USB…", "Nhập gói dữ liệu…") and the command line call only these
functions. Long work takes a ``domain.tasks.TaskState``, as every background job of the program does
(progress per package; the cancel flag is polled between packages and inside the package being read;
each package is all or nothing, so a cancel never leaves half of one).

This module holds the import of packages (the one ``import_packages``); the rest is in its parts,
every name importable from here as before:

- ``base``: what both sides share (``ExchangeError``, the schemas, the suffix, fingerprints);
- ``export``: the export of a period to a package and the target folders;
- ``decisions``: the officer's decisions on keys and conflicts, the stored packages read back;
- ``plan``: what a dry run keeps of each package it verified, so that the import verifies only bytes
  that changed.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Iterable, Sequence

from ...domain.file_names import shown_name, shown_path
from ...domain.system_errors import os_reason
from ...domain.tasks import TaskState
from ...exchange.errors import PackageError, ReadCancelled
from ...storage.packages import CONFLICT, CURRENT, PackageRecord, PackageRepository
from ..workspace import Workspace
from .base import PACKAGE_SUFFIX, CancelHook, ExchangeError, _same_fingerprint, schemas
from .base import _norm_fingerprint as _norm_fingerprint  # services.superior imports it from here
from .decisions import (
    DECISION_LABELS,
    KeyAcceptance,
    accept_key,
    accept_key_of_file,
    key_history,
    key_history_lines,
    list_packages,
    make_current,
    package_dataset,
    pinned_keys,
    refuse_key,
    set_listed_fingerprints,
)
from .export import (
    ExportPreview,
    ExportResult,
    TargetDir,
    candidate_target_dirs,
    export_package,
    export_preview,
    package_file_name,
)
from .plan import CheckedPackage, ImportPlan, checked_package

__all__ = [
    "PACKAGE_SUFFIX",
    "ExchangeError",
    "ExportPreview",
    "ExportResult",
    "TargetDir",
    "Outcome",
    "ImportResult",
    "ImportReport",
    "ImportPlan",
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

_log = logging.getLogger(__name__)


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
        return f"{shown_name(self.file)}: {self.outcome.label}" + (f" — {self.reason}" if self.reason else "")


@dataclass
class ImportReport:
    results: list[ImportResult] = field(default_factory=list)
    dry_run: bool = False
    cancelled: bool = False
    #: what reading each file gave (by its bytes' SHA-256): pass it to the import that follows a dry
    #: run (``import_packages(..., plan=report.plan)``) and it verifies only the files that changed
    plan: ImportPlan | None = None

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome is outcome)

    @property
    def refused(self) -> list[ImportResult]:
        return [r for r in self.results if r.outcome.refused]

    @property
    def waiting_keys(self) -> list[ImportResult]:
        """The packages kept (or, in a dry run, to be kept) but not counted as reported until the
        officer confirms their unit's key by phone."""
        return [r for r in self.results if r.key_state == "unconfirmed"
                and (r.outcome.stored or r.outcome is Outcome.WRONG_KEY)]

    @property
    def keys_sentence(self) -> str:
        """Why some units are not counted yet: ``5 đơn vị chưa được tính là đã báo cáo: …``."""
        units = sorted({r.unit_code for r in self.waiting_keys})
        if not units:
            return ""
        will = "sẽ chưa được tính" if self.dry_run else "chưa được tính"
        return (f"{len(units)} đơn vị {will} là đã báo cáo vì khóa ký của đơn vị chưa được xác nhận: "
                "hãy gọi điện cho từng đơn vị đối chiếu mã khóa rồi xác nhận khóa.")

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


#: the import commits (and syncs to disk) about twice a second, not after every package: at a
#: country's 3,321 packages a sync each was a third of the import's time
_BATCH_SECONDS = 0.5


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


def _classify(repo: PackageRepository, pkg: CheckedPackage) -> tuple[Outcome, str, PackageRecord | None]:
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


def _flag(others: Sequence[str]) -> str:
    return (f"CHÚ Ý: khóa này đã được ghi nhận cho đơn vị khác ({', '.join(others)}); một đơn vị không "
            "dùng khóa của đơn vị khác" if others else "")


def _store(repo: PackageRepository, pkg: CheckedPackage, outcome: Outcome, current: PackageRecord | None,
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


def _import_verified(ws: Workspace, repo: PackageRepository, path: Path, raw: bytes,
                     pkg: CheckedPackage) -> ImportResult:
    """The import of one checked package, inside the caller's transaction: the key first (pinned,
    confirmed, or another one waiting for the officer), then the package against those of its key."""
    from ...exchange.signing import fingerprint
    from ...storage.superior import SuperiorRepository

    name = shown_name(path)
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
            public_key=pkg.public_key, fingerprint=fp, file_path=shown_path(path.resolve()), kind=kind,
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
        # its check for the board, made once while verifying (the board only reads it)
        SuperiorRepository(ws.store).set_checks([(package_id, *pkg.check)])
    elif current is not None and outcome is Outcome.IDENTICAL:
        package_id = current.id
    if key_state == "unconfirmed" and outcome.stored:
        SuperiorRepository(ws.store).add_key_change(
            unit_code=pkg.unit_code, period=pkg.period, revision=pkg.revision,
            public_key=pkg.public_key, fingerprint=fp, file_path=shown_path(path.resolve()),
            kind="first_contact", other_units=",".join(others), package=raw)
        reason = "; ".join(x for x in (reason, f"khóa {fp} chưa xác nhận: chưa tính là đã báo cáo cho tới "
                                       "khi đối chiếu mã khóa qua điện thoại", flag) if x)
    return ImportResult(path, outcome, reason, package_id=package_id,
                        pinned_fingerprint=pinned.fingerprint if pinned else "", key_state=key_state,
                        other_units=others, **common)


def _import_one(ws: Workspace, repo: PackageRepository, path: Path, *, write: bool,
                cancelled: CancelHook | None = None, raw: bytes | None = None,
                plan: ImportPlan | None = None) -> ImportResult:
    name = shown_name(path)
    try:
        if raw is None:
            raw = _read_file(path)
        pkg = checked_package(path, raw, _read_verified, plan, cancelled)
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
                    learn: bool = False, plan: ImportPlan | None = None) -> ImportReport:
    """Import package files (and the ``*.ebgov`` in folders), each in one transaction. The one import
    of the program: the window, ``ebgov-desktop import`` and the benches call it with the same
    arguments, so a package gives the same records whichever way it came in.

    Per package, in its transaction: the key (first contact pinned "chưa xác nhận", or confirmed from
    the list of fingerprints; another key kept aside with the package, waiting for the officer), the
    package against those of the same key, the import log. After a real import: the check (warnings)
    of each new package and, with ``learn``, new senders added to the expected list.

    A real import first backs the workspace up (``Reason.BEFORE_IMPORT``; ``backup=False`` skips it).
    Packages are committed together about twice a second (each still all or nothing: a savepoint of
    its own): a stop keeps every package finished before it; a failure of the disk or a power cut
    loses at most that half second's packages, found "new" again on the next import.
    ``dry_run`` classifies exactly as a real import would (the same code runs inside a transaction
    that is rolled back), so the same file twice shows "new" then "identical", and nothing changes.

    Plan, then apply: the report's ``plan`` keeps what reading each file gave, by the SHA-256 of its
    bytes; an import given that ``plan`` (the dry run's) verifies only files whose bytes changed.
    """
    from ..superior.common import require_superior

    require_superior(ws, "Nhập gói dữ liệu")
    files = collect_package_files(sources)
    report = ImportReport(dry_run=dry_run, plan=plan if plan is not None else ImportPlan())
    repo = PackageRepository(ws.store)
    if files and not dry_run and backup:
        from ..backup import BackupError, Reason, backup_now

        try:
            backup_now(ws.paths, Reason.BEFORE_IMPORT, store=ws.store)
        except BackupError as exc:
            raise ExchangeError(f"Chưa nhập gói dữ liệu nào: {exc}") from None

    cancelled = (lambda: state.cancelled) if state is not None else None

    def batch(i: int) -> int:
        """Packages from ``i`` on, for up to ``_BATCH_SECONDS``, in one transaction (one commit, one
        sync to disk); each package is a savepoint in it, all or nothing. The next index, or -1 when
        cancelled."""
        started = time.monotonic()
        with ws.store.transaction():
            while i < len(files) and time.monotonic() - started < _BATCH_SECONDS:
                path = files[i]
                if state is not None and state.cancelled:
                    report.cancelled = True
                    return -1
                if state is not None:
                    state.set_progress(i, len(files), shown_name(path))
                try:
                    report.results.append(_import_one(ws, repo, path, write=True, cancelled=cancelled,
                                                      plan=report.plan))
                except ReadCancelled:
                    report.cancelled = True
                    return -1
                i += 1
        return i

    def run() -> None:
        i = 0
        while 0 <= i < len(files):
            i = batch(i)
        if i >= 0 and state is not None:
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
    """Each stored package has its check already (made while verifying it); with ``learn``, new
    senders join the expected list."""
    from ..superior.units import learn_expected

    if learn:
        learn_expected(ws)
