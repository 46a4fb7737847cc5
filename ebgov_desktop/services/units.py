"""The official lists of administrative units (GSO codes): which list applies to a date, checking a
unit against it, and the communes a province or district workspace expects.

- From 01/7/2025 (34 provinces, 3,321 communes): the ``vietnam-provinces`` package.
- Before (63 provinces, districts, ~10,000 communes) and the 2025 merger (which former communes formed
  each new one): ``resources/units/``, extracted from ``vietnamadminunits`` (MIT) by
  ``packaging/units_legacy.py``.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache

from ..domain.periods import TWO_TIER_REFORM, Period
from ..domain.units import (
    ListedUnit,
    Unit,
    UnitKind,
    UnitList,
    code_shape_problem,
    parse_legacy_list,
    parse_merge_list,
    province_code_for,
    search_key,
)
from .paths import resource

__all__ = [
    "current_list",
    "legacy_list",
    "list_on",
    "list_for_period",
    "list_date",
    "unit_problems",
    "expected_from_list",
    "former_communes",
    "add_expected_from_list",
]


@lru_cache(maxsize=1)
def current_list() -> UnitList:
    """The units from 01/7/2025 (``vietnam-provinces``)."""
    from vietnam_provinces import Province, Ward

    units: list[ListedUnit] = []
    names: dict[str, str] = {}
    for p in Province.iter_all():
        word = "thành phố" if p.name.startswith("Thành phố ") else "tỉnh"
        code = f"{int(p.code):02d}"
        name = p.name[len("Thành phố "):] if word == "thành phố" else p.name
        names[code] = name
        units.append(ListedUnit("P", code, word, name, code, name))
    for w in Ward.iter_all():
        word = w.division_type.value
        name = w.name[len(word) + 1:] if w.name.lower().startswith(word + " ") else w.name
        pc = f"{int(w.province_code):02d}"
        units.append(ListedUnit("C", f"{int(w.code):05d}", word, name, pc, names.get(pc, "")))
    return UnitList("từ 01/7/2025", units)


@lru_cache(maxsize=1)
def legacy_list() -> UnitList:
    """The units before 01/7/2025 (63 provinces, their districts and communes)."""
    return parse_legacy_list(resource("units", "legacy-units.tsv").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _merges() -> dict[str, list[tuple[str, bool]]]:
    return parse_merge_list(resource("units", "merge-2025.tsv").read_text(encoding="utf-8"))


def list_on(day: _dt.date) -> UnitList:
    return legacy_list() if day < TWO_TIER_REFORM else current_list()


def list_date(period: Period | None) -> _dt.date:
    """The date whose list applies to a period: its last day (today without a period)."""
    return period.default_range()[1] if period is not None else _dt.date.today()


def list_for_period(period: Period | None) -> UnitList:
    return list_on(list_date(period))


def _listed(kind: UnitKind, code: str, day: _dt.date) -> tuple[UnitList, ListedUnit | None]:
    if kind.is_commune:
        units = list_on(day)
        return units, units.get("C", code)
    if kind is UnitKind.TINH or len(code) == 2:
        units = list_on(day)
        return units, units.get("P", code)
    return legacy_list(), legacy_list().get("D", code)  # a district: only before 01/7/2025


def unit_problems(unit: Unit, day: _dt.date) -> list[str]:
    """Why ``unit`` does not match the official list of ``day`` (Vietnamese, [] when it does).

    A code of the wrong shape, a code not in the list, or a code listed under another name or kind.
    """
    shape = code_shape_problem(unit.kind, unit.code)
    if shape:
        return [shape]
    units, listed = _listed(unit.kind, unit.code, day)
    if listed is None:
        return [f"mã {unit.kind.label} {unit.code} không có trong danh mục đơn vị hành chính {units.label}"]
    same_name = search_key(listed.name) == search_key(unit.name) or (
        listed.level == "P" and province_code_for(unit.name) == listed.code)
    same_kind = listed.kind is unit.kind or listed.level == "P"
    if same_name and same_kind:
        return []
    where = f" ({listed.place})" if listed.level == "C" and listed.place else ""
    return [f"mã {unit.code} trong danh mục {units.label} là {listed.full_name}{where}, không phải "
            f"{unit.full_name}"]


def official(unit: Unit, day: _dt.date) -> ListedUnit | None:
    """The list's entry for ``unit``'s code, when there is one."""
    return _listed(unit.kind, unit.code, day)[1]


def expected_from_list(unit: Unit, day: _dt.date) -> list[ListedUnit]:
    """The communes a province (the list of ``day``) or a district (the list before 01/7/2025)
    expects, in the list's order; [] for a unit not in the lists."""
    if unit.kind.is_commune:
        return []
    if unit.kind is UnitKind.TINH or len(unit.code) == 2:
        units = list_on(day)
        if units.get("P", unit.code) is None:
            return []
        found = units.communes(province_code=unit.code)
    else:
        found = legacy_list().communes(district_code=unit.code)
    return sorted((c for c in found if c.kind is not None), key=lambda c: c.code)


def former_communes(code: str) -> list[tuple[ListedUnit, bool]]:
    """The communes before 01/7/2025 that formed commune ``code`` (``whole`` False: only a part)."""
    legacy = legacy_list()
    out = []
    for old, whole in _merges().get(code, ()):
        listed = legacy.get("C", old)
        if listed is not None:
            out.append((listed, whole))
    return out


def add_expected_from_list(ws, unit: Unit, day: _dt.date) -> int:
    """Fill an empty expected list of a superior workspace from the official list; how many."""
    from ..storage.superior import SuperiorRepository

    repo = SuperiorRepository(ws.store)
    if repo.expected():
        return 0
    rows = [(c.code, c.kind.value, "list", c.name) for c in expected_from_list(unit, day)]
    if rows:
        with ws.store.transaction():
            repo.add_many_expected(rows)
    return len(rows)
