"""What every part of the superior level shares: its error, ``require_superior``, the office that
issues the consolidated report and its header, period and date parsing, text folding for filters."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

from ...domain.dataset import nfc
from ...domain.periods import Period, PeriodError
from ...domain.units import Unit, UnitKind
from ..workspace import Workspace, WorkspaceError

_OFFICE_SETTING = "superior.office"


class SuperiorError(WorkspaceError):
    """A superior-level action that cannot be done; a Vietnamese message saying what to do."""


def require_superior(ws: Workspace, what: str = "Danh sách đơn vị, tình hình nộp và báo cáo tổng hợp") -> Unit:
    """The workspace's unit when it is a huyện / tỉnh; else ``SuperiorError`` saying that ``what`` (the
    action, in Vietnamese) is done at the superior level only. The one check for every superior action
    (the window, the command line and ``services.packages.import_packages`` call it)."""
    unit = ws.require_unit()
    if unit.kind.is_commune:
        raise SuperiorError(
            f"Dữ liệu này là của {unit.short_council_name} (cấp xã). {what} chỉ dùng ở cấp huyện, tỉnh; "
            "hãy mở (hoặc tạo) dữ liệu của cấp trên.")
    return unit


# -- the office and the report header --------------------------------------------------------------

def office(ws: Workspace) -> str:
    """The office that issues the consolidated report (e.g. "Sở Khoa học và Công nghệ"); "" = the UBND."""
    return ws.store.get_setting(_OFFICE_SETTING, "") or ""


def set_office(ws: Workspace, name: str) -> None:
    name = nfc(" ".join((name or "").split()))
    if len(name) > 200:
        raise SuperiorError("Tên cơ quan dài quá 200 ký tự. Hãy viết ngắn lại.")
    before = default_symbol(office(ws))
    ws.store.set_setting(_OFFICE_SETTING, name)
    # the periods' ký hiệu that still is the old office's default follows the new office, so that
    # the window shows what the report prints (BC-SKHCN for a Sở), and a symbol typed stays
    for p in ws.periods():
        symbol = ws.values(p).get("doc.symbol")
        if symbol in (before, "BC-UBND") and symbol != default_symbol(name):
            ws.set_value(p, "doc.symbol", default_symbol(name))


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


class _FoldTable(dict):
    """Each character → itself without its marks ("ả" → "a", "Đ" → "D", a lone mark → nothing),
    worked out the first time it is met: ``str.translate`` then folds a text in one C loop (the
    board's filter folds 3,321 communes' names and reasons)."""

    def __missing__(self, ch: int) -> str:
        c = chr(ch)
        text = unicodedata.normalize("NFD", c.replace("Đ", "D").replace("đ", "d"))
        self[ch] = out = "".join(x for x in text if unicodedata.category(x) != "Mn")
        return out


_FOLD = _FoldTable()


def _ascii_fold(text: str) -> str:
    return text.translate(_FOLD)


def fold(text: str) -> str:
    """For matching typed text: no diacritics, lower case, single spaces."""
    return " ".join(_ascii_fold(nfc(text)).lower().split())



def _period_end(period: Period | str) -> str:
    p = period if isinstance(period, Period) else Period.parse(period)
    return p.default_range()[1].isoformat()


def _iso(day: _dt.date | str | None) -> str:
    if day is None or day == "":
        return ""
    if isinstance(day, _dt.date):
        return day.isoformat()
    text = str(day).strip()
    try:
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)  # as officers write it: 01/07/2025
        day = _dt.date(int(m[3]), int(m[2]), int(m[1])) if m else _dt.date.fromisoformat(text)
        return day.isoformat()
    except ValueError:
        raise SuperiorError(f"Ngày '{text}' không hợp lệ; hãy ghi theo dạng ngày/tháng/năm, ví dụ "
                            "01/07/2025.") from None


def _period(period: Period | str) -> Period:
    if isinstance(period, Period):
        return period
    try:
        return Period.parse(period)
    except PeriodError as exc:
        raise SuperiorError(str(exc)) from None
