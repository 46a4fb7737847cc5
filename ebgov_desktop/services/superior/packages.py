"""The communes' packages at the superior level: the import (``services.packages`` plus the check of
each new package and the key changes waiting for the officer), and the officer's decisions on the board:
a conflict resolved, a new key accepted or rejected."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from ...domain.dataset import Dataset
from ...domain.periods import Period
from ...domain.rules import Figures, RuleContext, evaluate
from ...domain.tasks import TaskState
from ...storage.superior import SuperiorRepository
from ..workspace import Workspace
from .common import SuperiorError, require_superior
from .units import learn_expected

# -- import ----------------------------------------------------------------------------------------

def _check(ds: Dataset) -> tuple[int, int, str]:
    """(warnings, explained, summary) of a dataset on its own."""
    ctx = RuleContext(period=ds.period, figures=Figures(ds.values), register=list(ds.register),
                      check_future_acquisitions=True)
    warnings = [f for f in evaluate(ctx) if not f.is_error]
    if not warnings:
        return 0, 0, ""
    explained = sum(1 for f in warnings if (ds.explanations.get(f.id) or "").strip())
    first = warnings[0].message
    more = f" (và {len(warnings) - 1} cảnh báo khác)" if len(warnings) > 1 else ""
    tail = f"; {explained} đã giải trình" if explained else ""
    return len(warnings), explained, f"{len(warnings)} cảnh báo{tail}: {first}{more}"


def check_packages(ws: Workspace, period: Period | str | None = None) -> int:
    """Check the packages that have no check yet (e.g. imported by ``ebgov-desktop import``)."""
    repo = SuperiorRepository(ws.store)
    todo = repo.unchecked(str(period) if period is not None else None)
    if not todo:
        return 0
    rows = []
    for package_id, data in todo:
        warnings, explained, summary = _check(Dataset.from_json(data))
        rows.append((package_id, warnings, explained, summary))
    with ws.store.transaction():
        repo.set_checks(rows)
    return len(rows)


def import_packages(ws: Workspace, sources: Iterable[str | os.PathLike], *, dry_run: bool = False,
                    state: TaskState | None = None, learn: bool = False, backup: bool = True):
    """``services.packages.import_packages`` (same ``ImportReport``; each package all or nothing, a
    cancel keeps every finished one), then: the check of each new package, the packages refused for
    another key recorded for the board, and (``learn``) new senders added to the expected list."""
    from ...exchange.signing import fingerprint
    from .. import packages

    require_superior(ws)
    report = packages.import_packages(ws, sources, dry_run=dry_run, state=state, backup=backup)
    if dry_run:
        return report
    repo = SuperiorRepository(ws.store)
    with ws.store.transaction():
        for r in report.results:
            if r.outcome is packages.Outcome.WRONG_KEY:
                repo.add_key_change(unit_code=r.unit_code, period=r.period, revision=r.revision,
                                    public_key=r.public_key, fingerprint=fingerprint(r.public_key),
                                    file_path=str(Path(r.file).resolve()))
    check_packages(ws)
    if learn:
        learn_expected(ws)
    return report


def resolve_conflict(ws: Workspace, package_id: int) -> None:
    """The officer chose this package (a conflict or the current one): it becomes current and the
    other versions of the same revision are kept as superseded."""
    from ...storage.packages import CONFLICT, PackageRepository
    from ..packages import make_current

    repo = PackageRepository(ws.store)
    record = repo.get(package_id)
    make_current(ws, package_id)
    with ws.store.transaction():
        for other in repo.for_unit_period(record.unit_code, record.period):
            if other.id != package_id and other.status == CONFLICT:
                repo.supersede(other.id, package_id)


def accept_key_change(ws: Workspace, change_id: int, heard_fingerprint: str, *,
                      reimport: bool = True):
    """The officer read the new key's fingerprint on the phone: pin it and (``reimport``) import the
    refused package again. Returns the import report (or None)."""
    from ..packages import ExchangeError, _norm_fingerprint, accept_key

    repo = SuperiorRepository(ws.store)
    kc = repo.get_key_change(change_id)
    if _norm_fingerprint(heard_fingerprint) != _norm_fingerprint(kc.fingerprint):
        raise SuperiorError(f"Mã khóa vừa nhập ({heard_fingerprint}) khác mã khóa của gói ({kc.fingerprint}). "
                            "Không chấp nhận; hãy đối chiếu lại với đơn vị gửi.")
    try:
        accept_key(ws, kc.unit_code, kc.public_key)
    except ExchangeError as exc:
        raise SuperiorError(str(exc)) from None
    with ws.store.transaction():
        repo.resolve_key_changes(kc.unit_code, kc.public_key, "accepted")
        repo.resolve_key_changes(kc.unit_code, None, "superseded")
    if reimport and Path(kc.file_path).is_file():
        return import_packages(ws, [kc.file_path], backup=False)
    return None


def reject_key_change(ws: Workspace, change_id: int) -> None:
    """The officer could not confirm the new key: the request is closed, the old key stays pinned and
    the package stays refused (the board shows "bị từ chối" until the unit sends a package signed with
    its known key)."""
    repo = SuperiorRepository(ws.store)
    kc = repo.get_key_change(change_id)
    with ws.store.transaction():
        repo.resolve_key_changes(kc.unit_code, kc.public_key, "rejected")


def key_change(ws: Workspace, change_id: int):
    """The waiting key change (unit, period, revision, new key's fingerprint, the refused file)."""
    return SuperiorRepository(ws.store).get_key_change(change_id)


def package_record(ws: Workspace, package_id: int):
    """One imported package's record (file, revision, dates, digest, status), for the conflict dialog."""
    from ...storage.packages import PackageRepository

    return PackageRepository(ws.store).get(package_id)
