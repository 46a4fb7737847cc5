"""Vietnamese number and date formatting: ``3.338``, ``95,5%``, ``ngày 05 tháng 02 năm 2019``."""

from __future__ import annotations

import datetime as _dt
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "vn_int",
    "pad2",
    "vn_percent",
    "vn_ratio",
    "vn_decimal",
    "percent_value",
    "round_percent",
    "vn_typed_percent",
    "long_date",
    "short_date",
    "parse_vn_int",
    "fold",
]


def vn_int(n: int) -> str:
    """``1234567`` → ``1.234.567`` (dot as thousands separator)."""
    sign = "-" if n < 0 else ""
    return sign + f"{abs(int(n)):,}".replace(",", ".")


def pad2(n: int) -> str:
    """Counts under 10 as two digits, as official tables print them: ``4`` → ``04``."""
    return f"{n:02d}" if 0 <= n < 10 else vn_int(n)


def round_percent(raw: Decimal) -> Decimal:
    """``raw`` rounded half-up to one decimal, but never up to a limit it does not reach: 99,95…
    stays 99,9 (only 100 is 100%), and a share above 0 never prints as 0 (0,04 → 0,1)."""
    q = raw.quantize(_TENTH, rounding=ROUND_HALF_UP)
    if q >= 100 > raw:
        return Decimal("99.9")
    if q <= 0 < raw:
        return _TENTH
    return q


_TENTH = Decimal("0.1")


def percent_value(numerator: int, denominator: int) -> Decimal | None:
    """The percentage rounded half-up to one decimal (``round_percent``: never up to 100% or down to
    0% unless it is), or None when the denominator is 0."""
    if not denominator:
        return None
    return round_percent(Decimal(numerator) * 100 / Decimal(denominator))


def vn_decimal(value: Decimal | float, places: int = 1) -> str:
    """``95.5`` → ``95,5``; ``100.0`` → ``100``; grouping in the integer part."""
    q = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    q = abs(q)
    integer = int(q)
    fraction = q - integer
    text = vn_int(integer)
    if fraction:
        digits = f"{fraction:.{places}f}"[2:].rstrip("0")
        text += "," + digits
    return sign + text


def vn_typed_percent(value: Decimal | float) -> str:
    """A percentage the officer typed, with the digits typed (up to two decimals, as stored):
    ``91.24`` → ``91,24%``, ``99.95`` → ``99,95%`` (never rounded up to 100%), ``100.0`` → ``100%``."""
    return vn_decimal(value, 2) + "%"


def vn_percent(numerator: int, denominator: int) -> str:
    """``21, 22`` → ``95,5%`` (one decimal, half-up); empty string when the denominator is 0."""
    p = percent_value(numerator, denominator)
    return "" if p is None else vn_decimal(p) + "%"


def vn_ratio(numerator: int, denominator: int, *, with_percent: bool = True) -> str:
    """``22, 22`` → ``22/22 (100%)``."""
    text = f"{vn_int(numerator)}/{vn_int(denominator)}"
    if with_percent and denominator:
        text += f" ({vn_percent(numerator, denominator)})"
    return text


def _day_month(d: _dt.date) -> tuple[str, str]:
    # Nghị định 30/2020: days 1–9 and months 1–2 take a leading zero.
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return day, month


def long_date(d: _dt.date) -> str:
    """``ngày 05 tháng 02 năm 2019``."""
    day, month = _day_month(d)
    return f"ngày {day} tháng {month} năm {d.year}"


def short_date(d: _dt.date) -> str:
    """``12/3/2019``, ``08/01/2019`` (same padding rule as the date line)."""
    day, month = _day_month(d)
    return f"{day}/{month}/{d.year}"


def parse_vn_int(text: str) -> int:
    """Parse a count as an officer types it: ``3.338``, ``3338``, `` 1 234 ``. Raises ValueError.

    Never changes what was meant: ``2,5`` (a decimal) and ``2.5`` (not a thousands grouping) are
    refused, not read as 25."""
    stripped = text.strip()
    if "," in stripped:
        raise ValueError(f"'{text}' có dấu phẩy (số thập phân); chỉ nhận số nguyên")
    sign = "-" if stripped.startswith("-") else ""
    body = stripped[len(sign):].replace(" ", "").replace("\u00a0", "")
    groups = body.split(".")
    if not body or not all(g.isdigit() for g in groups):
        raise ValueError(f"'{text}' không phải là số nguyên")
    if len(groups) > 1 and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
        raise ValueError(f"'{text}' không phải là số nguyên (dấu chấm chỉ ngăn cách hàng nghìn: 3.338)")
    return int(sign + "".join(groups))


def fold(text: str) -> str:
    """For matching what people type: no diacritics (đ → d), lower case, single spaces.

    ``"  Máy TÍNH  để bàn"`` → ``"may tinh de ban"``; NFC and NFD input fold alike.
    """
    text = unicodedata.normalize("NFD", str(text).replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.lower().split())


def parse_year_line(line: str) -> tuple[int, int] | None:
    """``2016: 72`` → (2016, 72); None when the line is not of that form."""
    year, sep, count = line.partition(":")
    year, count = year.strip().removeprefix("Năm").removeprefix("năm").strip(), count.strip()
    count = count.replace(".", "").replace(" ", "")
    if not sep or not (year.isdigit() and len(year) == 4 and count.isdigit()):
        return None
    return int(year), int(count)


def years_total(lines) -> int | None:
    """The sum of ``2016: 72`` lines; None when a line is not of that form."""
    pairs = [parse_year_line(line) for line in lines]
    if not pairs or any(p is None for p in pairs):
        return None
    return sum(p[1] for p in pairs)


def when_read(stamp: str | None, *, with_time: bool = True) -> str:
    """A stored moment (``2026-12-06T04:08:20+07:00``) as an officer reads it: ``04:08 06/12/2026``
    (``06/12/2026`` without the time); what cannot be read is returned as it is."""
    import datetime as _dt

    if not stamp:
        return ""
    try:
        moment = _dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp)
    return f"{moment:%H:%M %d/%m/%Y}" if with_time else f"{moment:%d/%m/%Y}"
