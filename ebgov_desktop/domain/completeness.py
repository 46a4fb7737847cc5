"""How complete a period's figures are: the required ones (a flag per field in the template) and, per
page of the form, how many of its figures are entered ("34/58 chỉ tiêu")."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Mapping

from .periods import uses_service_levels
from .template import Field, FieldType, Scope, Template

__all__ = ["FIGURE_TYPES", "figures_of", "required_keys", "missing_required", "PageCompleteness",
           "page_completeness", "REQUIRED_RULE_ID"]

#: The field types counted as figures ("chỉ tiêu"): numbers and yes/no answers, not text or dates.
FIGURE_TYPES = frozenset({FieldType.COUNT, FieldType.PERCENT, FieldType.BOOL})
#: The id of the warning that names the required figures left empty (derived from the flags).
REQUIRED_RULE_ID = "required_figures"


def _applies(spec: Field, period_end: _dt.date | None) -> bool:
    """A field of the legal regime of the period (mức 2/3/4 before 01/8/2022, toàn trình after)."""
    if not spec.regime or period_end is None:
        return True
    return spec.regime == ("levels" if uses_service_levels(period_end) else "online")


def _entered(value: Any) -> bool:
    return value not in (None, "", [], ())


def figures_of(template: Template, page: str | None = None,
               period_end: _dt.date | None = None) -> list[Field]:
    """The period's figures (of one page of the form, or all), in form order."""
    sections = {s.key: s.page for s in template.sections}
    return [f for f in template.fields.values()
            if f.scope is Scope.PERIOD and f.type in FIGURE_TYPES and _applies(f, period_end)
            and (page is None or sections.get(f.section) == page)]


def required_keys(template: Template, period_end: _dt.date | None = None) -> list[str]:
    """The period fields the template flags as required (of the period's regime), in form order."""
    return [f.key for f in template.fields.values()
            if f.scope is Scope.PERIOD and f.required and _applies(f, period_end)]


def missing_required(template: Template, values: Mapping[str, Any],
                     period_end: _dt.date | None = None) -> list[Field]:
    """The required fields left empty, in form order."""
    return [template.fields[k] for k in required_keys(template, period_end) if not _entered(values.get(k))]


@dataclass(frozen=True)
class PageCompleteness:
    entered: int
    total: int
    missing_required: tuple[str, ...]  # labels

    @property
    def text(self) -> str:
        """``34/58 chỉ tiêu`` (and what required figure is missing)."""
        out = f"Đã nhập {self.entered}/{self.total} chỉ tiêu"
        if self.missing_required:
            out += f"; còn thiếu {len(self.missing_required)} chỉ tiêu bắt buộc (*)"
        return out


def page_completeness(template: Template, values: Mapping[str, Any], page: str,
                      period_end: _dt.date | None = None) -> PageCompleteness:
    figures = figures_of(template, page, period_end)
    sections = {s.key: s.page for s in template.sections}
    missing = tuple(f.label for f in missing_required(template, values, period_end)
                    if sections.get(f.section) == page)
    return PageCompleteness(sum(1 for f in figures if _entered(values.get(f.key))), len(figures), missing)
