"""The officer's decisions on what was imported: a unit's keys (accept, refuse, the fingerprints of the
list of units, the key history), a conflict resolved (``make_current``), and the stored packages read back."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ...domain.dataset import Dataset
from ...domain.periods import Period
from ...exchange.errors import PackageError
from ...storage.packages import PackageRecord, PackageRepository, PinnedKey
from ..workspace import Workspace
from .base import ExchangeError, _norm_fingerprint, _same_fingerprint

if TYPE_CHECKING:  # pragma: no cover
    from . import ImportReport


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
    from . import ImportReport, _import_one

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


def list_packages(ws: Workspace, *, period: Period | None = None, status: str | None = None,
                  unit_code: str | None = None) -> list[PackageRecord]:
    return PackageRepository(ws.store).list(period=period.code if period else None, status=status,
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


def accept_key_of_file(ws: Workspace, path: str | os.PathLike, heard_fingerprint: str) -> KeyAcceptance:
    """Accept the key a package was signed with, if its fingerprint is the one read out by phone; the
    package itself is then imported (with whatever else was kept aside for that key)."""
    from ...exchange.signing import fingerprint
    from ..superior.common import require_superior
    from . import ImportPlan, _read_file, _read_verified, checked_package, import_packages

    require_superior(ws, "Nhận khóa ký của gói dữ liệu")
    path = Path(path)
    plan = ImportPlan()  # the file is verified once: here, and taken from the plan by the import
    try:
        pkg = checked_package(path, _read_file(path), _read_verified, plan)
    except PackageError as exc:
        raise ExchangeError(f"{path.name}: {exc.reason}") from None
    fp = fingerprint(pkg.public_key)
    if _norm_fingerprint(heard_fingerprint) != _norm_fingerprint(fp):
        raise ExchangeError(
            f"Mã khóa vừa nhập ({heard_fingerprint}) khác mã khóa của gói {path.name} "
            f"({fp}). Không chấp nhận; hãy đối chiếu lại với đơn vị gửi.")
    accepted = accept_key(ws, pkg.unit_code, pkg.public_key)
    again = import_packages(ws, [path], backup=False, plan=plan)
    accepted.report.results.extend(again.results)
    return accepted
