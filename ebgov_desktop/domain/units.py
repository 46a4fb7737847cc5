"""Administrative units: kinds and how their names are printed."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum

__all__ = [
    "UnitKind",
    "Unit",
    "COMMUNE_KINDS",
    "SUPERIOR_KINDS",
    "province_code_for",
    "ListedUnit",
    "UnitList",
    "parse_legacy_list",
    "parse_merge_list",
    "search_key",
    "code_shape_problem",
    "DEMO_OLD_CODE",
    "DEMO_CODE",
]


class UnitKind(str, Enum):
    XA = "xa"
    PHUONG = "phuong"
    THI_TRAN = "thi_tran"
    DAC_KHU = "dac_khu"
    HUYEN = "huyen"
    THI_XA = "thi_xa"
    THANH_PHO = "thanh_pho"
    TINH = "tinh"

    @property
    def label(self) -> str:
        """Lower-case Vietnamese name: ``xã``, ``thị trấn`` …"""
        return _LABELS[self]

    @property
    def is_commune(self) -> bool:
        return self in COMMUNE_KINDS


_LABELS = {
    UnitKind.XA: "xã",
    UnitKind.PHUONG: "phường",
    UnitKind.THI_TRAN: "thị trấn",
    UnitKind.DAC_KHU: "đặc khu",
    UnitKind.HUYEN: "huyện",
    UnitKind.THI_XA: "thị xã",
    UnitKind.THANH_PHO: "thành phố",
    UnitKind.TINH: "tỉnh",
}

COMMUNE_KINDS = frozenset({UnitKind.XA, UnitKind.PHUONG, UnitKind.THI_TRAN, UnitKind.DAC_KHU})
SUPERIOR_KINDS = frozenset({UnitKind.HUYEN, UnitKind.THI_XA, UnitKind.THANH_PHO, UnitKind.TINH})


@dataclass(frozen=True)
class Unit:
    code: str
    kind: UnitKind
    name: str
    province: str
    province_code: str = ""
    district: str = ""
    #: Header lines of a superior-level office (e.g. "UBND TỈNH X" / "SỞ KHOA HỌC VÀ CÔNG NGHỆ").
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def full_name(self) -> str:
        """``xã Quảng Thọ``."""
        return f"{self.kind.label} {self.name}"

    @property
    def council_name(self) -> str:
        """``Ủy ban nhân dân xã Quảng Thọ``."""
        return f"Ủy ban nhân dân {self.full_name}"

    @property
    def short_council_name(self) -> str:
        """``UBND xã Quảng Thọ`` (as in the window title)."""
        return f"UBND {self.full_name}"

    def with_changes(self, **changes) -> "Unit":
        return replace(self, **changes)

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "kind": self.kind.value,
            "name": self.name,
            "district": self.district,
            "province": self.province,
            "province_code": self.province_code,
        }


# GSO province codes (Quyết định 124/2004/QĐ-TTg and later changes); the provinces formed in 2025
# keep the code of the province whose name they carry. Used to fill unit.province_code.
_PROVINCE_CODES = {
    "Hà Nội": "01", "Hà Giang": "02", "Cao Bằng": "04", "Bắc Kạn": "06", "Tuyên Quang": "08",
    "Lào Cai": "10", "Điện Biên": "11", "Lai Châu": "12", "Sơn La": "14", "Yên Bái": "15",
    "Hòa Bình": "17", "Thái Nguyên": "19", "Lạng Sơn": "20", "Quảng Ninh": "22", "Bắc Giang": "24",
    "Phú Thọ": "25", "Vĩnh Phúc": "26", "Bắc Ninh": "27", "Hải Dương": "30", "Hải Phòng": "31",
    "Hưng Yên": "33", "Thái Bình": "34", "Hà Nam": "35", "Nam Định": "36", "Ninh Bình": "37",
    "Thanh Hóa": "38", "Nghệ An": "40", "Hà Tĩnh": "42", "Quảng Bình": "44", "Quảng Trị": "45",
    "Thừa Thiên Huế": "46", "Huế": "46", "Đà Nẵng": "48", "Quảng Nam": "49", "Quảng Ngãi": "51",
    "Bình Định": "52", "Phú Yên": "54", "Khánh Hòa": "56", "Ninh Thuận": "58", "Bình Thuận": "60",
    "Kon Tum": "62", "Gia Lai": "64", "Đắk Lắk": "66", "Đắk Nông": "67", "Lâm Đồng": "68",
    "Bình Phước": "70", "Tây Ninh": "72", "Bình Dương": "74", "Đồng Nai": "75",
    "Bà Rịa - Vũng Tàu": "77", "Hồ Chí Minh": "79", "Long An": "80", "Tiền Giang": "82",
    "Bến Tre": "83", "Trà Vinh": "84", "Vĩnh Long": "86", "Đồng Tháp": "87", "An Giang": "89",
    "Kiên Giang": "91", "Cần Thơ": "92", "Hậu Giang": "93", "Sóc Trăng": "94", "Bạc Liêu": "95",
    "Cà Mau": "96",
}


def _fold(name: str) -> str:
    import unicodedata

    name = unicodedata.normalize("NFC", name).strip().lower()
    for prefix in ("thành phố ", "tp. ", "tp ", "tỉnh "):
        if name.startswith(prefix):
            name = name[len(prefix):]
    # "Hoà"/"Hòa", "Khánh Hoà"/"Khánh Hòa": old and new tone placement
    return name.replace("oà", "òa").replace("uỷ", "ủy").replace("oá", "óa")


_FOLDED = {_fold(k): v for k, v in _PROVINCE_CODES.items()}


def province_code_for(province: str) -> str:
    """The 2-digit GSO code of a province name, or ``""`` when it is not known."""
    return _FOLDED.get(_fold(province), "")


# -- the official lists of administrative units ----------------------------------------------------

#: The demo commune (xã Quảng Thọ, huyện Quảng Điền, Thừa Thiên Huế): its GSO code, and the code the
#: demo data carried before it was looked up (existing demo workspaces are migrated).
DEMO_CODE = "19894"
DEMO_OLD_CODE = "19894"

_KIND_BY_WORD = {k.label: k for k in UnitKind}


def search_key(text: str) -> str:
    """For matching typed text: no diacritics, ``đ`` → ``d``, lower case, single spaces."""
    import unicodedata

    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class ListedUnit:
    """One unit of an official list: a province (level ``P``), a district (``D``) or a commune (``C``)."""

    level: str
    code: str
    kind_word: str  # as listed, lower case: "xã", "phường", "quận", "thành phố" …
    name: str  # the proper name: "Quảng Thọ"
    province_code: str
    province: str = ""
    district_code: str = ""
    district: str = ""
    district_kind: str = ""

    @property
    def kind(self) -> UnitKind | None:
        """Our kind, or None for a kind the program does not keep (``quận``)."""
        if self.level == "P":
            return UnitKind.TINH
        return _KIND_BY_WORD.get(self.kind_word)

    @property
    def full_name(self) -> str:
        """``Xã Quảng Thọ``."""
        return f"{self.kind_word.capitalize()} {self.name}"

    @property
    def place(self) -> str:
        """``huyện Quảng Điền, Huế`` — where the unit is, for a list shown to the officer."""
        parts = [f"{self._district_word()} {self.district}" if self.district else "", self.province]
        return ", ".join(p for p in parts if p)

    def _district_word(self) -> str:
        return self.district_kind or "huyện"

    def matches(self, key: str) -> bool:
        """``key`` (a :func:`search_key`) found in the code, the name or the full name."""
        return not key or self.code.startswith(key) or key in search_key(self.full_name)


class UnitList:
    """One official list (before or from 01/7/2025): provinces, districts (before only), communes."""

    def __init__(self, label: str, units: list[ListedUnit]):
        self.label = label
        self._by_code: dict[tuple[str, str], ListedUnit] = {(u.level, u.code): u for u in units}
        self._units = units

    def provinces(self) -> list[ListedUnit]:
        return sorted((u for u in self._units if u.level == "P"), key=lambda u: search_key(u.name))

    def districts(self, province_code: str | None = None) -> list[ListedUnit]:
        return [u for u in self._units if u.level == "D"
                and (province_code is None or u.province_code == province_code)]

    def communes(self, province_code: str | None = None, district_code: str | None = None) -> list[ListedUnit]:
        return [u for u in self._units if u.level == "C"
                and (province_code is None or u.province_code == province_code)
                and (district_code is None or u.district_code == district_code)]

    def get(self, level: str, code: str) -> ListedUnit | None:
        return self._by_code.get((level, code))

    def search(self, text: str, *, level: str = "C", province_code: str | None = None,
               limit: int = 200) -> list[ListedUnit]:
        """Units of ``level`` whose code starts with, or whose name contains, ``text`` (without
        diacritics: "quang tho" finds "Quảng Thọ")."""
        key = search_key(text)
        out = []
        for u in self._units:
            if u.level == level and (province_code is None or u.province_code == province_code) \
                    and u.matches(key):
                out.append(u)
                if len(out) >= limit:
                    break
        return out

    def __len__(self) -> int:
        return len(self._units)


def parse_legacy_list(text: str) -> UnitList:
    """The list before 01/7/2025 from ``resources/units/legacy-units.tsv`` (``packaging/units_legacy.py``)."""
    provinces: dict[str, str] = {}
    districts: dict[str, tuple[str, str, str]] = {}
    units: list[ListedUnit] = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        level, code, parent, kind, name = line.split("\t")
        if level == "P":
            provinces[code] = name
            units.append(ListedUnit("P", code, kind, name, code, name))
        elif level == "D":
            districts[code] = (parent, kind, name)
            units.append(ListedUnit("D", code, kind, name, parent, provinces.get(parent, "")))
        else:
            pc, dkind, dname = districts.get(parent, ("", "", ""))
            units.append(ListedUnit("C", code, kind, name, pc, provinces.get(pc, ""), parent, dname,
                                    district_kind=dkind))
    return UnitList("trước 01/7/2025", units)


def parse_merge_list(text: str) -> dict[str, list[tuple[str, bool]]]:
    """``resources/units/merge-2025.tsv``: new commune code → [(former code, whole)]."""
    out: dict[str, list[tuple[str, bool]]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            new, old, part = line.split("\t")
            out.setdefault(new, []).append((old, part == "whole"))
    return out


#: How many digits a code of each level has (GSO): province 2, district 3, commune 5.
_CODE_DIGITS = {
    UnitKind.TINH: (2,),
    UnitKind.HUYEN: (3,),
    UnitKind.THI_XA: (3,),
    UnitKind.THANH_PHO: (2, 3),  # a centrally-run city (2) or a provincial city (3)
}


def code_shape_problem(kind: UnitKind, code: str) -> str:
    """A Vietnamese reason when ``code`` has the wrong shape for ``kind`` (else ``""``)."""
    digits = _CODE_DIGITS.get(kind, (5,))
    if code.isdigit() and len(code) in digits:
        return ""
    want = " hoặc ".join(str(d) for d in digits)
    return (f"mã {kind.label} '{code}' phải gồm đúng {want} chữ số (mã đơn vị hành chính của Tổng cục "
            "Thống kê)")
