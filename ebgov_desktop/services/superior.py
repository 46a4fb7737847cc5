"""The superior level (huyện / thị xã / thành phố / tỉnh): expected communes, import, board, consolidation.

What the window and ``ebgov-desktop units | consolidate`` call. Plain data in, plain data out:

- the office printing the report: ``office`` / ``set_office`` / ``header_lines``;
- the expected communes: ``list_expected``, ``add_expected``, ``rename_expected``, ``remove_expected``,
  ``merge_expected``, ``import_expected`` (xlsx / CSV), ``learn_expected`` (from imported packages),
  ``name_history``;
- ``import_packages``: the package import of ``services.packages`` plus what the board needs (the
  check of each new package, key changes waiting for the officer, optionally learning communes);
- ``board`` (one row per expected commune + unexpected senders, the count sentence) and
  ``filter_board`` (what the window's filter does, also for the bench);
- ``resolve_conflict`` and ``accept_key_change`` (the officer's decisions on the board);
- ``consolidated`` (communes × indicators, sums, register) and the tables both the window and Excel
  show: ``consolidated_table``, ``register_table``, ``board_table``;
- ``commune_dataset`` / ``commune_report``: one commune's data and its own report, as it printed it.

Long work takes ``progress(done, total, text)`` and ``cancelled()`` like every background job.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..domain.consolidation import (
    BoardRow,
    BoardStatus,
    Consolidation,
    ExpectedUnit,
    completeness,
    completeness_sentence,
    consolidate,
)
from ..domain.dataset import Dataset, nfc
from ..domain.periods import Period, PeriodError
from ..domain.rules import Figures, Finding, RuleContext, evaluate
from ..domain.units import COMMUNE_KINDS, Unit, UnitKind
from ..storage.superior import SuperiorRepository
from .workspace import Workspace, WorkspaceError

__all__ = [
    "SuperiorError",
    "ExpectedCommune",
    "NameChange",
    "ListImport",
    "Board",
    "ConsolidatedView",
    "require_superior",
    "office",
    "set_office",
    "header_lines",
    "default_symbol",
    "list_expected",
    "expected_in",
    "add_expected",
    "rename_expected",
    "remove_expected",
    "merge_expected",
    "import_expected",
    "learn_expected",
    "name_history",
    "import_packages",
    "check_packages",
    "board",
    "filter_board",
    "board_periods",
    "resolve_conflict",
    "accept_key_change",
    "reject_key_change",
    "key_change",
    "consolidated",
    "consolidated_table",
    "register_table",
    "board_table",
    "commune_dataset",
    "commune_report",
    "ensure_period",
    "ConsolidatedResult",
    "default_consolidated_name",
    "report_data",
    "make_consolidated_report",
    "workbook_sheets",
    "write_consolidated_workbook",
    "export_consolidated",
    "export_workbook",
]

ProgressHook = Callable[[int, int, str], None]
CancelHook = Callable[[], bool]

_OFFICE_SETTING = "superior.office"


class SuperiorError(WorkspaceError):
    """A superior-level action that cannot be done; a Vietnamese message saying what to do."""


def require_superior(ws: Workspace) -> Unit:
    unit = ws.require_unit()
    if unit.kind.is_commune:
        raise SuperiorError(
            f"Dữ liệu này là của {unit.short_council_name} (cấp xã). Danh sách đơn vị, tình hình nộp "
            "và báo cáo tổng hợp chỉ dùng ở cấp huyện, tỉnh; hãy mở (hoặc tạo) dữ liệu của cấp trên.")
    return unit


# -- the office and the report header --------------------------------------------------------------

def office(ws: Workspace) -> str:
    """The office that issues the consolidated report (e.g. "Sở Khoa học và Công nghệ"); "" = the UBND."""
    return ws.store.get_setting(_OFFICE_SETTING, "") or ""


def set_office(ws: Workspace, name: str) -> None:
    name = nfc(" ".join((name or "").split()))
    if len(name) > 200:
        raise SuperiorError("Tên cơ quan dài quá 200 ký tự. Hãy viết ngắn lại.")
    ws.store.set_setting(_OFFICE_SETTING, name)


def _upper(text: str) -> str:
    return nfc(text).upper()


def header_lines(unit: Unit, office_name: str = "") -> tuple[str, tuple[str, ...]]:
    """(line above, unit lines) of the header: ``("", ("ỦY BAN NHÂN DÂN", "HUYỆN QUẢNG ĐIỀN"))`` or
    ``("UBND TỈNH THỪA THIÊN HUẾ", ("SỞ KHOA HỌC VÀ CÔNG NGHỆ",))``."""
    if unit.kind is UnitKind.TINH:
        place = unit.name or unit.province
    else:
        place = unit.name
    body = f"{unit.kind.label} {place}"
    if office_name.strip():
        return f"UBND {_upper(body)}", (_upper(office_name.strip()),)
    return "", ("ỦY BAN NHÂN DÂN", _upper(body))


def default_symbol(office_name: str = "") -> str:
    """``BC-UBND``, or the office's initials: ``BC-SKHCN`` for Sở Khoa học và Công nghệ."""
    words = [w for w in office_name.split() if w.lower() not in ("và", "-", "–")]
    if not words:
        return "BC-UBND"
    letters = "".join(_ascii_fold(w)[:1].upper() for w in words)
    return f"BC-{letters}"


def _ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def _fold(text: str) -> str:
    """For matching typed text: no diacritics, lower case, single spaces."""
    return " ".join(_ascii_fold(nfc(text)).lower().split())


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
        kind = _KIND_WORDS.get(text) or _KIND_WORDS.get(_fold(text))
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
                            "(mã đơn vị hành chính của Tổng cục Thống kê), ví dụ 19901.")
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


def _commune(record, names) -> ExpectedCommune:
    history = tuple(NameChange(n.valid_from, n.name, UnitKind(n.kind)) for n in names)
    latest = history[-1] if history else NameChange("", record.code, UnitKind(record.kind))
    return ExpectedCommune(record.code, latest.name, UnitKind(record.kind), record.source,
                           record.valid_from, record.retired_on, record.merged_into, history)


def list_expected(ws: Workspace, *, include_retired: bool = True) -> list[ExpectedCommune]:
    """The expected list in its order (two queries whatever its length)."""
    repo = SuperiorRepository(ws.store)
    names = repo.names()
    out = [_commune(r, names.get(r.code, ())) for r in repo.expected()]
    return out if include_retired else [c for c in out if c.active]


def _period_end(period: Period | str) -> str:
    p = period if isinstance(period, Period) else Period.parse(period)
    return p.default_range()[1].isoformat()


def expected_in(ws: Workspace, period: Period | str) -> list[ExpectedCommune]:
    """The communes expected to report ``period``: those that exist on its last day."""
    day = _period_end(period)
    return [c for c in list_expected(ws) if c.expected_on(day)]


def _iso(day: _dt.date | str | None) -> str:
    if day is None or day == "":
        return ""
    if isinstance(day, _dt.date):
        return day.isoformat()
    try:
        return _dt.date.fromisoformat(str(day)).isoformat()
    except ValueError:
        raise SuperiorError(f"Ngày '{day}' không hợp lệ; hãy ghi theo dạng năm-tháng-ngày, ví dụ "
                            "2025-07-01.") from None


def add_expected(ws: Workspace, code: str, name: str, kind: UnitKind | str | None = None, *,
                 valid_from: _dt.date | str | None = None, source: str = "typed") -> ExpectedCommune:
    """Add a commune typed in by the officer; without ``kind``, a kind word in front of the name
    ("Phường Thuận Hóa") gives it, else xã. Raises SuperiorError (Vietnamese) on bad input."""
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
        raise SuperiorError("Hãy ghi ngày sáp nhập có hiệu lực, ví dụ 2025-07-01.")
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
    from ..domain.formatting import short_date

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


@dataclass
class ListImport:
    """What importing a list of communes did (or, with ``errors``, why it did nothing)."""

    added: list[str] = field(default_factory=list)  # codes
    renamed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # Vietnamese, naming row and column

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        if self.errors:
            return (f"Chưa nhập danh sách: có {len(self.errors)} lỗi. Hãy sửa tệp rồi nhập lại.\n"
                    + "\n".join(f"- {e}" for e in self.errors))
        return (f"Đã nhập danh sách: {len(self.added)} đơn vị mới, {len(self.renamed)} đơn vị đổi tên, "
                f"{len(self.unchanged)} đơn vị không thay đổi.")


_HEADERS = {
    "code": ("mã", "mã đơn vị", "mã xã", "mã đvhc", "mã đơn vị hành chính", "code", "ma", "ma don vi",
             "ma xa"),
    "name": ("tên", "tên đơn vị", "tên xã", "tên đvhc", "tên đơn vị hành chính", "name", "ten",
             "ten don vi", "ten xa", "đơn vị"),
    "kind": ("loại", "loại đơn vị", "cấp", "kind", "loai", "loai don vi"),
}
_MAX_LIST_ROWS = 5000


def _read_rows(path: Path) -> list[list]:
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            try:
                wb = load_workbook(path, read_only=True, data_only=True)
            except Exception:
                raise SuperiorError(f"Không đọc được tệp Excel {path.name}: tệp hỏng hoặc không phải "
                                    ".xlsx. Hãy lưu lại bằng Excel (dạng .xlsx) rồi nhập lại.") from None
            try:
                ws = wb.worksheets[0]
                rows = []
                for row in ws.iter_rows(values_only=True):
                    rows.append(list(row))
                    if len(rows) > _MAX_LIST_ROWS + 1:
                        break
                return rows
            finally:
                wb.close()
        if suffix in (".csv", ".txt"):
            raw = path.read_bytes()
            for encoding in ("utf-8-sig", "cp1258"):
                try:
                    text = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:  # pragma: no cover - cp1258 decodes nearly anything
                raise SuperiorError(f"Tệp {path.name} không ở bảng mã UTF-8. Hãy lưu lại dạng CSV UTF-8.")
            try:
                dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
            except csv.Error:
                dialect = csv.excel
            return [row for row in csv.reader(io.StringIO(text), dialect)]
    except OSError as exc:
        raise SuperiorError(f"Không đọc được tệp {path.name} ({exc.strerror or exc}). Hãy kiểm tra "
                            "tệp rồi thử lại.") from None
    raise SuperiorError(f"Tệp {path.name} không phải .xlsx hay .csv. Hãy lưu danh sách dạng Excel "
                        "(.xlsx) hoặc CSV rồi nhập lại.")


def _header_map(header: list) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        text = nfc(str(cell or "")).strip().lower().rstrip(":")
        folded = _fold(text)
        for key, words in _HEADERS.items():
            if key in found:
                continue
            if text in words or folded in {_fold(w) for w in words}:
                found[key] = i
    return found


def import_expected(ws: Workspace, path: str | os.PathLike, *, dry_run: bool = False,
                    valid_from: _dt.date | str | None = None) -> ListImport:
    """Import a list of communes from .xlsx or .csv: a header row with "Mã", "Tên" and optionally
    "Loại", then one commune a row. Any error: nothing is changed and every error names its row and
    column. A code already listed with another name is renamed (from ``valid_from`` when given)."""
    require_superior(ws)
    path = Path(path)
    result = ListImport()
    rows = _read_rows(path)
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
    return result


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
                    progress: ProgressHook | None = None, cancelled: CancelHook | None = None,
                    learn: bool = False, backup: bool = True):
    """``services.packages.import_packages`` (same ``ImportReport``; each package all or nothing, a
    cancel keeps every finished one), then: the check of each new package, the packages refused for
    another key recorded for the board, and (``learn``) new senders added to the expected list."""
    from ..exchange.signing import fingerprint
    from . import packages

    require_superior(ws)
    report = packages.import_packages(ws, sources, dry_run=dry_run, progress=progress,
                                      cancelled=cancelled, backup=backup)
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


# -- the board -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Board:
    period: Period
    rows: list[BoardRow]  # expected communes, in list order
    unexpected: list[BoardRow]  # sent a package but are not expected (expected=False)

    @property
    def all_rows(self) -> list[BoardRow]:
        return self.rows + self.unexpected

    @property
    def sentence(self) -> str:
        """``34/36 xã đã báo cáo``."""
        return completeness_sentence(self.rows)

    @property
    def reported(self) -> int:
        return completeness(self.rows)[0]

    @property
    def missing(self) -> list[BoardRow]:
        return [r for r in self.rows if not r.status.reported]

    @property
    def missing_names(self) -> list[str]:
        """``xã Quảng Thọ`` … of every expected commune not (yet) counted as reported."""
        return [r.unit.full_name for r in self.missing]


def _period(period: Period | str) -> Period:
    if isinstance(period, Period):
        return period
    try:
        return Period.parse(period)
    except PeriodError as exc:
        raise SuperiorError(str(exc)) from None


def board(ws: Workspace, period: Period | str) -> Board:
    """One row per commune expected in ``period`` + a flagged row per unexpected sender.

    A handful of indexed queries whatever the number of communes (no query per commune)."""
    from ..exchange.signing import fingerprint

    require_superior(ws)
    p = _period(period)
    check_packages(ws, p)
    repo = SuperiorRepository(ws.store)
    day = _period_end(p)
    communes = list_expected(ws)
    by_code = {c.code: c for c in communes}
    expected = [c for c in communes if c.expected_on(day)]
    expected_codes = {c.code for c in expected}

    def target(code: str) -> str | None:
        """The expected row a package of ``code`` counts for (following merges)."""
        seen = set()
        while code and code not in seen:
            if code in expected_codes:
                return code
            seen.add(code)
            c = by_code.get(code)
            code = c.merged_into if c is not None else ""
        return None

    current: dict[str, object] = {}
    conflicts: dict[str, list] = {}
    strays: dict[str, list] = {}
    for pkg in repo.board_packages(p.code):
        row_code = target(pkg.unit_code)
        if row_code is None:
            strays.setdefault(pkg.unit_code, []).append(pkg)
            continue
        if pkg.status == "conflict":
            conflicts.setdefault(row_code, []).append(pkg)
        elif row_code not in current or pkg.unit_code == row_code:
            current[row_code] = pkg
    refusals = repo.refusals(p.code)
    key_changes = {}
    for kc in repo.key_changes(period=p.code):
        key_changes[target(kc.unit_code) or kc.unit_code] = kc

    def make(unit: ExpectedUnit, code: str, pkgs_current, pkgs_conflict, *, is_expected: bool) -> BoardRow:
        kc = key_changes.get(code)
        pkg = pkgs_current
        reasons = []
        if pkg is None and pkgs_conflict:
            pkg = pkgs_conflict[0]
        if pkg is None:
            refusal = refusals.get(code)
            if kc is not None:
                return BoardRow(unit, BoardStatus.REFUSED, kc.revision, kc.seen_at, kc.fingerprint,
                                _key_reason(kc), expected=is_expected, key_change_id=kc.id)
            if refusal is not None:
                return BoardRow(unit, BoardStatus.REFUSED, None, refusal.at, "", refusal.reason,
                                expected=is_expected)
            return BoardRow(unit, BoardStatus.MISSING, expected=is_expected)
        if pkgs_conflict:
            status = BoardStatus.CONFLICT
            reasons.append(f"có {len(pkgs_conflict)} bản khác của lần gửi {pkgs_conflict[0].revision} "
                           "với số liệu khác; hãy hỏi lại đơn vị rồi chọn bản đúng")
        elif pkg.warnings:
            status = BoardStatus.RECEIVED_WARNINGS
            reasons.append(pkg.summary)
        else:
            status = BoardStatus.RECEIVED
        if pkg.unit_code != code:
            reasons.append(f"gửi bằng mã cũ {pkg.unit_code} ({pkg.unit_name})")
        if kc is not None:
            reasons.append(_key_reason(kc))
        if not is_expected:
            reasons.insert(0, "không có trong danh sách đơn vị phải báo cáo")
        return BoardRow(unit, status, pkg.revision, pkg.imported_at, fingerprint(pkg.public_key),
                        "; ".join(r for r in reasons if r), package_id=pkg.id, expected=is_expected,
                        warnings=pkg.warnings or 0,
                        conflict_ids=tuple(c.id for c in pkgs_conflict),
                        key_change_id=kc.id if kc else None,
                        sent_as=pkg.unit_code if pkg.unit_code != code else "")

    rows = []
    for c in expected:
        n = c.name_on(day)
        unit = ExpectedUnit(c.code, n.name, n.kind)
        rows.append(make(unit, c.code, current.get(c.code), conflicts.get(c.code, []), is_expected=True))
    unexpected = []
    for code, pkgs in sorted(strays.items()):
        cur = next((x for x in pkgs if x.status == "current"), None)
        conf = [x for x in pkgs if x.status == "conflict"]
        first = cur or conf[0]
        try:
            kind = UnitKind(first.unit_kind)
        except ValueError:
            kind = UnitKind.XA
        unexpected.append(make(ExpectedUnit(code, first.unit_name, kind), code, cur, conf,
                               is_expected=False))
    for code, kc in key_changes.items():
        if code not in expected_codes and code not in strays:
            unexpected.append(BoardRow(ExpectedUnit(code, code), BoardStatus.REFUSED, kc.revision,
                                       kc.seen_at, kc.fingerprint, _key_reason(kc), expected=False,
                                       key_change_id=kc.id))
    return Board(p, rows, unexpected)


def _key_reason(kc) -> str:
    return (f"gói lần gửi {kc.revision} ký bằng khóa khác ({kc.fingerprint}); hãy gọi điện đối chiếu mã "
            "khóa rồi chấp nhận khóa mới")


def filter_board(rows: Sequence[BoardRow], text: str = "",
                 statuses: Iterable[BoardStatus] | None = None) -> list[BoardRow]:
    """The rows the window's filter keeps: ``text`` matches code, name or reason without regard to
    diacritics or case ("quang tho" finds "Quảng Thọ"); ``statuses`` keeps only those."""
    wanted = set(statuses) if statuses is not None else None
    needle = _fold(text)
    out = []
    for r in rows:
        if wanted is not None and r.status not in wanted:
            continue
        if needle and needle not in _fold(f"{r.unit.code} {r.unit.full_name} {r.reason} {r.status.label}"):
            continue
        out.append(r)
    return out


def board_periods(ws: Workspace) -> list[Period]:
    """Periods that have packages or a period of the superior workspace, newest first."""
    codes = set(SuperiorRepository(ws.store).periods()) | set(ws.store.period_codes())
    out = []
    for code in codes:
        try:
            out.append(Period.parse(code))
        except PeriodError:
            continue
    return sorted(out, reverse=True)


def resolve_conflict(ws: Workspace, package_id: int) -> None:
    """The officer chose this package (a conflict or the current one): it becomes current and the
    other versions of the same revision are kept as superseded."""
    from ..storage.packages import CONFLICT, PackageRepository
    from .packages import make_current

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
    from .packages import ExchangeError, _norm_fingerprint, accept_key

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


# -- consolidation ---------------------------------------------------------------------------------

@dataclass
class ConsolidatedView:
    """The consolidated data of a period: what the window's table, the PDF and Excel show."""

    period: Period
    board: Board
    consolidation: Consolidation
    names: dict[str, str]  # unit code → full name as printed ("xã Quảng Thọ")
    package_ids: dict[str, int]  # unit code → current package id

    @property
    def communes(self) -> int:
        return len(self.consolidation.datasets)


def consolidated(ws: Workspace, period: Period | str, *, progress: ProgressHook | None = None,
                 cancelled: CancelHook | None = None) -> ConsolidatedView:
    """Every current package of ``period`` (expected or not), read and summed."""
    p = _period(period)
    b = board(ws, p)
    repo = SuperiorRepository(ws.store)
    rows = repo.current_data(p.code)
    names = {r.unit.code: r.unit.full_name for r in b.all_rows}
    datasets = []
    ids = {}
    for i, (package_id, code, data) in enumerate(rows):
        if cancelled is not None and cancelled():
            raise SuperiorError("Đã dừng theo yêu cầu.")
        if progress is not None and i % 50 == 0:
            progress(i, len(rows), "Đang đọc số liệu các đơn vị…")
        ds = Dataset.from_json(data)
        datasets.append(ds)
        ids[code] = package_id
        names.setdefault(code, ds.unit.full_name)
    order = {r.unit.code: i for i, r in enumerate(b.all_rows)}
    datasets.sort(key=lambda d: (order.get(d.unit.code, len(order)), d.unit.code))
    if progress is not None:
        progress(len(rows), len(rows), "")
    return ConsolidatedView(p, b, consolidate(datasets), names, ids)


def consolidated_table(view: ConsolidatedView):
    """(headers, rows): communes × indicators (numerator, denominator, %) + total and average rows.
    The window's table model and the Excel sheet both show exactly this. Columns 0–1 are the unit's
    code and name, then three per catalogue indicator (``INDICATORS`` order); the last two rows are
    "Tổng cộng" (Σ numerators / Σ denominators) and "Trung bình các đơn vị" — keep them at the
    bottom when sorting. Percentages are floats (one decimal), missing figures None."""
    from .excel import indicator_table

    return indicator_table(view.consolidation, view.names)


def register_table(view: ConsolidatedView):
    """(headers, rows): the summed register, kind × condition, with totals."""
    from .excel import register_table as table

    return table(view.consolidation)


def board_table(b: Board):
    """(headers, rows) of the board (expected, then unexpected rows)."""
    from .excel import board_table as table

    return table(b.all_rows)


# -- one commune -----------------------------------------------------------------------------------

def commune_dataset(ws: Workspace, package_id: int) -> Dataset:
    """The commune's data exactly as it sent it (same canonical JSON, same digest)."""
    from .packages import package_dataset

    return package_dataset(ws, package_id)


def _commune_findings(ws: Workspace, ds: Dataset) -> list[Finding]:
    """The findings as the commune saw them: with its previous periods from the imported packages."""
    from ..storage.packages import PackageRepository

    repo = PackageRepository(ws.store)

    def figures(period: Period) -> Figures | None:
        rec = repo.current(ds.unit.code, period.code)
        if rec is None:
            return None
        return Figures(Dataset.from_json(repo.data(rec.id)).values)

    later = [r for r in repo.list(unit_code=ds.unit.code, status="current")
             if _safe_period(r.period) is not None and _safe_period(r.period) > ds.period]
    ctx = RuleContext(period=ds.period, figures=Figures(ds.values), register=list(ds.register),
                      previous=figures(ds.period.previous()),
                      last_year=figures(ds.period.same_period_last_year()),
                      check_future_acquisitions=not later)
    return evaluate(ctx)


def _safe_period(code: str) -> Period | None:
    try:
        return Period.parse(code)
    except PeriodError:
        return None


def commune_report(ws: Workspace, package_id: int, out: str | os.PathLike, *,
                   progress: Callable[[int, str], None] | None = None):
    """Print one commune's own report from its imported package: the same report the commune printed,
    stamped with the same revision and data digest. Returns ``services.report.ReportResult``."""
    from ..reporting.commune import CommuneReport, DataStamp
    from ..storage.packages import PackageRepository
    from .report import ReportResult, fonts_dir
    from .revisions import Revision

    record = PackageRepository(ws.store).get(package_id)
    ds = commune_dataset(ws, package_id)
    findings = _commune_findings(ws, ds)
    revision = Revision(record.revision, record.payload_sha256, True)
    stamp = DataStamp(ds.unit.code, ds.period.code, ds.period.label, revision.number,
                      revision.short_digest)
    report = CommuneReport(fonts_dir(), ds, findings=findings, stamp=stamp)
    out = _write_pdf(report, out, progress)
    return ReportResult(out, report.pages, out.stat().st_size, revision,
                        sum(1 for f in findings if not f.is_error))


def _write_pdf(report, out: str | os.PathLike, progress=None) -> Path:
    from .report import write_pdf

    return write_pdf(report, out, progress=progress, error=SuperiorError)


# -- the superior workspace's own period (text sections, document settings) ------------------------

def ensure_period(ws: Workspace, period: Period | str) -> Period:
    """The superior workspace's period (its text sections and doc.* values), created when missing
    with the document defaults of the office."""
    p = _period(period)
    if not ws.has_period(p):
        unit = require_superior(ws)
        ws.create_period(p)
        values = ws.values(p)
        if values.get("doc.symbol") == "BC-UBND":
            ws.set_value(p, "doc.symbol", default_symbol(office(ws)))
        ws.set_value(p, "doc.title", f"Tổng hợp tình hình ứng dụng công nghệ thông tin cấp xã {p.label}")
        if unit.kind is UnitKind.TINH:
            ws.set_value(p, "doc.place", unit.name or unit.province)
    return p


# -- the consolidated report and the workbook ------------------------------------------------------

@dataclass(frozen=True)
class ConsolidatedResult:
    path: Path
    pages: int
    size: int  # bytes
    sentence: str  # "34/36 xã đã báo cáo"
    communes: int  # datasets summed
    xlsx: Path | None = None


def default_consolidated_name(unit: Unit, period: Period | str, suffix: str = ".pdf") -> str:
    """``BC_TongHop_476-QuangDien_2019.pdf``."""
    from .report import _ascii_fold as fold

    name = fold(unit.name)
    return f"BC_TongHop_{unit.code}-{name}_{period}{suffix}" if name else \
        f"BC_TongHop_{unit.code}_{period}{suffix}"


def report_data(ws: Workspace, view: ConsolidatedView):
    """The plain data the consolidated report prints (the superior workspace's period values: doc.*,
    text.*, comments.* — the window edits them like any period value)."""
    from ..reporting.consolidated import ConsolidatedData

    unit = require_superior(ws)
    p = view.period
    values = ws.values(p) if ws.has_period(p) else {}
    name = office(ws)
    above, lines = header_lines(unit, name)
    issuer = name or unit.council_name
    return ConsolidatedData(unit=unit, period=p, values=values, rows=view.board.rows,
                            consolidation=view.consolidation, names=view.names,
                            header_lines=(above, lines), issuer=issuer,
                            unexpected=view.board.unexpected)


def make_consolidated_report(ws: Workspace, period: Period | str, out: str | os.PathLike, *,
                             xlsx: str | os.PathLike | None = None,
                             progress: Callable[[int, str], None] | None = None,
                             view: ConsolidatedView | None = None) -> ConsolidatedResult:
    """Write the consolidated PDF of ``period`` (atomically) and, with ``xlsx``, the workbook."""
    from ..reporting.consolidated import ConsolidatedReport
    from .report import fonts_dir

    require_superior(ws)
    if progress:
        progress(0, "Đang tổng hợp số liệu các đơn vị…")
    view = view or consolidated(ws, period)
    report = ConsolidatedReport(fonts_dir(), report_data(ws, view))
    path = _write_pdf(report, out, progress)
    book = write_consolidated_workbook(view, xlsx) if xlsx else None
    return ConsolidatedResult(path, report.pages, path.stat().st_size, view.board.sentence,
                              view.communes, book)


def workbook_sheets(view: ConsolidatedView) -> list:
    """(sheet title, (headers, rows)) of the workbook: the same tables the window shows."""
    return [("Tình hình nộp", board_table(view.board)), ("Chỉ tiêu các đơn vị", consolidated_table(view)),
            ("Thiết bị tổng hợp", register_table(view))]


def write_consolidated_workbook(view: ConsolidatedView, out: str | os.PathLike) -> Path:
    from .excel import write_workbook

    try:
        return write_workbook(out, workbook_sheets(view))
    except OSError as exc:
        raise SuperiorError(f"Không ghi được tệp Excel {out} ({exc.strerror or exc}). Hãy đóng tệp nếu "
                            "đang mở trong Excel, hoặc chọn thư mục khác.") from None


def export_consolidated(data_dir: str | os.PathLike | None, period: Period | str,
                        out: str | os.PathLike, *, xlsx: str | os.PathLike | None = None, paths=None,
                        progress: Callable[[int, str], None] | None = None) -> ConsolidatedResult:
    """The background worker: opens its own workspace (one connection per thread), makes the report."""
    with Workspace.open(data_dir, paths=paths) as ws:
        return make_consolidated_report(ws, period, out, xlsx=xlsx, progress=progress)


def export_workbook(data_dir: str | os.PathLike | None, period: Period | str, out: str | os.PathLike, *,
                    paths=None) -> Path:
    """The background worker for "Xuất Excel": its own workspace, the three sheets."""
    with Workspace.open(data_dir, paths=paths) as ws:
        return write_consolidated_workbook(consolidated(ws, period), out)
