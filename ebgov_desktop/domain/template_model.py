"""The template model: the immutable records a parsed report template is made of.

``Template`` and its parts (pages, sections, fields, derived figures, indicators, rules as data, outline
blocks, register lists), ``TemplateRef`` (what a period is bound to), ``Problem`` / ``TemplateError``
(what reading a template reports) and the ``PLACEHOLDER`` syntax of outline texts. Reading the TOML file
into these lives in ``template.py``, which re-exports every name here.

The records are ``NamedTuple`` classes rather than frozen dataclasses: as immutable, compared and read
the same way, and about five times cheaper to create when the module is imported, which every start
does before its first paint (the eleven frozen dataclasses took 6–7 ms of it; bench/startup.py).
"""

from __future__ import annotations

import datetime as _dt
import re
from enum import Enum
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple

from .errors import UserError

#: the version of the template file format itself (``[template] format = 1``)
FORMAT_VERSION = 1


class FieldType(str, Enum):
    COUNT = "count"  # whole number ≥ 0
    TEXT = "text"  # one line
    BOOL = "bool"  # có / không
    DATE = "date"  # ISO yyyy-mm-dd in storage and files
    PERCENT = "percent"  # 0–100, one decimal, typed directly
    LINES = "lines"  # a list of plain-text lines (paragraphs, "- " items, links, years)


#: the type names a template writes → (stored type, kind of lines)
TYPE_NAMES: Mapping[str, tuple[FieldType, str]] = MappingProxyType({
    "count": (FieldType.COUNT, ""),
    "percent": (FieldType.PERCENT, ""),
    "yesno": (FieldType.BOOL, ""),
    "date": (FieldType.DATE, ""),
    "text": (FieldType.TEXT, ""),
    "lines": (FieldType.LINES, ""),
    "links": (FieldType.LINES, "links"),
    "years": (FieldType.LINES, "years"),
})


class Scope(str, Enum):
    UNIT = "unit"  # set once for the workspace
    PERIOD = "period"  # one value per reporting period


class Page(NamedTuple):
    key: str
    label: str


class Section(NamedTuple):
    key: str
    label: str
    page: str


class Field(NamedTuple):
    key: str
    label: str
    type: FieldType
    section: str
    unit: str = ""
    #: what counts and what does not (the window's tooltip, the printed guide)
    help: str = ""
    scope: Scope = Scope.PERIOD
    minimum: float | None = None
    maximum: float | None = None
    #: Another key whose value stands in when this one is empty (a default denominator).
    fallback: str | None = None
    #: "levels" = mức 2/3/4 (before 01/8/2022), "online" = toàn trình / một phần (from then).
    regime: str | None = None
    required: bool = False
    max_length: int = 20_000
    #: for lines: "" plain lines, "links" (URLs, "*" group titles, sentences), "years" ("2016: 72")
    lines_kind: str = ""
    #: "period" = figures of the period; "cumulative" = lũy kế (from 01/01, or to the report date)
    basis: str = "period"
    #: yes/no: the words a placeholder prints ("chuyên trách" / "kiêm nhiệm"); default "có" / "không"
    yes_text: str = ""
    no_text: str = ""
    #: lines whose cells are separated by "|" (an annex table): the last cell takes one of these
    #: (e.g. the task annex's Đánh giá: Hoàn thành, Đang thực hiện…); empty = free text
    choices: tuple[str, ...] = ()
    #: False: entered but deliberately not printed (``template check`` does not warn about it)
    printed: bool = True
    #: a text field: what a new period starts with ("Tình hình … {period.label}"; ``domain/document.py``)
    default: str = ""

    @property
    def optional(self) -> bool:
        return not self.required

    @property
    def is_numeric(self) -> bool:
        return self.type in (FieldType.COUNT, FieldType.PERCENT)


class Derived(NamedTuple):
    """A figure computed from fields: empty unless every part is entered."""

    key: str
    label: str
    plus: tuple[str, ...]
    minus: tuple[str, ...] = ()


class Indicator(NamedTuple):
    """A rate: numerator / denominator (counts), or a percentage typed directly (``percent``)."""

    key: str
    label: str
    numerator: str = ""
    denominator: str = ""
    #: Show the pair side by side on the entry page ("22 / 22 → 100%").
    paired: bool = True
    #: a percent field typed directly instead of a numerator and a denominator
    percent: str = ""
    #: an optional second denominator printed after the first ("trên tổng số hồ sơ tiếp nhận")
    denominator2: str = ""
    #: shown in the superior's consolidated table, PDF annex and Excel sheet
    consolidated: bool = True
    #: the column title of the consolidated table (short); the label when empty
    short: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k for k in (self.numerator, self.denominator, self.denominator2, self.percent) if k)


class Choice(NamedTuple):
    key: str
    label: str


class RuleSpec(NamedTuple):
    """One rule as data. ``kind`` is one of ``RULE_KINDS``; which keys it reads depends on it."""

    id: str
    kind: str
    severity: str = "error"  # "error" | "warning"
    title: str = ""
    left: tuple[str, ...] = ()
    right: tuple[str, ...] = ()
    #: "change": the largest allowed move, as a share of the earlier figure (0.5 = ±50%)
    factor: float = 0.5
    #: "change": compare with "last_year" (same period a year earlier) or "previous" (period before)
    compare: str = "last_year"
    #: at_most: a left side counts the parts entered (a level left empty = none)
    partial: bool = False
    message: str = ""
    derived_from: str = ""  # the indicator a derived rule comes from


#: rule kinds and the sides they need
RULE_KINDS: Mapping[str, str] = MappingProxyType({
    "at_most": "left ≤ right (sums)",
    "equal": "left = right (sums; a sum of parts equals its whole)",
    "change": "left moved more than factor against an earlier period",
    "required": "left entered",
    "equal_previous": "left = right of the period before",
    "date_order": "left date ≤ right date",
    "register_rows": "register rows: quantity ≥ 1, years in order",
    "register_count": "computers in the register = sum of right",
    "regime": "online-service counts of the period's legal regime",
    "bounds": "every field within its min/max, every line of a choices field ending in a choice",
})


_NO_OPTIONS: Mapping[str, Any] = MappingProxyType({})


class Block(NamedTuple):
    """One element of the report outline, as the template wrote it (see ``reporting/outline.py``)."""

    type: str
    line: int = 0
    text: str = ""
    level: int = 0
    key: str = ""
    keys: tuple[str, ...] = ()
    bullet: str = ""
    style: str = ""
    fallback: str = ""
    title: str = ""
    rows: tuple[Mapping[str, Any], ...] = ()
    columns: tuple[Mapping[str, Any], ...] = ()
    #: print only when this field is entered and true ("!key": entered and false)
    when: str = ""
    options: Mapping[str, Any] = _NO_OPTIONS


class TemplateRef(NamedTuple):
    """Which template a period is bound to."""

    id: str
    version: int
    digest: str

    @property
    def label(self) -> str:
        return f"{self.id} phiên bản {self.version}"

    def to_dict(self) -> dict:
        return {"id": self.id, "version": self.version, "digest": self.digest}


class Template(NamedTuple):
    id: str
    version: int
    title: str
    level: str  # "xa" (a commune's report) | "tinh" / "huyen" (a superior's)
    valid_from: _dt.date | None
    valid_to: _dt.date | None
    digest: str
    pages: tuple[Page, ...]
    sections: tuple[Section, ...]
    fields: Mapping[str, Field]
    derived: Mapping[str, Derived]
    indicators: tuple[Indicator, ...]
    rules: tuple[RuleSpec, ...]
    outline: tuple[Block, ...] = ()
    register_kinds: tuple[Choice, ...] = ()
    conditions: tuple[Choice, ...] = ()
    origins: tuple[Choice, ...] = ()
    user_groups: tuple[Choice, ...] = ()
    computer_kinds: frozenset = frozenset()
    periods: tuple[str, ...] = ()  # period kinds the template serves; empty = all
    description: str = ""
    path: str = ""
    #: the superior's consolidated report over the communes' datasets of this template
    consolidated: tuple[Block, ...] = ()

    @property
    def ref(self) -> TemplateRef:
        return TemplateRef(self.id, self.version, self.digest)

    @property
    def in_words(self) -> str:
        """The template as an officer reads it: its title and version in words, never its code."""
        return f"mẫu «{self.title}», phiên bản {self.version}"

    def field(self, key: str) -> Field:
        return self.fields[key]

    def fields_in_section(self, section: str) -> list[Field]:
        return [f for f in self.fields.values() if f.section == section]

    def sections_on_page(self, page: str) -> list[Section]:
        return [s for s in self.sections if s.page == page]

    def indicator(self, key: str) -> Indicator | None:
        return next((i for i in self.indicators if i.key == key), None)

    def label(self, key: str) -> str:
        if key in self.derived:
            return self.derived[key].label
        if key in self.fields:
            return self.fields[key].label
        ind = self.indicator(key)
        return ind.label if ind is not None else key

    def valid_on(self, day: _dt.date) -> bool:
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_to is None or day <= self.valid_to))


class Problem(NamedTuple):
    line: int  # 1-based; 0 when the whole file is concerned
    message: str  # Vietnamese

    def __str__(self) -> str:
        return f"dòng {self.line}: {self.message}" if self.line else self.message


class TemplateError(UserError, ValueError):
    """A template that cannot be used; ``problems`` lists every problem with its line."""

    def __init__(self, problems: list[Problem], path: str = ""):
        self.problems = problems
        self.path = path
        where = f"{path}: " if path else ""
        super().__init__(where + "; ".join(str(p) for p in problems[:5])
                         + (f" (và {len(problems) - 5} lỗi khác)" if len(problems) > 5 else ""))


#: ``{key}``, ``{^key}`` (first letter upper case), ``{key:format}``
PLACEHOLDER = re.compile(r"\{(\^?)([A-Za-z_][A-Za-z0-9_.]*)(?::([a-z_]+))?\}")
