"""Reading an officer's register spreadsheet: the cells of the sheet, which row holds the headings and
which column holds what (common Vietnamese headings, with or without diacritics), and the cell values
read as kinds, conditions, origins, user groups, counts and years.

``register_io.py`` (preview, import, export) builds on these and re-exports the public names.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.dataset import nfc
from ..domain.formatting import fold, parse_vn_int
from ..domain.register import REGISTER_COLUMNS, register_choices
from ..domain.template import Choice, Template, TemplateRef
from .legacy_import import sheet_fonts
from .sheets import read_rows
from .workspace import WorkspaceError

__all__ = [
    "MAX_ROWS",
    "RegisterFileError",
    "Sheet",
    "HEADINGS",
    "COLUMN_LABELS",
    "read_sheet",
    "guess_header",
    "column_letter",
    "match_kind",
    "match_condition",
    "match_choice",
]

MAX_ROWS = 20_000
_HEADER_SEARCH = 30  # the header row is looked for among the first rows


class RegisterFileError(WorkspaceError):
    """The file cannot be read as a register (Vietnamese message: what happened, what to do)."""


# -- reading ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sheet:
    """The cells of one sheet: ``rows[i][j]`` is row ``i + 1``, column ``j + 1`` (plain values)."""

    name: str
    rows: list[list[Any]]
    fonts: dict[int, str] = field(default_factory=dict)  # column → legacy encoding its font says


def read_sheet(path: str | os.PathLike) -> Sheet:
    """The first worksheet of an .xlsx file, or a CSV file (UTF-8, with or without BOM, or
    Windows-1258; comma, semicolon or tab): ``services.sheets``. Raises ``RegisterFileError``."""
    path = Path(path)
    rows = read_rows(path, error=RegisterFileError, what="sổ thiết bị", max_rows=MAX_ROWS)
    if len(rows) > MAX_ROWS:
        raise RegisterFileError(f"Tệp {path.name} có hơn {MAX_ROWS:,} dòng; không phải sổ thiết bị của "
                                "một đơn vị.".replace(",", "."))
    return Sheet(path.name, rows, sheet_fonts(path))


# -- headings --------------------------------------------------------------------------------------
#: Headings officers write over each column, folded (no diacritics, lower case, parentheses left out).
#: A heading matches exactly, or starts with one of the longer (two-word) phrases.
HEADINGS: dict[str, tuple[str, ...]] = {
    "kind": ("loai thiet bi", "loai", "chung loai", "loai tai san", "nhom thiet bi", "loai tb",
             "phan loai"),
    "description": ("mo ta", "ten thiet bi", "ten tai san", "ten", "model", "ten tb", "thiet bi",
                    "nhan hieu", "ten nhan hieu", "cau hinh", "ky ma hieu", "ten va cau hinh",
                    "ten, nhan hieu", "ten trang thiet bi"),
    "quantity": ("so luong", "sl", "so luong thiet bi"),
    "year_acquired": ("nam trang bi", "nam mua", "nam mua sam", "nam su dung", "nam dua vao su dung",
                      "nam cap", "nam san xuat", "nam"),
    "origin": ("khi nhan", "tinh trang khi nhan", "moi cu", "moi hay cu", "nguon goc", "nguon"),
    "condition": ("tinh trang", "hien trang", "tinh trang su dung", "chat luong"),
    "location": ("vi tri", "noi dat", "vi tri dat", "noi su dung", "bo phan su dung", "bo phan",
                 "phong", "phong ban", "don vi su dung"),
    "user_group": ("doi tuong su dung", "doi tuong", "nguoi su dung"),
    "cpnet": ("ket noi cpnet", "cpnet", "so may ket noi cpnet"),
    "asset_code": ("ma tai san", "ma ts", "so hieu", "so hieu tai san", "ma so", "ma"),
    "notes": ("ghi chu",),
    "year_disposed": ("nam thanh ly",),
}
COLUMN_LABELS = dict(REGISTER_COLUMNS)


def _heading(text: Any) -> str:
    """A heading as matched: folded, parenthesised parts and punctuation left out."""
    t = fold(re.sub(r"\([^)]*\)", " ", str(text or "")))
    return " ".join(re.sub(r"[^a-z0-9,]+", " ", t).replace(",", " ").split())


_EXACT = {_heading(h): key for key, hs in HEADINGS.items() for h in hs}
_PREFIXES = sorted(((_heading(h), key) for key, hs in HEADINGS.items() for h in hs if " " in h),
                   key=lambda p: -len(p[0]))


def _heading_key(text: Any) -> tuple[str, int] | None:
    """(register key, quality) of one heading: 2 exact, 1 a longer heading starting with a phrase."""
    h = _heading(text)
    if not h:
        return None
    if h in _EXACT:
        return _EXACT[h], 2
    for phrase, key in _PREFIXES:
        if h.startswith(phrase + " "):
            return key, 1
    return None


def _map_headings(header: list[Any]) -> dict[str, int]:
    candidates = []
    for col, cell in enumerate(header):
        found = _heading_key(cell)
        if found:
            candidates.append((-found[1], col, found[0]))
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for _q, col, key in sorted(candidates):
        if key not in mapping and col not in used:
            mapping[key] = col
            used.add(col)
    return mapping


def guess_header(rows: list[list[Any]]) -> tuple[int, dict[str, int]]:
    """(index of the header row, {register key: column index}) — the first of the top rows whose
    cells name the most columns (a kind or a description among them); (-1, {}) when none does."""
    best, best_map = -1, {}
    for i, row in enumerate(rows[:_HEADER_SEARCH]):
        mapping = _map_headings(row)
        if "kind" not in mapping and "description" not in mapping:
            continue
        if len(mapping) >= 2 and len(mapping) > len(best_map):
            best, best_map = i, mapping
    return best, best_map


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (as Excel names columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# -- values ----------------------------------------------------------------------------------------
def _choices_by_name(choices: tuple[Choice, ...]) -> dict[str, str]:
    out = {}
    for c in choices:
        if c.label:
            out[fold(c.label)] = c.key
            out[fold(re.sub(r"\([^)]*\)", "", c.label))] = c.key
        out[c.key.replace("_", " ")] = c.key
    return out


#: Words in a kind or a device name that say its kind, most specific first (folded).
_KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("may tinh xach tay", "computer_laptop"), ("xach tay", "computer_laptop"),
    ("laptop", "computer_laptop"), ("notebook", "computer_laptop"),
    ("may chu", "server"), ("server", "server"),
    ("photocopy", "photocopier"), ("may photo", "photocopier"),
    ("may quet", "scanner"), ("scanner", "scanner"), ("scan", "scanner"),
    ("may in", "printer"), ("printer", "printer"),
    ("luu dien", "ups"), ("ups", "ups"),
    ("camera", "camera"),
    ("kiosk", "kiosk"),
    ("ma vach", "barcode_reader"),
    ("hien thi ket qua", "queue_display"), ("man hinh hien thi", "queue_display"),
    ("bang led", "led_board"), ("man hinh led", "led_board"), ("man hinh lon", "led_board"),
    ("chuyen mach", "switch"), ("switch", "switch"),
    ("wifi", "wifi"), ("wi fi", "wifi"), ("phat song", "wifi"), ("access point", "wifi"),
    ("tuong lua", "firewall"), ("firewall", "firewall"),
    ("chong set", "lightning_protection"),
    ("hop truc tuyen", "video_conference"), ("hoi nghi truc tuyen", "video_conference"),
    ("truyen so lieu chuyen dung", "government_network"), ("cpnet", "government_network"),
    ("internet", "internet_link"), ("cap quang", "internet_link"), ("ftth", "internet_link"),
    ("adsl", "internet_link"),
    ("may tinh de ban", "computer_desktop"), ("may tinh ban", "computer_desktop"),
    ("may tinh", "computer_desktop"), ("desktop", "computer_desktop"), ("pc", "computer_desktop"),
    ("may bo", "computer_desktop"),
    ("khac", "other"),
)
_CONDITION_WORDS: tuple[tuple[str, str], ...] = (
    ("khong su dung duoc", "hong"), ("hu hong", "hong"), ("hong", "hong"), ("hu", "hong"),
    ("can thay the", "hong"), ("cho thanh ly", "hong"),
    ("khong tot", "xuong_cap"), ("xuong cap", "xuong_cap"), ("nang cap", "xuong_cap"),
    ("kem", "xuong_cap"), ("trung binh", "xuong_cap"), ("cham", "xuong_cap"),
    ("tot", "tot"), ("binh thuong", "tot"), ("dang su dung", "tot"), ("hoat dong", "tot"),
    ("on dinh", "tot"), ("su dung duoc", "tot"),
)
_ORIGIN_WORDS = (("da qua su dung", "da_qua_su_dung"), ("qua su dung", "da_qua_su_dung"),
                 ("dieu chuyen", "da_qua_su_dung"), ("cu", "da_qua_su_dung"), ("moi", "moi"))
_GROUP_WORDS = (("khong chuyen trach", "khong_chuyen_trach"), ("kct", "khong_chuyen_trach"),
                ("dung chung", "chung"), ("chung", "chung"), ("cbcc", "cbcc"), ("can bo", "cbcc"),
                ("cong chuc", "cbcc"))
#: Per register column, the words officers use for the keys the shipped templates share; a word
#: counts only when its key is in the period's template.
_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "kind": _KIND_WORDS, "condition": _CONDITION_WORDS, "origin": _ORIGIN_WORDS,
    "user_group": _GROUP_WORDS,
}
_LISTS: dict[TemplateRef, dict[str, tuple[dict[str, str], tuple[tuple[str, str], ...]]]] = {}


def _lists(template: Template) -> dict[str, tuple[dict[str, str], tuple[tuple[str, str], ...]]]:
    """Per register column: (the template's labels and keys, folded → key; the words for its keys)."""
    found = _LISTS.get(template.ref)
    if found is None:
        found = {}
        for column, choices in register_choices(template).items():
            keys = {c.key for c in choices}
            found[column] = (_choices_by_name(choices),
                             tuple((w, k) for w, k in _WORDS[column] if k in keys))
        _LISTS[template.ref] = found
    return found


def _match(text: Any, names: dict[str, str], words: tuple[tuple[str, str], ...]) -> str | None:
    t = fold(str(text or ""))
    if not t:
        return None
    if t in names:
        return names[t]
    spaced = f" {' '.join(re.sub(r'[^a-z0-9]+', ' ', t).split())} "
    for word, key in words:
        if f" {word} " in spaced:
            return key
    return None


def match_choice(column: str, text: Any, template: Template) -> str | None:
    """The key in ``template``'s list for ``column`` (kind, condition, origin, user_group) of what an
    officer wrote: a label or key of the list, or a usual word for one (diacritics, case ignored)."""
    names, words = _lists(template)[column]
    return _match(text, names, words)


def match_kind(text: Any, template: Template) -> str | None:
    """The kind key for a kind's name or a device's name (diacritics and case ignored), or None."""
    return match_choice("kind", text, template)


def match_condition(text: Any, template: Template) -> str | None:
    """The condition key for what an officer writes (Tốt, tot, Hư hỏng, Cần nâng cấp…), or None."""
    return match_choice("condition", text, template)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an asset code typed as a number: 10234, not 10234.0
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(nfc(str(value)).split())


_UNIT_WORDS = ("cai", "chiec", "bo", "may", "he thong", "cuon", "tb", "thiet bi")


def _count(value: Any) -> int:
    """A whole number ≥ 0 from a cell: 3, 3.0, "3", "03", "1.200", "3 chiếc". Raises ValueError."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError
    t = fold(str(value))
    for word in _UNIT_WORDS:
        t = re.sub(rf"\s+{word}$", "", t)
    n = parse_vn_int(t)  # "1.200" is 1200; "2.5" and "2,5" are refused, never read as 25
    if n < 0:
        raise ValueError
    return n


def _year(value: Any) -> int:
    """A year from a number, a date or a text (2018, "2018", "05/2018", "12/5/2018"). Raises ValueError."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.year
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer():
            return int(value)
        raise ValueError
    found = re.findall(r"(?<!\d)(\d{4})(?!\d)", str(value))
    if len(found) != 1 or not re.fullmatch(r"[\d\s./\-]*", str(value).strip()):
        raise ValueError
    return int(found[0])
