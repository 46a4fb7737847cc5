"""The superior level's arithmetic: who reported, and the sums over the communes' datasets.

Pure functions over plain data (Datasets and board entries); storage, import and printing live
elsewhere. Totals of a ratio indicator are Σ numerators / Σ denominators over the communes that have
both figures; the average is the mean of the communes' percentages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Iterable, Sequence

from .dataset import Dataset
from .formatting import percent_value, round_percent, vn_int
from .rules import Figures, compute_indicators
from .template import FieldType, Indicator, Template, default_template
from .units import UnitKind

__all__ = [
    "ExpectedUnit",
    "BoardStatus",
    "BoardRow",
    "completeness",
    "completeness_sentence",
    "IndicatorTotal",
    "Consolidation",
    "consolidate",
]


@dataclass(frozen=True)
class ExpectedUnit:
    code: str
    name: str
    kind: UnitKind = UnitKind.XA

    @property
    def full_name(self) -> str:
        return f"{self.kind.label} {self.name}"


class BoardStatus(str, Enum):
    MISSING = "missing"
    RECEIVED = "received"
    RECEIVED_WARNINGS = "received_warnings"
    CONFLICT = "conflict"
    REFUSED = "refused"
    #: received, but signed by a key nobody confirmed yet (first contact): not counted as reported
    UNCONFIRMED = "unconfirmed"
    INCOMPLETE = "incomplete"  # received, but required figures are empty

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def reported(self) -> bool:
        return self in (BoardStatus.RECEIVED, BoardStatus.RECEIVED_WARNINGS)


_STATUS_LABELS = {
    BoardStatus.MISSING: "Chưa nộp",
    BoardStatus.RECEIVED: "Đã nhận",
    BoardStatus.RECEIVED_WARNINGS: "Đã nhận, có cảnh báo",
    BoardStatus.CONFLICT: "Xung đột",
    BoardStatus.REFUSED: "Bị từ chối",
    BoardStatus.UNCONFIRMED: "Chưa xác nhận khóa",
    BoardStatus.INCOMPLETE: "Thiếu số liệu",
}


@dataclass(frozen=True)
class BoardRow:
    unit: ExpectedUnit
    status: BoardStatus = BoardStatus.MISSING
    revision: int | None = None
    received_at: str = ""  # ISO date-time
    fingerprint: str = ""
    reason: str = ""
    #: the package the row shows (the current one; None when nothing was received)
    package_id: int | None = None
    #: False for a unit that sent a package but is not in the expected list (flagged on the board)
    expected: bool = True
    warnings: int = 0
    #: packages of the same revision with other content, waiting for the officer's choice
    conflict_ids: tuple[int, ...] = ()
    #: a package signed by another key, waiting for the officer (``key_change`` id)
    key_change_id: int | None = None
    #: the code the package was sent under when it differs from the row's (a merged commune)
    sent_as: str = ""


def completeness(rows: Sequence[BoardRow]) -> tuple[int, int]:
    """(reported, expected)."""
    return sum(1 for r in rows if r.status.reported), len(rows)


def _kind_word(units: Iterable[ExpectedUnit]) -> str:
    kinds = {u.kind for u in units}
    if len(kinds) == 1:
        return next(iter(kinds)).label
    return "đơn vị cấp xã"


def completeness_sentence(rows: Sequence[BoardRow]) -> str:
    """``34/36 xã đã báo cáo``."""
    done, total = completeness(rows)
    return f"{vn_int(done)}/{vn_int(total)} {_kind_word(r.unit for r in rows)} đã báo cáo"


@dataclass(frozen=True)
class IndicatorTotal:
    indicator: Indicator
    numerator: int  # Σ over communes with both figures
    denominator: int
    average: Decimal | None  # mean of the communes' percentages (one decimal, half-up)
    count: int  # communes that have the indicator

    @property
    def percent(self) -> Decimal | None:
        return percent_value(self.numerator, self.denominator)


@dataclass
class Consolidation:
    datasets: list[Dataset]
    #: the template whose indicators and figures are summed (the datasets' own)
    template: Template = field(default_factory=default_template)
    #: datasets entered on another template: not summed, named to the officer
    other_template: list[Dataset] = field(default_factory=list)
    #: unit code → indicator key → (numerator, denominator, percent)
    indicators: dict[str, dict] = field(default_factory=dict)
    totals: dict[str, IndicatorTotal] = field(default_factory=dict)
    #: Σ of every count field over the communes that entered it (key → (sum, communes))
    sums: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: register: kind → condition → Σ quantity
    register: dict[str, dict[str, int]] = field(default_factory=dict)

    def register_total(self, kind: str | None = None, condition: str | None = None) -> int:
        return sum(q for k, by in self.register.items() if kind in (None, k)
                   for c, q in by.items() if condition in (None, c))


def _same(a: Template, b: Template) -> bool:
    return (a.id, a.version) == (b.id, b.version)


def main_template(datasets: Sequence[Dataset]) -> Template:
    """The template most of the datasets were entered on (the 2019 template when there are none)."""
    counts: dict[tuple[str, int], tuple[int, Template]] = {}
    for ds in datasets:
        key = (ds.template.id, ds.template.version)
        n, _t = counts.get(key, (0, ds.template))
        counts[key] = (n + 1, ds.template)
    if not counts:
        return default_template()
    return max(counts.values(), key=lambda nt: (nt[0], nt[1].version))[1]


def consolidate(datasets: Sequence[Dataset], template: Template | None = None) -> Consolidation:
    """Sums over the datasets of one template (default: the one most communes used); the others are
    listed in ``other_template``."""
    template = template or main_template(datasets)
    same = [ds for ds in datasets if _same(ds.template, template)]
    out = Consolidation(same, template, [ds for ds in datasets if not _same(ds.template, template)])
    datasets = same
    INDICATORS = template.indicators
    FIELDS = template.fields
    REGISTER_KINDS, CONDITIONS = template.register_kinds, template.conditions
    per_indicator: dict[str, list] = {ind.key: [] for ind in INDICATORS}
    for ds in datasets:
        values = compute_indicators(Figures(ds.values, template))
        out.indicators[ds.unit.code] = values
        for key, iv in values.items():
            per_indicator[key].append(iv)
        for key, value in ds.values.items():
            spec = FIELDS.get(key)
            if spec is None or spec.type is not FieldType.COUNT:
                continue
            total, n = out.sums.get(key, (0, 0))
            out.sums[key] = (total + value, n + 1)
        for item in ds.register:
            if item.year_disposed is not None and item.year_disposed <= ds.period.year:
                continue
            by = out.register.setdefault(item.kind, {})
            by[item.condition] = by.get(item.condition, 0) + (item.quantity or 0)
    for ind in INDICATORS:
        found = per_indicator[ind.key]
        if not found:
            continue
        percents = [iv.percent for iv in found if iv.percent is not None]
        average = _mean_percent(percents) if percents else None
        out.totals[ind.key] = IndicatorTotal(ind, sum(iv.numerator or 0 for iv in found),
                                             sum(iv.denominator or 0 for iv in found), average,
                                             len(found))
    # keep register kinds and conditions in catalogue order
    kind_order = {c.key: i for i, c in enumerate(REGISTER_KINDS)}
    cond_order = {c.key: i for i, c in enumerate(CONDITIONS)}
    out.register = {k: dict(sorted(v.items(), key=lambda kv: cond_order.get(kv[0], 99)))
                    for k, v in sorted(out.register.items(), key=lambda kv: kind_order.get(kv[0], 99))}
    return out


def _mean_percent(percents: list) -> Decimal:
    """The mean of the communes' percentages, one decimal (half-up, never up to a limit it does not
    reach) — two when a commune typed two (91,24 and 91,24 average 91,24, not 91,2)."""
    mean = sum(Decimal(str(p)) for p in percents) / len(percents)
    if any(Decimal(str(p)).as_tuple().exponent < -1 for p in percents):
        q = mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return Decimal("99.99") if q >= 100 > mean else q
    return round_percent(mean)
