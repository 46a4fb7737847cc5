"""Importing the list of expected communes from .xlsx / .csv: every error names its row and column and
nothing changes while there is one."""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...domain.dataset import nfc
from ...domain.units import UnitKind
from ...storage.superior import SuperiorRepository
from ..legacy_import import repair_rows, repairs_note, sheet_fonts
from ..register_columns import column_letter
from ..sheets import read_rows
from ..workspace import Workspace
from .common import SuperiorError, _iso, fold, require_superior
from .units import _code, _kind, _name, list_expected


@dataclass
class ListImport:
    """What importing a list of communes did (or, with ``errors``, why it did nothing)."""

    added: list[str] = field(default_factory=list)  # codes
    renamed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # Vietnamese, naming row and column
    keys_listed: int = 0  # fingerprints given in the "Mã khóa" column
    keys_confirmed: list[str] = field(default_factory=list)  # units whose waiting key they confirmed
    repaired: str = ""  # the columns read as TCVN3 / VNI, in Vietnamese

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        if self.errors:
            return (f"Chưa nhập danh sách: có {len(self.errors)} lỗi. Hãy sửa tệp rồi nhập lại.\n"
                    + "\n".join(f"- {e}" for e in self.errors))
        keys = (f" Ghi nhận {self.keys_listed} mã khóa; {len(self.keys_confirmed)} đơn vị được xác nhận "
                "khóa." if self.keys_listed else "")
        repaired = f" Đã đọc {self.repaired}." if self.repaired else ""
        return (f"Đã nhập danh sách: {len(self.added)} đơn vị mới, {len(self.renamed)} đơn vị đổi tên, "
                f"{len(self.unchanged)} đơn vị không thay đổi.{keys}{repaired}")


_HEADERS = {
    "code": ("mã", "mã đơn vị", "mã xã", "mã đvhc", "mã đơn vị hành chính", "code", "ma", "ma don vi",
             "ma xa"),
    "name": ("tên", "tên đơn vị", "tên xã", "tên đvhc", "tên đơn vị hành chính", "name", "ten",
             "ten don vi", "ten xa", "đơn vị"),
    "kind": ("loại", "loại đơn vị", "cấp", "kind", "loai", "loai don vi"),
    "key": ("mã khóa", "mã khóa ký", "khóa", "fingerprint", "ma khoa", "ma khoa ky"),
}
_FINGERPRINT = re.compile(r"[0-9A-F]{4}(-[0-9A-F]{4}){4}")
_MAX_LIST_ROWS = 5000


def _read_rows(path: Path) -> list[list]:
    return read_rows(path, error=SuperiorError, what="danh sách", max_rows=_MAX_LIST_ROWS + 1)


def _header_map(header: list) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        text = nfc(str(cell or "")).strip().lower().rstrip(":")
        folded = fold(text)
        for key, words in _HEADERS.items():
            if key in found:
                continue
            if text in words or folded in {fold(w) for w in words}:
                found[key] = i
    return found


def import_expected(ws: Workspace, path: str | os.PathLike, *, dry_run: bool = False,
                    valid_from: _dt.date | str | None = None) -> ListImport:
    """Import a list of communes from .xlsx or .csv: a header row with "Mã", "Tên" and optionally
    "Loại" and "Mã khóa" (the fingerprint of the commune's key, received with the list: a first package
    signed by that key is confirmed at once), then one commune a row. Any error: nothing is changed and every error names its row and
    column. A code already listed with another name is renamed (from ``valid_from`` when given)."""
    require_superior(ws)
    path = Path(path)
    result = ListImport()
    rows, repairs = repair_rows(_read_rows(path), fonts=sheet_fonts(path))
    result.repaired = repairs_note(repairs, column_letter)
    start = next((i for i, r in enumerate(rows) if any(str(c or "").strip() for c in r)), None)
    if start is None:
        result.errors.append(f"Tệp {path.name} không có dòng nào.")
        return result
    cols = _header_map(rows[start])
    missing = [label for key, label in (("code", "Mã"), ("name", "Tên")) if key not in cols]
    if missing:
        result.errors.append(
            f"Dòng {start + 1} (dòng tiêu đề) thiếu cột {' và '.join(repr(m) for m in missing)}. "
            "Hãy đặt tiêu đề cột: Mã, Tên, Loại (loại: xã, phường, thị trấn, đặc khu).")
        return result
    if len(rows) - start - 1 > _MAX_LIST_ROWS:
        result.errors.append(f"Danh sách dài hơn {_MAX_LIST_ROWS:,} dòng; không phải danh sách đơn vị cấp xã.")
        return result
    header = rows[start]
    title = {k: str(header[i]).strip() for k, i in cols.items()}
    parsed: list[tuple[str, str, UnitKind]] = []
    keys: dict[str, str] = {}  # code → fingerprint, from the optional "Mã khóa" column
    seen: dict[str, int] = {}
    for n, row in enumerate(rows[start + 1:], start + 2):
        cells = {k: (row[i] if i < len(row) else None) for k, i in cols.items()}
        if all(v is None or str(v).strip() == "" for v in cells.values()):
            continue
        try:
            code = _code(cells["code"], where=f"Dòng {n}, cột '{title['code']}': ")
        except SuperiorError as exc:
            result.errors.append(str(exc))
            continue
        try:
            name, found = _name(cells["name"], where=f"Dòng {n}, cột '{title['name']}': ")
            raw_kind = cells.get("kind")
            kind = _kind(found if raw_kind in (None, "") else raw_kind,
                         where=f"Dòng {n}, cột '{title.get('kind', 'Loại')}': ")
        except SuperiorError as exc:
            result.errors.append(str(exc))
            continue
        if code in seen:
            result.errors.append(f"Dòng {n}, cột '{title['code']}': mã {code} trùng với dòng {seen[code]}.")
            continue
        key = "".join(str(cells.get("key") or "").split()).upper()
        if key:
            if not _FINGERPRINT.fullmatch(key):
                result.errors.append(f"Dòng {n}, cột '{title['key']}': mã khóa '{key[:30]}' không đúng dạng "
                                     "(5 nhóm 4 ký tự 0–9, A–F, ví dụ 46C0-794F-8CC3-08D3-805E).")
                continue
            keys[code] = key
        seen[code] = n
        parsed.append((code, name, kind))
    if not parsed and not result.errors:
        result.errors.append(f"Tệp {path.name} chỉ có dòng tiêu đề, chưa có đơn vị nào.")
    if result.errors:
        return result
    existing = {c.code: c for c in list_expected(ws)}
    day = _iso(valid_from)
    repo = SuperiorRepository(ws.store)
    new_rows = []
    for code, name, kind in parsed:
        old = existing.get(code)
        if old is None:
            result.added.append(code)
            new_rows.append((code, kind.value, "list", name))
        elif old.name != name or old.kind is not kind:
            result.renamed.append(code)
        else:
            result.unchanged.append(code)
    if dry_run:
        return result
    with ws.store.transaction():
        repo.add_many_expected(new_rows)
        for code, name, kind in parsed:
            if code in result.renamed:
                old = existing[code]
                repo.set_name(code, name, kind.value, day or (old.names[-1].valid_from if old.names else ""))
                repo.set_kind(code, kind.value)
    if keys:
        from ..packages import set_listed_fingerprints

        result.keys_confirmed = set_listed_fingerprints(ws, keys)
        result.keys_listed = len(keys)
    return result
