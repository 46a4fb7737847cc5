"""The 2025 merger: bring a former commune's register (and, for reference, its earlier periods) into the
commune it became part of on 01/7/2025.

1. ``preview_merge(ws, path)`` reads the former commune's USB package (``.ebgov``, checked like any
   package) or backup (a backup file, or a folder written by "Sao lưu ra USB…") and says what would
   arrive; nothing is changed.
2. ``apply_merge(ws, preview)`` adds the rows in use in one transaction (one Ctrl+Z takes them all out)
   and writes the former's periods under ``don-vi-cu/`` of the data folder, for reference.

Each row keeps the former unit as its origin (a line in its notes); rows merged before are not added
twice. A former commune that the official list does not name as part of this commune needs
``confirm_unlisted``.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.dataset import Dataset, DatasetError
from ..domain.formatting import short_date, vn_int
from ..domain.periods import TWO_TIER_REFORM
from ..domain.register import RegisterItem
from ..domain.units import Unit
from .workspace import Workspace, WorkspaceError

__all__ = ["MergeError", "FormerUnit", "MergePreview", "preview_merge", "apply_merge", "origin_note",
           "REFERENCE_DIR"]

#: In the data folder: the former communes' periods, one dataset file each, for reference.
REFERENCE_DIR = "don-vi-cu"


class MergeError(WorkspaceError):
    """Why a former commune's data cannot be merged (Vietnamese)."""


@dataclass
class FormerUnit:
    """What a package or backup of a former commune holds."""

    source: Path
    unit: Unit
    datasets: list[Dataset]  # its periods (a package: one)
    register: list[RegisterItem]  # its rows (a backup: all of them; a package: the period's)


@dataclass
class MergePreview:
    former: FormerUnit
    rows: list[RegisterItem] = field(default_factory=list)  # to add, each with its origin note
    already: int = 0  # rows merged before, not added again
    disposed: int = 0  # rows already disposed of by the former commune, not brought
    listed: bool = False  # the official list names the former as part of this commune
    problems: list[str] = field(default_factory=list)  # blocking

    @property
    def periods(self) -> list[str]:
        return [ds.period.code for ds in self.former.datasets]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        u = self.former.unit
        parts = [f"{u.short_council_name} (mã {u.code}): {vn_int(len(self.rows))} dòng thiết bị "
                 f"({vn_int(sum(i.quantity or 0 for i in self.rows))} thiết bị) sẽ được thêm vào sổ"]
        if self.already:
            parts.append(f"{vn_int(self.already)} dòng đã gộp trước đây, không thêm lại")
        if self.disposed:
            parts.append(f"{vn_int(self.disposed)} dòng đã thanh lý, không chuyển")
        if self.periods:
            parts.append("số liệu các kỳ " + ", ".join(self.periods) + " được lưu để tham khảo")
        return "; ".join(parts) + "."


def origin_note(unit: Unit) -> str:
    """The line a merged row carries: ``Từ xã Quảng Thọ (mã 19894), sáp nhập 01/7/2025``."""
    return f"Từ {unit.full_name} (mã {unit.code}), sáp nhập {short_date(TWO_TIER_REFORM)}"


def _read_package(path: Path) -> FormerUnit:
    from ..exchange.errors import PackageError
    from ..exchange.package import read_package
    from .packages import _read_file, schemas

    try:
        pkg = read_package(_read_file(path), schemas=schemas())
    except PackageError as exc:
        raise MergeError(f"Gói {path.name} không dùng được: {exc}.") from None
    return FormerUnit(path, pkg.dataset.unit, [pkg.dataset], list(pkg.dataset.register))


def _read_backup(path: Path) -> FormerUnit:
    from . import backup

    try:
        source = backup._resolve_source(path)
        info = backup._require_usable(source)
    except backup.BackupError as exc:
        raise MergeError(str(exc)) from None
    with tempfile.TemporaryDirectory() as tmp:
        store = backup._open_copy(info.path, tmp)
        try:
            ws = Workspace(store, None)  # a private copy: read only
            unit = ws.require_unit()
            datasets = [ws.dataset(p) for p in ws.periods()]
            register = [i.with_changes(id=None) for i in ws.register_items()]
        finally:
            store.close()
    return FormerUnit(Path(path), unit, datasets, register)


def read_former(path: str | os.PathLike) -> FormerUnit:
    path = Path(path)
    if not path.exists():
        raise MergeError(f"Không tìm thấy {path}. Hãy chọn gói dữ liệu (.ebgov) hoặc bản sao lưu của "
                         "đơn vị cũ.")
    if path.suffix.lower() == ".ebgov":
        return _read_package(path)
    return _read_backup(path)


def _same_row(a: RegisterItem, b: RegisterItem) -> bool:
    keys = ("kind", "description", "quantity", "year_acquired", "asset_code", "location")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def preview_merge(ws: Workspace, path: str | os.PathLike) -> MergePreview:
    """What merging the former commune in ``path`` would bring; nothing is changed."""
    from .units import former_communes

    unit = ws.require_unit()
    former = read_former(path)
    preview = MergePreview(former)
    f = former.unit
    if not unit.kind.is_commune:
        preview.problems.append("Chỉ đơn vị cấp xã mới gộp dữ liệu của xã cũ; cấp huyện, tỉnh nhận gói "
                                "dữ liệu bằng «Nhập gói dữ liệu…».")
    if not f.kind.is_commune:
        preview.problems.append(f"{f.short_council_name} không phải đơn vị cấp xã.")
    if f.code == unit.code:
        preview.problems.append(f"Đây là dữ liệu của chính {unit.short_council_name} (mã {unit.code}), "
                                "không phải của một xã cũ; để đưa lại dữ liệu cũ hãy dùng «Phục hồi…».")
    preview.listed = f.code in {c.code for c, _whole in former_communes(unit.code)}
    note = origin_note(f)
    current = ws.register_items()
    merged_before = [i for i in current if note in i.notes]
    for item in former.register:
        if item.year_disposed is not None and item.year_disposed < TWO_TIER_REFORM.year:
            preview.disposed += 1
            continue
        if any(_same_row(item, m) for m in merged_before):
            preview.already += 1
            continue
        notes = f"{item.notes}\n{note}" if item.notes else note
        preview.rows.append(item.with_changes(id=None, notes=notes))
    return preview


def _write_references(ws: Workspace, former: FormerUnit) -> list[Path]:
    from .datasets import write_dataset_file

    folder = ws.paths.data_dir / REFERENCE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for ds in former.datasets:
        out.append(write_dataset_file(ds, folder / f"{former.unit.code}_{ds.period.code}.json"))
    return out


def apply_merge(ws: Workspace, preview: MergePreview, *, confirm_unlisted: bool = False,
                period=None) -> list[int]:
    """Add the preview's rows (one transaction, one undo step) and keep the former's periods for
    reference; the new rows' ids. Raises MergeError when the preview has problems, or when the official
    list does not name the former commune as part of this one and ``confirm_unlisted`` is not given."""
    if preview.problems:
        raise MergeError(" ".join(preview.problems))
    f = preview.former.unit
    if not preview.listed and not confirm_unlisted:
        unit = ws.require_unit()
        raise MergeError(f"Theo danh mục đơn vị hành chính, {f.full_name} (mã {f.code}) không sáp nhập "
                         f"vào {unit.full_name} (mã {unit.code}). Hãy kiểm tra lại tệp, hoặc xác nhận nếu "
                         "chắc chắn.")
    try:
        ids = ws.add_items(preview.rows, period=period) if preview.rows else []
    except DatasetError as exc:
        raise MergeError(str(exc)) from None
    try:
        _write_references(ws, preview.former)
    except OSError:
        pass  # the rows are in; the reference copies are a convenience
    return ids


def reference_periods(ws: Workspace) -> list[tuple[str, str]]:
    """(former unit code, period code) of every period kept for reference."""
    folder = ws.paths.data_dir / REFERENCE_DIR
    if not folder.is_dir():
        return []
    return sorted(tuple(p.stem.split("_", 1)) for p in folder.glob("*_*.json"))
