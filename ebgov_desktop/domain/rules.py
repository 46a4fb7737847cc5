"""The rules of FIELDS.md as data, one small engine to evaluate them, and the indicators.

Empty is not 0: a rule that touches an empty field is skipped. Each finding carries its Vietnamese
message and the keys it concerns, so the window can mark the fields and the Kiểm tra page can jump to
them.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable, Iterable, Iterator, Mapping

from .catalogue import DERIVED, FIELDS, INDICATORS, FieldType, Indicator
from .formatting import percent_value, vn_int, vn_ratio
from .periods import Period, uses_service_levels
from .register import RegisterItem

__all__ = [
    "Severity",
    "Finding",
    "Rule",
    "RULES",
    "Figures",
    "RuleContext",
    "evaluate",
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

    def __init__(self, values: Mapping[str, Any]):
        self._values = values

    def raw(self, key: str) -> Any:
        value = self._values.get(key)
        return None if value in ("", [], None) else value

    def get(self, key: str) -> Any:
        derived = DERIVED.get(key)
        if derived is not None:
            parts = [self.get(k) for k in derived.plus + derived.minus]
            if any(p is None for p in parts):
                return None
            plus = sum(parts[: len(derived.plus)])
            return plus - sum(parts[len(derived.plus):])
        value = self.raw(key)
        if value is None:
            spec = FIELDS.get(key)
            if spec is not None and spec.fallback:
                return self.get(spec.fallback)
        return value

    def label(self, key: str) -> str:
        if key in DERIVED:
            return DERIVED[key].label
        return FIELDS[key].label


@dataclass
class RuleContext:
    period: Period
    figures: Figures
    register: list[RegisterItem]
    previous: Figures | None = None  # the period just before, same kind, when in the workspace
    last_year: Figures | None = None  # the same period last year, when in the workspace
    #: check "year acquired ≤ report year" (off for older periods once later ones exist)
    check_future_acquisitions: bool = True

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

    def finding(self, message: str, keys: tuple[str, ...] | None = None, *, row: int | None = None,
                subject: str = "") -> Finding:
        return Finding(self.id, self.severity, message, self.keys if keys is None else keys, row,
                       subject)


# -- rule kinds ------------------------------------------------------------------------------------

def _sum(figures: Figures, keys: tuple[str, ...]) -> int | None:
    parts = [figures.get(k) for k in keys]
    if any(p is None for p in parts):
        return None
    return sum(parts)


def _partial_sum(figures: Figures, keys: tuple[str, ...]) -> int | None:
    """Sum of the entered parts; None only when no part is entered (a level left empty = none)."""
    parts = [figures.get(k) for k in keys]
    present = [p for p in parts if p is not None]
    return sum(present) if present else None


def _describe(figures: Figures, keys: tuple[str, ...]) -> str:
    return " + ".join(figures.label(k).lower() if i else figures.label(k) for i, k in enumerate(keys))


def at_most(rule_id: str, left: tuple[str, ...], right: tuple[str, ...], *,
            partial_left: bool = False, title: str = "") -> Rule:
    """sum(left) ≤ sum(right)."""

    def check(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
        f = ctx.figures
        a = (_partial_sum if partial_left else _sum)(f, left)
        b = _sum(f, right)
        if a is None or b is None or a <= b:
            return
        yield rule.finding(
            f"{_describe(f, left)} ({vn_int(a)}) không được lớn hơn "
            f"{_describe(f, right).lower()} ({vn_int(b)})."
        )

    return Rule(rule_id, Severity.ERROR, title or f"{' + '.join(left)} ≤ {' + '.join(right)}",
                left + right, check)


def equal(rule_id: str, left: tuple[str, ...], right: tuple[str, ...], *, title: str = "") -> Rule:
    """sum(left) = sum(right)."""

    def check(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
        f = ctx.figures
        a, b = _sum(f, left), _sum(f, right)
        if a is None or b is None or a == b:
            return
        yield rule.finding(
            f"Hồ sơ kỳ trước chuyển qua + mới tiếp nhận ({vn_int(a)}) phải bằng "
            f"đã giải quyết + đang giải quyết ({vn_int(b)})."
        )

    return Rule(rule_id, Severity.ERROR, title, left + right, check)


def _check_nonnegative(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    for key, spec in FIELDS.items():
        if spec.type is not FieldType.COUNT:
            continue
        value = ctx.figures.raw(key)
        if value is not None and value < 0:
            yield rule.finding(f"{spec.label} không được là số âm ({vn_int(value)}).", (key,),
                               subject=key)


def _check_period_order(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    start, end = ctx.date("doc.period_start"), ctx.date("doc.period_end")
    if start and end and start > end:
        yield rule.finding("Ngày bắt đầu số liệu phải trước hoặc bằng ngày kết thúc số liệu.")


def _check_document_date(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    end, date = ctx.date("doc.period_end"), ctx.date("doc.date")
    if end and date and date < end:
        yield rule.finding("Ngày ban hành báo cáo trước ngày kết thúc số liệu; kiểm tra lại ngày.")


def _check_register(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
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


def _check_carried_over(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    if ctx.previous is None:
        return
    carried = ctx.figures.get("tthc.carried_over")
    pending = ctx.previous.get("tthc.pending")
    if carried is None or pending is None or carried == pending:
        return
    yield rule.finding(
        f"Hồ sơ kỳ trước chuyển qua ({vn_int(carried)}) khác số hồ sơ đang giải quyết "
        f"của kỳ trước ({vn_int(pending)})."
    )


_MOVE_LIMIT = 0.5


def _check_moved(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    if ctx.last_year is None:
        return
    for key, spec in FIELDS.items():
        if spec.type is not FieldType.COUNT:
            continue
        now, before = ctx.figures.raw(key), ctx.last_year.raw(key)
        if now is None or before is None or before <= 0:
            continue
        if abs(now - before) > _MOVE_LIMIT * before:
            change = (now - before) * 100 / before
            yield rule.finding(
                f"{spec.label}: {vn_int(now)}, thay đổi {'+' if change > 0 else ''}"
                f"{round(change)}% so với cùng kỳ năm trước ({vn_int(before)}).",
                (key,), subject=key)


def _check_register_computers(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    staff = _sum(ctx.figures, ("staff.civil_servants_with_computer", "staff.part_time_with_computer"))
    computers = [i for i in ctx.register if i.is_computer]
    if staff is None or not computers:
        return
    total = sum(i.quantity or 0 for i in computers)
    if total != staff:
        yield rule.finding(
            f"Sổ thiết bị có {vn_int(total)} máy tính, khác số người được trang bị máy tính "
            f"({vn_int(staff)} = CBCC + không chuyên trách)."
        )


def _check_regime(rule: Rule, ctx: RuleContext) -> Iterator[Finding]:
    end = ctx.date("doc.period_end")
    if end is None:
        start, end = ctx.period.default_range()
    wrong = "online" if uses_service_levels(end) else "levels"
    keys = tuple(k for k, f in FIELDS.items() if f.regime == wrong and ctx.figures.raw(k) is not None)
    if not keys:
        return
    if wrong == "levels":
        text = ("Từ 01/8/2022 dịch vụ công trực tuyến tính theo toàn trình / một phần "
                "(Nghị định 42/2022/NĐ-CP), không theo mức độ 2, 3, 4.")
    else:
        text = ("Trước 01/8/2022 dịch vụ công trực tuyến tính theo mức độ 2, 3, 4 "
                "(Nghị định 43/2011/NĐ-CP), không theo toàn trình / một phần.")
    yield rule.finding(text, keys)


_E, _W = Severity.ERROR, Severity.WARNING

RULES: tuple[Rule, ...] = (
    Rule("counts_nonnegative", _E, "Mọi số liệu đếm đều ≥ 0", (), _check_nonnegative),
    at_most("civil_servants_with_computer", ("staff.civil_servants_with_computer",),
            ("staff.civil_servants",)),
    at_most("part_time_with_computer", ("staff.part_time_with_computer",), ("staff.part_time",)),
    at_most("it_qualified", ("staff.it_qualified",), ("staff.civil_servants",)),
    at_most("computers_on_cpnet", ("staff.computers_on_cpnet",), ("staff.computers_total_for_cpnet",)),
    at_most("document_accounts", ("docs.accounts",), ("docs.accounts_base",)),
    at_most("outgoing_signed", ("docs.outgoing_signed",), ("docs.outgoing_online",)),
    at_most("mailboxes", ("email.mailboxes",), ("email.base",)),
    at_most("regular_users", ("email.regular_users",), ("email.mailboxes",)),
    at_most("dossiers_in_software", ("onestop.dossiers_in_software",), ("onestop.dossiers_at_desk",)),
    at_most("surveyed", ("onestop.surveyed",), ("onestop.dossiers_at_desk",)),
    equal("dossier_balance",
          ("tthc.carried_over", "tthc.received_online", "tthc.received_direct",
           "tthc.received_postal"),
          ("tthc.resolved_early", "tthc.resolved_on_time", "tthc.resolved_late",
           "tthc.pending_in_time", "tthc.pending_overdue"),
          title="Chuyển qua + mới tiếp nhận = đã giải quyết + đang giải quyết"),
    at_most("returned_by_post", ("tthc.returned_by_post",), ("tthc.resolved",)),
    at_most("interconnected", ("tthc.interconnected",), ("tthc.total_to_handle",)),
    at_most("dissatisfied", ("tthc.dissatisfied",), ("onestop.surveyed",)),
    at_most("service_levels", ("tthc.level2", "tthc.level3", "tthc.level4"),
            ("tthc.procedures_total",), partial_left=True),
    at_most("online_services", ("tthc.full_online", "tthc.partial_online"),
            ("tthc.procedures_total",), partial_left=True),
    Rule("period_order", _E, "Số liệu từ ngày ≤ đến ngày", ("doc.period_start", "doc.period_end"),
         _check_period_order),
    Rule("register_rows", _E, "Sổ thiết bị: số lượng ≥ 1, năm trang bị ≤ năm báo cáo, "
         "năm thanh lý ≥ năm trang bị", ("register",), _check_register),
    Rule("document_date", _W, "Ngày ban hành không trước ngày kết thúc số liệu",
         ("doc.date", "doc.period_end"), _check_document_date),
    Rule("carried_over", _W, "Hồ sơ chuyển qua = hồ sơ đang giải quyết của kỳ trước",
         ("tthc.carried_over",), _check_carried_over),
    Rule("moved_50pct", _W, "Số liệu thay đổi quá 50% so với cùng kỳ năm trước", (), _check_moved),
    Rule("register_computers", _W, "Máy tính trong sổ thiết bị = số người được trang bị máy tính",
         ("staff.civil_servants_with_computer", "staff.part_time_with_computer", "register"),
         _check_register_computers),
    Rule("service_regime", _W, "Dịch vụ công trực tuyến theo đúng quy định của kỳ báo cáo",
         tuple(k for k, f in FIELDS.items() if f.regime), _check_regime),
)

_RULES_BY_ID = {r.id: r for r in RULES}
assert len(_RULES_BY_ID) == len(RULES), "duplicate rule id"


def rule_by_id(rule_id: str) -> Rule:
    return _RULES_BY_ID[rule_id]


def evaluate(ctx: RuleContext) -> list[Finding]:
    """Every finding of every rule, errors first, in catalogue order."""
    findings = [f for rule in RULES for f in rule.check(rule, ctx)]
    findings.sort(key=lambda f: 0 if f.is_error else 1)
    return findings


# -- indicators ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorValue:
    indicator: Indicator
    numerator: int
    denominator: int

    @property
    def percent(self):
        return percent_value(self.numerator, self.denominator)

    @property
    def text(self) -> str:
        """``21/22 (95,5%)``."""
        return vn_ratio(self.numerator, self.denominator)


def compute_indicators(figures: Figures) -> dict[str, IndicatorValue]:
    """The indicators whose numerator and denominator are both known (empty ones are left out)."""
    out = {}
    for ind in INDICATORS:
        num, den = figures.get(ind.numerator), figures.get(ind.denominator)
        if num is None or den is None:
            continue
        out[ind.key] = IndicatorValue(ind, int(num), int(den))
    return out
