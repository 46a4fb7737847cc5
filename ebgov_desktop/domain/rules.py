"""The template's rules, one small engine to evaluate them, and the indicators.

Rules are data (``RuleSpec`` in the template: ≤, =, sum of parts = whole, change against an earlier
period, required, plus the register's own checks); the rule "numerator ≤ denominator" of every
indicator is derived from the template, never written. Empty is not 0: a rule that touches an empty
field is skipped. Each finding carries its Vietnamese message and the keys it concerns, so the window
can mark the fields and the Kiểm tra page can jump to them.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import Any, Callable, Iterable, Iterator, Mapping

from .formatting import percent_value, vn_decimal, vn_int, vn_ratio, vn_typed_percent, years_total
from .periods import Period, uses_service_levels
from .register import RegisterItem
from .template import FieldType, Indicator, RuleSpec, Template, all_rules, default_template

__all__ = [
    "Severity",
    "Finding",
    "Rule",
    "RULES",
    "Figures",
    "RuleContext",
    "evaluate",
    "rules_of",
    "IndicatorValue",
    "compute_indicators",
    "rule_by_id",
]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "Lỗi" if self is Severity.ERROR else "Cảnh báo"


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: Severity
    message: str
    keys: tuple[str, ...] = ()
    row: int | None = None  # index in the period's register list
    subject: str = ""  # distinguishes findings of one rule (a key, a row)

    @property
    def id(self) -> str:
        """Stable identity, used to keep an explanation (giải trình) with a warning."""
        return f"{self.rule_id}:{self.subject}" if self.subject else self.rule_id

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class Figures:
    """Read access to a period's values with fallbacks and derived figures; empty → None."""

    def __init__(self, values: Mapping[str, Any], template: Template):
        self._values = values
        self.template = template
        self._fields = self.template.fields
        self._derived = self.template.derived

    def raw(self, key: str) -> Any:
        value = self._values.get(key)
        return None if value in ("", [], None) else value

    def get(self, key: str) -> Any:
        derived = self._derived.get(key)
        if derived is not None:
            parts = [self.get(k) for k in derived.plus + derived.minus]
            if any(p is None for p in parts):
                return None
            plus = sum(parts[: len(derived.plus)])
            return plus - sum(parts[len(derived.plus):])
        value = self.raw(key)
        if value is None:
            spec = self._fields.get(key)
            if spec is not None and spec.fallback:
                return self.get(spec.fallback)
        return value

    def label(self, key: str) -> str:
        return self.template.label(key)


@dataclass
class RuleContext:
    period: Period
    figures: Figures
    register: list[RegisterItem]
    previous: Figures | None = None  # the period just before, same kind, when in the workspace
    last_year: Figures | None = None  # the same period last year, when in the workspace
    #: check "year acquired ≤ report year" (off for older periods once later ones exist)
    check_future_acquisitions: bool = True

    @property
    def template(self) -> Template:
        return self.figures.template

    def date(self, key: str) -> _dt.date | None:
        value = self.figures.raw(key)
        return _dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str  # what the rule asks, in Vietnamese (for documentation and the Kiểm tra page)
    keys: tuple[str, ...]
    check: Callable[["Rule", RuleContext], Iterable[Finding]]
    spec: RuleSpec | None = None

    def finding(self, message: str, keys: tuple[str, ...] | None = None, *, row: int | None = None,
                subject: str = "") -> Finding:
        return Finding(self.id, self.severity, message, self.keys if keys is None else keys, row,
                       subject)


# -- rule kinds: each reads its RuleSpec ------------------------------------------------------------

def _number(value: Any) -> Any:
    """A years field (``2016: 72`` lines) counts as the sum of its years."""
    return years_total(value) if isinstance(value, list) else value


def _sum(figures: Figures, keys: tuple[str, ...]) -> int | None:
    parts = [_number(figures.get(k)) for k in keys]
    if any(p is None for p in parts):
        return None
    return sum(parts)


def _partial_sum(figures: Figures, keys: tuple[str, ...]) -> int | None:
    """Sum of the entered parts; None only when no part is entered (a level left empty = none)."""
    parts = [_number(figures.get(k)) for k in keys]
    present = [p for p in parts if p is not None]
    return sum(present) if present else None


def _describe(figures: Figures, keys: tuple[str, ...]) -> str:
    return " + ".join(figures.label(k).lower() if i else figures.label(k) for i, k in enumerate(keys))


def _message(spec: RuleSpec, default: str, **values: Any) -> str:
    if not spec.message:
        return default
    try:
        return spec.message.format(**values)
    except (KeyError, IndexError, ValueError):
        return spec.message


def _at_most(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    spec, f = rule.spec, ctx.figures
    a = (_partial_sum if spec.partial else _sum)(f, spec.left)
    b = _sum(f, spec.right)
    if a is None or b is None or a <= b:
        return
    yield rule.finding(_message(
        spec, f"{_describe(f, spec.left)} ({vn_int(a)}) không được lớn hơn "
              f"{_describe(f, spec.right).lower()} ({vn_int(b)}).", left=vn_int(a), right=vn_int(b)))


def _equal(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    spec, f = rule.spec, ctx.figures
    a, b = _sum(f, spec.left), _sum(f, spec.right)
    if a is None or b is None or a == b:
        return
    yield rule.finding(_message(
        spec, f"{_describe(f, spec.left)} ({vn_int(a)}) phải bằng "
              f"{_describe(f, spec.right).lower()} ({vn_int(b)}).", left=vn_int(a), right=vn_int(b)))


def _choices(rule: Rule, key: str, spec, lines: Any) -> Iterator[Finding]:
    """Lines of ``cells | … | choice``: the last cell is one of the field's fixed choices."""
    allowed = ", ".join(spec.choices)
    for i, line in enumerate(lines if isinstance(lines, list) else [], 1):
        text = str(line).strip()
        if not text:
            continue
        cells = [c.strip() for c in text.split("|")]
        if len(cells) < 2 or not cells[-1]:
            yield rule.finding(f"{spec.label}, dòng {i}: thiếu phần đánh giá (ghi sau dấu |, một trong: "
                               f"{allowed}).", (key,), subject=f"{key}:{i}")
        elif cells[-1] not in spec.choices:
            yield rule.finding(f"{spec.label}, dòng {i}: đánh giá «{cells[-1]}» không thuộc các lựa chọn: "
                               f"{allowed}.", (key,), subject=f"{key}:{i}")


def _bounds(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    for key, spec in ctx.template.fields.items():
        if spec.choices:
            yield from _choices(rule, key, spec, ctx.figures.raw(key))
            continue
        if not spec.is_numeric:
            continue
        value = ctx.figures.raw(key)
        if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        shown = vn_int(value) if spec.type is FieldType.COUNT else vn_decimal(value, 2)
        if spec.minimum is not None and value < spec.minimum:
            text = (f"{spec.label} không được là số âm ({shown})." if spec.minimum == 0
                    else f"{spec.label} ({shown}) không được nhỏ hơn {vn_decimal(spec.minimum)}.")
            yield rule.finding(text, (key,), subject=key)
        elif spec.maximum is not None and value > spec.maximum:
            yield rule.finding(f"{spec.label} ({shown}) không được lớn hơn {vn_decimal(spec.maximum)}.",
                               (key,), subject=key)


def _required(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    for key in rule.spec.left:
        if ctx.figures.get(key) is None:
            yield rule.finding(_message(rule.spec, f"Chưa nhập: {ctx.figures.label(key)}."), (key,),
                               subject=key)


def _date_order(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    spec = rule.spec
    first, second = ctx.date(spec.left[0]), ctx.date(spec.right[0])
    if first and second and first > second:
        yield rule.finding(_message(spec, f"{ctx.figures.label(spec.left[0])} phải trước hoặc bằng "
                                          f"{ctx.figures.label(spec.right[0]).lower()}."))


def _register_rows(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    year = ctx.period.year
    for i, item in enumerate(ctx.register):
        where = f"Thiết bị dòng {i + 1}" + (f" ({item.description})" if item.description else "")
        if item.quantity is None or item.quantity < 1:
            yield rule.finding(f"{where}: số lượng phải từ 1 trở lên.", ("register",), row=i,
                               subject=f"{i}:quantity")
        if (ctx.check_future_acquisitions and item.year_acquired is not None
                and item.year_acquired > year):
            yield rule.finding(f"{where}: năm trang bị {item.year_acquired} sau năm báo cáo {year}.",
                               ("register",), row=i, subject=f"{i}:year_acquired")
        if (item.year_disposed is not None and item.year_acquired is not None
                and item.year_disposed < item.year_acquired):
            yield rule.finding(
                f"{where}: năm thanh lý {item.year_disposed} trước năm trang bị {item.year_acquired}.",
                ("register",), row=i, subject=f"{i}:year_disposed")
        if item.cpnet is not None and item.quantity is not None and item.cpnet > item.quantity:
            yield rule.finding(f"{where}: số máy kết nối CPNet ({item.cpnet}) lớn hơn số lượng.",
                               ("register",), row=i, subject=f"{i}:cpnet")


def _equal_previous(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    if ctx.previous is None:
        return
    spec = rule.spec
    now = _sum(ctx.figures, spec.left)
    before = _sum(ctx.previous, spec.right)
    if now is None or before is None or now == before:
        return
    yield rule.finding(_message(
        spec, f"{_describe(ctx.figures, spec.left)} ({vn_int(now)}) khác "
              f"{_describe(ctx.previous, spec.right).lower()} của kỳ trước ({vn_int(before)}).",
        left=vn_int(now), right=vn_int(before)))


def _change(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    spec = rule.spec
    other = ctx.last_year if spec.compare == "last_year" else ctx.previous
    if other is None:
        return
    when = "cùng kỳ năm trước" if spec.compare == "last_year" else "kỳ trước"
    fields = ctx.template.fields
    keys = spec.left or tuple(k for k, f in fields.items() if f.type is FieldType.COUNT)
    for key in keys:
        now, before = ctx.figures.get(key), other.get(key)
        if now is None or before is None or before <= 0:
            continue
        if abs(now - before) > spec.factor * before:
            change = (now - before) * 100 / before
            yield rule.finding(
                f"{ctx.figures.label(key)}: {vn_int(now)}, thay đổi {round(change):+d}% so với {when} "
                f"({vn_int(before)}).",
                (key,), subject=key)


def _register_count(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    staff = _sum(ctx.figures, rule.spec.right)
    kinds = ctx.template.computer_kinds
    computers = [i for i in ctx.register if i.kind in kinds]
    if staff is None or not computers:
        return
    total = sum(i.quantity or 0 for i in computers)
    if total != staff:
        yield rule.finding(
            f"Sổ thiết bị có {vn_int(total)} máy tính, khác số người được trang bị máy tính "
            f"({vn_int(staff)} = {_describe(ctx.figures, rule.spec.right).lower()})."
        )


def _regime(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    end = ctx.date("doc.period_end") if "doc.period_end" in ctx.template.fields else None
    if end is None:
        start, end = ctx.period.default_range()
    wrong = "online" if uses_service_levels(end) else "levels"
    keys = tuple(k for k, f in ctx.template.fields.items()
                 if f.regime == wrong and ctx.figures.raw(k) is not None)
    if not keys:
        return
    if wrong == "levels":
        text = ("Từ 01/8/2022 dịch vụ công trực tuyến tính theo toàn trình / một phần "
                "(Nghị định 42/2022/NĐ-CP), không theo mức độ 2, 3, 4.")
    else:
        text = ("Trước 01/8/2022 dịch vụ công trực tuyến tính theo mức độ 2, 3, 4 "
                "(Nghị định 43/2011/NĐ-CP), không theo toàn trình / một phần.")
    yield rule.finding(text, keys)


_KINDS: dict[str, Callable[[Rule, RuleContext], Iterable[Finding]]] = {
    "at_most": _at_most,
    "equal": _equal,
    "bounds": _bounds,
    "required": _required,
    "date_order": _date_order,
    "register_rows": _register_rows,
    "equal_previous": _equal_previous,
    "change": _change,
    "register_count": _register_count,
    "regime": _regime,
}


def _rule_keys(spec: RuleSpec, template: Template) -> tuple[str, ...]:
    if spec.kind == "register_rows":
        return ("register",)
    if spec.kind == "register_count":
        return spec.right + ("register",)
    if spec.kind == "regime":
        return tuple(k for k, f in template.fields.items() if f.regime)
    if spec.kind in ("bounds", "change") and not spec.left:
        return ()
    return spec.left + spec.right


def _title(spec: RuleSpec) -> str:
    if spec.title:
        return spec.title
    sign = {"at_most": "≤", "equal": "="}.get(spec.kind, spec.kind)
    return f"{' + '.join(spec.left)} {sign} {' + '.join(spec.right)}"


_compiled: dict[tuple[str, int, str], tuple[Rule, ...]] = {}


def rules_of(template: Template) -> tuple[Rule, ...]:
    """The template's rules (bounds and the indicators' derived rules first), ready to run."""
    key = (template.id, template.version, template.digest)
    found = _compiled.get(key)
    if found is None:
        found = tuple(
            Rule(spec.id, Severity(spec.severity), _title(spec), _rule_keys(spec, template),
                 _KINDS[spec.kind], spec)
            for spec in all_rules(template))
        _compiled[key] = found
    return found


#: the 2019 template's rules (the legacy form; documentation and its tests)
RULES: tuple[Rule, ...] = rules_of(default_template())


def rule_by_id(rule_id: str, template: Template) -> Rule:
    for rule in rules_of(template):
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)


def evaluate(ctx: RuleContext) -> list[Finding]:
    """Every finding of every rule, errors first, in the template's order."""
    findings = [f for rule in rules_of(ctx.template) for f in rule.check(rule, ctx)]
    findings.sort(key=lambda f: 0 if f.is_error else 1)
    return findings


# -- indicators ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorValue:
    indicator: Indicator
    numerator: int | None
    denominator: int | None
    #: a percentage typed directly (no numerator, no denominator)
    typed: float | None = None
    #: the count of the indicator's second denominator, when it has one and it is entered
    denominator2: int | None = None

    @property
    def is_typed(self) -> bool:
        return self.numerator is None

    @cached_property
    def percent(self):
        """The rate, computed once (a consolidated view asks each commune's several times)."""
        if self.numerator is None:
            from decimal import Decimal

            return None if self.typed is None else Decimal(str(self.typed))  # as typed (≤ 2 decimals)
        return percent_value(self.numerator, self.denominator)

    @property
    def percent2(self):
        if self.numerator is None or self.denominator2 is None:
            return None
        return percent_value(self.numerator, self.denominator2)

    @property
    def text(self) -> str:
        """``21/22 (95,5%)``; a typed percentage prints as ``95,5%``."""
        if self.numerator is None:
            return "" if self.typed is None else vn_typed_percent(self.typed)
        return vn_ratio(self.numerator, self.denominator)


def compute_indicators(figures: Figures) -> dict[str, IndicatorValue]:
    """The indicators whose figures are known (empty ones are left out).

    A percentage typed directly (``Indicator.percent``) has no numerator or denominator: its value
    keeps them None and carries the typed percentage.
    """
    out = {}
    for ind in figures.template.indicators:
        if ind.percent:
            typed = figures.get(ind.percent)
            if typed is not None:
                out[ind.key] = IndicatorValue(ind, None, None, typed)
            continue
        num, den = figures.get(ind.numerator), figures.get(ind.denominator)
        if num is None or den is None:
            continue
        den2 = figures.get(ind.denominator2) if ind.denominator2 else None
        out[ind.key] = IndicatorValue(ind, int(num), int(den), None,
                                      None if den2 is None else int(den2))
    return out
