"""The expected communes: typed in, renamed from a date, merged, taken off, learned from packages."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Sequence

from ...domain.consolidation import (
    ExpectedUnit,
)
from ...domain.dataset import nfc
from ...domain.periods import Period
from ...domain.units import COMMUNE_KINDS, UnitKind
from ...storage.superior import SuperiorRepository
from ..workspace import Workspace
from .common import SuperiorError, _iso, _period_end, fold, require_superior

# -- expected communes -----------------------------------------------------------------------------

@dataclass(frozen=True)
class NameChange:
    valid_from: str  # ISO date; "" = from the start
    name: str
    kind: UnitKind

    @property
    def full_name(self) -> str:
        return f"{self.kind.label} {self.name}"


@dataclass(frozen=True)
class ExpectedCommune:
    """A commune of the expected list, with its names over time and its merge, if any."""

    code: str
    name: str  # the current (latest) name
    kind: UnitKind
    source: str  # typed / list / learned
    valid_from: str = ""  # ISO date the code exists from ("" = always)
    retired_on: str = ""  # ISO date it stopped being expected ("" = still expected)
    merged_into: str = ""  # the code it was merged into
    names: tuple[NameChange, ...] = ()

    @property
    def unit(self) -> ExpectedUnit:
        return ExpectedUnit(self.code, self.name, self.kind)

    @property
    def full_name(self) -> str:
        return f"{self.kind.label} {self.name}"

    @property
    def active(self) -> bool:
        return not self.retired_on

    def name_on(self, day: str) -> NameChange:
        """The name the commune had on ``day`` (ISO date)."""
        found = [n for n in self.names if n.valid_from <= day]
        return found[-1] if found else (self.names[0] if self.names else
                                        NameChange("", self.name, self.kind))

    def expected_on(self, day: str) -> bool:
        return (not self.valid_from or self.valid_from <= day) and \
            (not self.retired_on or self.retired_on > day)


_KIND_WORDS = {
    "xa": UnitKind.XA, "xã": UnitKind.XA, "phuong": UnitKind.PHUONG, "phường": UnitKind.PHUONG,
    "thi tran": UnitKind.THI_TRAN, "thị trấn": UnitKind.THI_TRAN, "thi_tran": UnitKind.THI_TRAN,
    "dac khu": UnitKind.DAC_KHU, "đặc khu": UnitKind.DAC_KHU, "dac_khu": UnitKind.DAC_KHU,
}


def _kind(value: UnitKind | str | None, *, where: str = "") -> UnitKind:
    if isinstance(value, UnitKind):
        kind = value
    else:
        text = nfc(str(value or "")).strip().lower()
        if not text:
            return UnitKind.XA
        kind = _KIND_WORDS.get(text) or _KIND_WORDS.get(fold(text))
        if kind is None:
            raise SuperiorError(f"{where}loại đơn vị '{value}' không hợp lệ; hãy ghi xã, phường, "
                                "thị trấn hoặc đặc khu.")
    if kind not in COMMUNE_KINDS:
        raise SuperiorError(f"{where}loại đơn vị phải là xã, phường, thị trấn hoặc đặc khu, không "
                            f"phải {kind.label}.")
    return kind


def _code(value, *, where: str = "") -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value if value is not None else "").strip()
    if isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:05d}" if value < 100000 else str(value)
    if not (text.isdigit() and 1 <= len(text) <= 5):
        shown = f"'{text}'" if text else "trống"
        raise SuperiorError(f"{where}mã đơn vị {shown} không hợp lệ; mã gồm tối đa 5 chữ số "
                            "(mã đơn vị hành chính của Tổng cục Thống kê), ví dụ 19894.")
    return text


def _name(value, kind: UnitKind | None = None, *, where: str = "") -> tuple[str, UnitKind | None]:
    """The proper name without a kind word in front ("Xã Quảng Thọ" → "Quảng Thọ", xã)."""
    text = nfc(" ".join(str(value if value is not None else "").split()))
    found = None
    low = text.lower()
    for word, k in sorted(_KIND_WORDS.items(), key=lambda kv: -len(kv[0])):
        if " " in word or not word.isascii():
            if low.startswith(word + " "):
                found, text = k, text[len(word) + 1:].strip()
                break
    if not text:
        raise SuperiorError(f"{where}thiếu tên đơn vị; hãy ghi tên riêng, ví dụ Quảng Thọ.")
    if len(text) > 200:
        raise SuperiorError(f"{where}tên đơn vị dài quá 200 ký tự.")
    return text, kind or found


_KINDS = {k.value: k for k in UnitKind}  # a dict, not UnitKind(…): 3,321 communes twice per board


def _commune(record, names) -> ExpectedCommune:
    history = tuple(NameChange(n.valid_from, n.name, _KINDS.get(n.kind) or UnitKind(n.kind)) for n in names)
    kind = _KINDS.get(record.kind) or UnitKind(record.kind)
    latest = history[-1] if history else NameChange("", record.code, kind)
    return ExpectedCommune(record.code, latest.name, kind, record.source,
                           record.valid_from, record.retired_on, record.merged_into, history)


def list_expected(ws: Workspace, *, include_retired: bool = True) -> list[ExpectedCommune]:
    """The expected list in its order (two queries whatever its length)."""
    repo = SuperiorRepository(ws.store)
    names = repo.names()
    out = [_commune(r, names.get(r.code, ())) for r in repo.expected()]
    return out if include_retired else [c for c in out if c.active]



def expected_in(ws: Workspace, period: Period | str) -> list[ExpectedCommune]:
    """The communes expected to report ``period``: those that exist on its last day."""
    day = _period_end(period)
    return [c for c in list_expected(ws) if c.expected_on(day)]



def add_expected(ws: Workspace, code: str, name: str, kind: UnitKind | str | None = None, *,
                 valid_from: _dt.date | str | None = None, source: str = "typed",
                 fingerprint: str = "") -> ExpectedCommune:
    """Add a commune typed in by the officer; without ``kind``, a kind word in front of the name
    ("Phường Thuận Hóa") gives it, else xã. ``fingerprint``: its key's fingerprint, received with the
    list (its first package signed by that key is confirmed at once). Raises SuperiorError
    (Vietnamese) on bad input."""
    require_superior(ws)
    code = _code(code)
    name, found = _name(name)
    kind = _kind(found if kind in (None, "") else kind)
    repo = SuperiorRepository(ws.store)
    old = repo.get_expected(code)
    if old is not None:
        current = _commune(old, repo.names(code).get(code, ()))
        raise SuperiorError(f"Mã {code} đã có trong danh sách ({current.full_name}). Hãy sửa tên đơn vị "
                            "đó thay vì thêm mới.")
    with ws.store.transaction():
        repo.add_expected(code, kind.value, source, valid_from=_iso(valid_from))
        repo.set_name(code, name, kind.value, "")
    if fingerprint:
        from ..packages import set_listed_fingerprints

        set_listed_fingerprints(ws, {code: fingerprint.strip().upper()})
    return _get(ws, code)


def _get(ws: Workspace, code: str) -> ExpectedCommune:
    repo = SuperiorRepository(ws.store)
    record = repo.get_expected(code)
    if record is None:
        raise SuperiorError(f"Không có đơn vị mã {code} trong danh sách đơn vị phải báo cáo.")
    return _commune(record, repo.names(code).get(code, ()))


def rename_expected(ws: Workspace, code: str, name: str, *, kind: UnitKind | str | None = None,
                    valid_from: _dt.date | str | None = None) -> ExpectedCommune:
    """A new name (and kind, e.g. xã → phường) from ``valid_from``; without a date the name is
    corrected for all periods. The earlier names stay in the history."""
    require_superior(ws)
    current = _get(ws, code)
    name, found = _name(name)
    new_kind = _kind(kind) if kind not in (None, "") else (found or current.kind)
    if found is not None and kind in (None, ""):
        new_kind = _kind(found)
    day = _iso(valid_from)
    repo = SuperiorRepository(ws.store)
    with ws.store.transaction():
        if not day:  # a correction: the name as it stands, for every period
            last = current.names[-1].valid_from if current.names else ""
            repo.set_name(code, name, new_kind.value, last)
        else:
            repo.set_name(code, name, new_kind.value, day)
        repo.set_kind(code, new_kind.value)
    return _get(ws, code)


def remove_expected(ws: Workspace, code: str, *, on: _dt.date | str | None = None) -> None:
    """Take a commune off the list: from ``on`` (earlier periods keep it), or entirely (typed by
    mistake) when no date is given."""
    require_superior(ws)
    current = _get(ws, code)
    repo = SuperiorRepository(ws.store)
    with ws.store.transaction():
        if on is None or on == "":
            repo.delete_expected(current.code)
        else:
            repo.retire(current.code, _iso(on))


def merge_expected(ws: Workspace, old_codes: Sequence[str], new_code: str, name: str,
                   kind: UnitKind | str | None = None, *, on: _dt.date | str) -> ExpectedCommune:
    """Communes merged into one from ``on``: the old codes are retired and point to ``new_code`` (which
    may be one of them). Boards of earlier periods still list and count the old communes; a package
    sent later under an old code counts for the new commune."""
    require_superior(ws)
    day = _iso(on)
    if not day:
        raise SuperiorError("Hãy ghi ngày sáp nhập có hiệu lực, ví dụ 01/07/2025.")
    new_code = _code(new_code)
    olds = [_code(c) for c in old_codes]
    if not olds:
        raise SuperiorError("Hãy chọn các đơn vị được sáp nhập.")
    for c in olds:
        _get(ws, c)
    name, found = _name(name)
    kind = _kind(found if kind in (None, "") else kind)
    repo = SuperiorRepository(ws.store)
    with ws.store.transaction():
        for c in olds:
            if c != new_code:
                repo.retire(c, day, new_code)
        if repo.get_expected(new_code) is None:
            repo.add_expected(new_code, kind.value, "typed", valid_from=day)
            repo.set_name(new_code, name, kind.value, "")
        else:
            repo.unretire(new_code)
            repo.set_name(new_code, name, kind.value, day)
            repo.set_kind(new_code, kind.value)
    return _get(ws, new_code)


def name_history(ws: Workspace, code: str) -> list[str]:
    """Vietnamese lines: every name with its date, and the merge, for the window's detail panel."""
    from ...domain.formatting import short_date

    c = _get(ws, code)
    out = []
    for n in c.names:
        when = f"từ ngày {short_date(_dt.date.fromisoformat(n.valid_from))}" if n.valid_from else "ban đầu"
        out.append(f"{when}: {n.full_name}")
    if c.retired_on:
        when = short_date(_dt.date.fromisoformat(c.retired_on))
        out.append(f"từ ngày {when}: sáp nhập vào đơn vị mã {c.merged_into}" if c.merged_into
                   else f"từ ngày {when}: không còn phải báo cáo")
    return out

def learn_expected(ws: Workspace) -> list[str]:
    """Add every unit that sent a package and is not listed yet (source "learned"); their codes."""
    require_superior(ws)
    repo = SuperiorRepository(ws.store)
    known = {r.code for r in repo.expected()}
    rows = []
    for code, kind, name in repo.package_units():
        if code in known:
            continue
        try:
            k = _kind(kind)
        except SuperiorError:
            continue
        rows.append((code, k.value, "learned", name))
    if rows:
        with ws.store.transaction():
            repo.add_many_expected(rows)
    return [r[0] for r in rows]
