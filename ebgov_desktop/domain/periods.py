"""Reporting periods and the legal regime that applies to a date.

Period codes: ``2019`` (năm), ``2019-H1`` (6 tháng), ``2025-9T`` (9 tháng đầu năm), ``2019-Q3`` (quý),
``2019-07`` (tháng), ``2019-X2`` (đột xuất, numbered). Default date ranges follow Nghị định
09/2019/NĐ-CP, Điều 12: the figures of a period run from the 15th of the month before it starts to the
14th of its last month (so 9 tháng: 15/12 of the year before to 14/9).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from enum import Enum

from .errors import UserError

__all__ = [
    "PeriodKind",
    "Period",
    "PeriodError",
    "ONLINE_SERVICE_REGIME_CHANGE",
    "TWO_TIER_REFORM",
    "uses_service_levels",
    "has_district_level",
]

#: Nghị định 42/2022 (toàn trình / một phần) replaces the mức 2/3/4 levels of Nghị định 43/2011.
ONLINE_SERVICE_REGIME_CHANGE = _dt.date(2022, 8, 1)
#: The two-tier local government: no district level from this date.
TWO_TIER_REFORM = _dt.date(2025, 7, 1)


class PeriodError(UserError, ValueError):
    """A period code that cannot be read."""


class PeriodKind(str, Enum):
    YEAR = "nam"
    HALF = "6thang"
    NINE_MONTHS = "9thang"
    QUARTER = "quy"
    MONTH = "thang"
    AD_HOC = "dotxuat"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    PeriodKind.YEAR: "Năm",
    PeriodKind.HALF: "6 tháng",
    PeriodKind.NINE_MONTHS: "9 tháng",
    PeriodKind.QUARTER: "Quý",
    PeriodKind.MONTH: "Tháng",
    PeriodKind.AD_HOC: "Đột xuất",
}

_CODE = re.compile(r"^(\d{4})(?:-(H[12]|9T|Q[1-4]|0[1-9]|1[0-2]|X\d{1,2}))?$")


def _fifteenth_before(year: int, month: int) -> _dt.date:
    """The 15th of the month before ``month`` of ``year``."""
    if month == 1:
        return _dt.date(year - 1, 12, 15)
    return _dt.date(year, month - 1, 15)


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: PeriodKind
    index: int = 0  # half 1–2, quarter 1–4, month 1–12, ad-hoc number; 0 for a year and 9 tháng

    @classmethod
    def parse(cls, code: str) -> "Period":
        m = _CODE.match(code.strip()) if isinstance(code, str) else None
        if not m:
            raise PeriodError(
                f"Kỳ báo cáo '{code}' không hợp lệ (dạng đúng: 2019, 2019-H1, "
                f"2019-9T, 2019-Q3, 2019-07, 2019-X1)"
            )
        year = int(m.group(1))
        if not 1990 <= year <= 2100:
            raise PeriodError(f"Năm {year} của kỳ báo cáo '{code}' không hợp lệ")
        part = m.group(2)
        if part is None:
            return cls(year, PeriodKind.YEAR)
        if part == "9T":
            return cls(year, PeriodKind.NINE_MONTHS)
        if part[0] == "H":
            return cls(year, PeriodKind.HALF, int(part[1]))
        if part[0] == "Q":
            return cls(year, PeriodKind.QUARTER, int(part[1]))
        if part[0] == "X":
            if int(part[1:]) < 1:
                raise PeriodError(f"Kỳ báo cáo '{code}' không hợp lệ")
            return cls(year, PeriodKind.AD_HOC, int(part[1:]))
        return cls(year, PeriodKind.MONTH, int(part))

    @property
    def code(self) -> str:
        if self.kind is PeriodKind.YEAR:
            return str(self.year)
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"{self.year}-9T"
        prefix = {PeriodKind.HALF: "H", PeriodKind.QUARTER: "Q", PeriodKind.AD_HOC: "X"}
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}-{self.index:02d}"
        return f"{self.year}-{prefix[self.kind]}{self.index}"

    @property
    def label(self) -> str:
        """Vietnamese name as printed in titles: ``năm 2019``, ``6 tháng đầu năm 2019`` …"""
        if self.kind is PeriodKind.YEAR:
            return f"năm {self.year}"
        if self.kind is PeriodKind.HALF:
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"9 tháng đầu năm {self.year}"
        if self.kind is PeriodKind.QUARTER:
            roman = ["I", "II", "III", "IV"][self.index - 1]
            return f"quý {roman} năm {self.year}"
        if self.kind is PeriodKind.MONTH:
            return f"tháng {self.index}/{self.year}"
        return f"đột xuất số {self.index} năm {self.year}"

    def default_range(self) -> tuple[_dt.date, _dt.date]:
        """Start and end of the figures per Nghị định 09/2019 (editable by the officer)."""
        y = self.year
        if self.kind in (PeriodKind.YEAR, PeriodKind.AD_HOC):
            return _dt.date(y - 1, 12, 15), _dt.date(y, 12, 14)
        if self.kind is PeriodKind.HALF:
            first, last = (1, 6) if self.index == 1 else (7, 12)
        elif self.kind is PeriodKind.NINE_MONTHS:
            first, last = 1, 9
        elif self.kind is PeriodKind.QUARTER:
            first, last = 3 * self.index - 2, 3 * self.index
        else:
            first = last = self.index
        return _fifteenth_before(y, first), _dt.date(y, last, 14)

    def same_period_last_year(self) -> "Period":
        return Period(self.year - 1, self.kind, self.index)

    def previous(self) -> "Period":
        """The period just before this one, of the same kind."""
        if self.kind in (PeriodKind.YEAR, PeriodKind.NINE_MONTHS, PeriodKind.AD_HOC):
            return Period(self.year - 1, self.kind, self.index)
        count = {PeriodKind.HALF: 2, PeriodKind.QUARTER: 4, PeriodKind.MONTH: 12}[self.kind]
        if self.index == 1:
            return Period(self.year - 1, self.kind, count)
        return Period(self.year, self.kind, self.index - 1)

    def __str__(self) -> str:
        return self.code


def uses_service_levels(period_end: _dt.date) -> bool:
    """True when online services are counted as mức 2/3/4 (Nghị định 43/2011), before 01/8/2022."""
    return period_end < ONLINE_SERVICE_REGIME_CHANGE


def has_district_level(document_date: _dt.date) -> bool:
    """A document dated from 01/7/2025 has no district level above the commune."""
    return document_date < TWO_TIER_REFORM
