"""Administrative units: kinds and how their names are printed."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum

__all__ = ["UnitKind", "Unit", "COMMUNE_KINDS", "SUPERIOR_KINDS", "province_code_for"]


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
