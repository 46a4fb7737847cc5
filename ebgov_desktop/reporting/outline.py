"""The report outline of a template, rendered for one period's data into a plain list of blocks.

No reportlab here: the PDF (``commune.py``) lays these blocks out, and a DOCX writer can lay out the
very same list. The block model (every text already formatted the Vietnamese way, plain Unicode, no
markup):

==================  =============================================================================
``Heading``         ``number`` ("I.", "1.", "a)") + ``text``; ``level`` 1–3
``Paragraph``       ``text``; ``style``: "body" (justified, first-line indent), "italic",
                    "subheading" (italic, unnumbered, kept with what follows), "plain" (no indent)
``LinkList``        ``items``: (kind, text) with kind "title" (a group's name, bold), "text"
                    (a sentence) or "url" (printed as a link)
``Table``           ``headers``, ``rows`` (strings), ``widths_mm``, ``centre_cols``, ``bold_rows``,
                    ``small``
``Chart``           ``items``: (label, percent) bars from top to bottom; ``title`` under it
``Annex``           ``title`` and its own ``blocks``; laid out after the signature, on a new page
``Closing``         the closing sentence ("… ./.")
``Signature``       ``authority_lines``, ``signer_name``, ``recipients`` (Nơi nhận)
==================  =============================================================================

What was never entered is left out: a paragraph whose placeholders are empty is dropped (or replaced by
its ``fallback``), a heading with nothing under it is dropped, and the numbering closes up.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from ..domain.formatting import (
    long_date,
    pad2,
    parse_year_line,
    short_date,
    vn_int,
    vn_percent,
    vn_typed_percent,
)
from ..domain.register import RegisterItem
from ..domain.rules import Figures, IndicatorValue, compute_indicators
from ..domain.template import PLACEHOLDER, Block, FieldType, Template
from ..domain.units import Unit
from .template import roman as _roman

__all__ = [
    "Heading",
    "Paragraph",
    "LinkList",
    "Table",
    "Chart",
    "Annex",
    "Closing",
    "Signature",
    "OutlineContext",
    "render_outline",
    "arrange",
    "format_placeholders",
    "hien_trang",
    "equipment_rows",
    "EquipmentRow",
    "RENDERERS",
    "renderer",
]


# -- blocks ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Heading:
    number: str
    text: str
    level: int


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"


@dataclass(frozen=True)
class LinkList:
    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_mm: tuple[float, ...]
    centre_cols: tuple[int, ...] = ()
    bold_rows: tuple[int, ...] = ()
    small: bool = False
    #: rows kept on the page of the one before the last (a total row never alone)
    keep_last: int = 0
    #: the same rows as plain values (numbers as numbers) for a spreadsheet; empty: the text
    data: tuple[tuple, ...] = ()


@dataclass(frozen=True)
class Chart:
    items: tuple[tuple[str, float], ...]
    title: str


@dataclass(frozen=True)
class Annex:
    title: str
    blocks: tuple = ()


@dataclass(frozen=True)
class Closing:
    text: str


@dataclass(frozen=True)
class Signature:
    authority_lines: tuple[str, ...]
    signer_name: str
    recipients: tuple[str, ...] = ()


# -- the equipment register's sentences ------------------------------------------------------------------

_USED = "da_qua_su_dung"


def _group(items: Sequence[RegisterItem]) -> list[tuple[str, int | None, int]]:
    """(origin, year, quantity) groups in print order: by year, then used items last."""
    totals: dict[tuple[str, int | None], int] = {}
    for item in items:
        key = (item.origin or "", item.year_acquired)
        totals[key] = totals.get(key, 0) + (item.quantity or 0)
    order = sorted(totals, key=lambda k: (k[0] == _USED, k[1] is None, k[1] or 0, k[0]))
    return [(origin, year, totals[(origin, year)]) for origin, year in order]


def _phrase(origin: str, year: int | None, *, count: str = "", report_year: int | None = None) -> str:
    """``04 máy trang bị 2018`` / ``01 máy mới trang bị 2019`` (the report's year) /
    ``18 máy đã qua sử dụng`` / ``Trang bị 2018`` (no count)."""
    if origin == _USED:
        words = "đã qua sử dụng" + (f" (trang bị {year})" if year else "")
    elif year:
        words = ("mới trang bị" if count and year == report_year else "trang bị") + f" {year}"
    elif origin == "moi":
        words = "mới"
    else:
        words = ""
    if count:
        return f"{count} {words}".strip()
    return words[:1].upper() + words[1:]


def hien_trang(items: Sequence[RegisterItem], *, unit_word: str = "", always_count: bool = False,
               report_year: int | None = None) -> str:
    """The "Hiện trạng" sentence of a table row made from its register rows."""
    groups = [g for g in _group(items) if g[2] > 0]
    if not groups:
        return ""
    if len(groups) == 1 and not always_count:
        return _phrase(groups[0][0], groups[0][1])
    parts = []
    for origin, year, qty in groups:
        count = f"{pad2(qty)} {unit_word}".strip()
        parts.append(_phrase(origin, year, count=count, report_year=report_year))
    return ", ".join(p for p in parts if p)


_SHORT_CONDITIONS = {"xuong_cap": "xuống cấp", "hong": "hỏng"}


def _remarks(items: Sequence[RegisterItem], unit_word: str = "") -> str:
    """Ghi chú: how many are worn or broken, and the notes the officer wrote."""
    out = []
    for cond in ("xuong_cap", "hong"):
        qty = sum(i.quantity or 0 for i in items if i.condition == cond)
        if qty:
            out.append(f"{pad2(qty)} {unit_word + ' ' if unit_word else ''}{_SHORT_CONDITIONS[cond]}")
    notes = []
    for item in items:
        note = (item.notes or "").strip()
        if note and note not in notes:
            notes.append(note)
    return "; ".join(out + notes)


@dataclass(frozen=True)
class EquipmentRow:
    label: str
    quantity: str
    status: str
    remarks: str
    is_ratio: bool = False


_DEFAULT_EQUIPMENT_ROWS: tuple[Mapping[str, Any], ...] = (
    {"indicator": "computers_per_civil_servant", "user_group": "cbcc",
     "label": "Tỷ lệ máy tính/cán bộ, công chức"},
    {"indicator": "computers_per_part_time", "user_group": "khong_chuyen_trach",
     "label": "Tỷ lệ máy tính/người hoạt động không chuyên trách"},
    {"indicator": "computers_on_cpnet",
     "label": "Tỷ lệ máy tính của cán bộ, công chức kết nối mạng truyền số liệu chuyên dùng (CPNet)"},
)


def equipment_rows(register: Sequence[RegisterItem], indicators: dict[str, IndicatorValue],
                   template: Template, rows: Sequence[Mapping[str, Any]] = (), *,
                   rest: bool = True, show_empty: bool = False, report_year: int | None = None
                   ) -> list[EquipmentRow]:
    """The register summary table: the template's rows (an indicator's ratio with the computers of a
    user group, or the register kinds a row gathers), then one row per other kind present."""
    t = template
    computer_kinds = t.computer_kinds
    spec_rows = list(rows) or list(_DEFAULT_EQUIPMENT_ROWS) + [{"kinds": [k.key]} for k in t.register_kinds]
    out: list[EquipmentRow] = []
    used: set[int] = set()
    kinds_named = {k for r in spec_rows for k in r.get("kinds", ())}
    for row in spec_rows:
        if row.get("indicator"):
            ind = indicators.get(row["indicator"])
            group = row.get("user_group")
            if ind is None or ind.numerator is None:
                if show_empty:
                    out.append(EquipmentRow(row.get("label", ""), "", "", "", is_ratio=True))
                continue
            members = [i for i, item in enumerate(register)
                       if group and item.kind in computer_kinds and item.user_group == group]
            used.update(members)
            items = [register[i] for i in members]
            status = hien_trang(items, unit_word="máy", always_count=True, report_year=report_year) \
                if group else (f"Đạt {vn_percent(ind.numerator, ind.denominator)}" if ind.denominator
                               else "")
            out.append(EquipmentRow(row.get("label") or ind.indicator.label,
                                    f"{vn_int(ind.numerator)}/{vn_int(ind.denominator)}", status,
                                    _remarks(items, "máy") if group else "", is_ratio=True))
            continue
        kinds = tuple(row.get("kinds", ()))
        items = [item for i, item in enumerate(register) if item.kind in kinds and i not in used]
        label = row.get("label") or next((k.label for k in t.register_kinds if k.key in kinds), "")
        if not items:
            if show_empty:
                out.append(EquipmentRow(label, "", "", ""))
            continue
        total = sum(i.quantity or 0 for i in items)
        word = "máy" if items[0].kind in computer_kinds else ""
        out.append(EquipmentRow(label, pad2(total), hien_trang(items, unit_word=word,
                                                                report_year=report_year),
                                _remarks(items, word)))
    if rest and rows:
        for kind in t.register_kinds:
            if kind.key in kinds_named:
                continue
            items = [item for i, item in enumerate(register) if item.kind == kind.key and i not in used]
            if not items:
                continue
            total = sum(i.quantity or 0 for i in items)
            word = "máy" if items[0].kind in computer_kinds else ""
            out.append(EquipmentRow(kind.label, pad2(total), hien_trang(items, unit_word=word,
                                                                        report_year=report_year),
                                    _remarks(items, word)))
    return out


# -- values → text ----------------------------------------------------------------------------------

def _date(value) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class OutlineContext:
    """What the outline is rendered from: the template, one period's data, and the document's parts."""

    template: Template
    unit: Unit
    period: Any  # domain.periods.Period
    values: Mapping[str, Any]
    register: Sequence[RegisterItem] = ()
    closing: str = ""
    signature: Signature | None = None

    def __post_init__(self):
        self.figures = Figures(self.values, self.template)
        self.indicators = compute_indicators(self.figures)
        self.indicator_keys = {i.key for i in self.template.indicators}

    def special(self, name: str) -> str | None:
        u = self.unit
        return {
            "unit.council": u.council_name,
            "unit.short_council": f"UBND {u.kind.label}",
            "unit.full_name": u.full_name,
            "unit.kind_name": u.kind.label,
            "period.label": getattr(self.period, "label", ""),
            "period.year": str(getattr(self.period, "year", "")),
        }.get(name)

    def format_value(self, name: str, fmt: str) -> str | None:
        """The text of ``{name:fmt}``, or None when the value was never entered."""
        special = self.special(name)
        if special is not None:
            return special.lower() if fmt == "lower" else special.upper() if fmt == "upper" else special
        if name in self.indicator_keys:
            iv = self.indicators.get(name)
            if iv is None:
                return None
            if iv.numerator is None:  # typed percentage
                return None if fmt in ("num", "den", "ratio") else iv.text
            if fmt in ("ratio2", "percent2", "den2") and iv.denominator2 is None:
                return None
            return {
                "": iv.text,
                "ratio": f"{vn_int(iv.numerator)}/{vn_int(iv.denominator)}",
                "percent": vn_percent(iv.numerator, iv.denominator) or None,
                "num": vn_int(iv.numerator),
                "den": vn_int(iv.denominator),
                "ratio2": f"{vn_int(iv.numerator)}/{vn_int(iv.denominator2 or 0)}",
                "percent2": vn_percent(iv.numerator, iv.denominator2 or 0) or None,
                "den2": vn_int(iv.denominator2 or 0),
            }.get(fmt)
        value = self.figures.get(name)
        if value is None:
            return None
        spec = self.template.fields.get(name)
        ftype = spec.type if spec is not None else FieldType.COUNT
        if ftype is FieldType.COUNT:
            return pad2(value) if fmt == "pad2" else vn_int(value)
        if ftype is FieldType.PERCENT:
            return vn_typed_percent(value)
        if ftype is FieldType.DATE:
            d = _date(value)
            if d is None:
                return None
            return long_date(d) if fmt == "long_date" else short_date(d)
        if ftype is FieldType.BOOL:
            if value:
                return (spec.yes_text if spec is not None else "") or "có"
            return (spec.no_text if spec is not None else "") or "không"
        if ftype is FieldType.LINES:
            lines = [str(v).strip() for v in value if str(v).strip()]
            if spec is not None and spec.lines_kind == "years":
                unit = f" {spec.unit}" if spec.unit else ""
                parts = []
                for line in lines:
                    pair = parse_year_line(line)
                    parts.append(f"năm {pair[0]}: {vn_int(pair[1])}{unit}" if pair else line)
                return "; ".join(parts) or None
            return "; ".join(lines) or None
        text = str(value).strip()
        if not text:
            return None
        return text.lower() if fmt == "lower" else text


def format_placeholders(text: str, ctx: OutlineContext) -> str | None:
    """``text`` with every ``{key}`` filled in; None when one of them is empty."""
    missing = False

    def fill(m) -> str:
        nonlocal missing
        value = ctx.format_value(m.group(2), m.group(3) or "")
        if value is None:
            missing = True
            return ""
        return _upper_first(value) if m.group(1) else value

    out = PLACEHOLDER.sub(fill, text)
    return None if missing else out


def _bullet(text: str, bullet: str) -> str:
    text = text.strip()
    if not text or not bullet or text[:1] in "-+•*":
        return text
    return f"{bullet} {text}"


# -- rendering --------------------------------------------------------------------------------------------

def _intro(block: Block, ctx: OutlineContext) -> list:
    """The sentence a list or table block prints before itself (its ``text``), if it says anything."""
    intro = format_placeholders(block.text, ctx) if block.text else None
    return [Paragraph(intro)] if intro else []


def _when(block: Block, ctx: OutlineContext) -> bool:
    cond = block.when
    if not cond:
        return True
    negate = cond.startswith("!")
    value = ctx.figures.get(cond.lstrip("!"))
    return value is False if negate else bool(value)


#: block kind → its renderer: what a block of that kind prints for one period (empty: nothing entered).
#: One entry per kind of ``domain/template_blocks.BLOCK_KINDS`` that is not structural (headings are
#: numbered by ``render_outline``); a test checks that none is missing.
RENDERERS: dict[str, Callable[[Block, OutlineContext], list]] = {}


def renderer(kind: str):
    """Register the renderer of the block kind ``kind``."""
    def add(fn):
        RENDERERS[kind] = fn
        return fn
    return add


@renderer("paragraph")
def _paragraph(block: Block, ctx: OutlineContext) -> list:
    text = format_placeholders(block.text, ctx)
    if text is None and block.fallback:
        text = format_placeholders(block.fallback, ctx)
    if not text:
        return []
    return [Paragraph(_bullet(text, block.bullet), block.style or "body")]


@renderer("narrative")
@renderer("lines")
def _lines(block: Block, ctx: OutlineContext) -> list:
    bullet = block.bullet if block.bullet or block.type == "narrative" else "-"
    lines = ctx.figures.get(block.key) or ()
    return [Paragraph(_bullet(str(line), bullet), block.style or "body")
            for line in lines if str(line).strip()]


@renderer("figures")
def _figures(block: Block, ctx: OutlineContext) -> list:
    out = []
    t = ctx.template
    for key in block.keys:
        value = ctx.format_value(key, "")
        if value is None:
            continue
        spec = t.fields.get(key)
        unit = f" {spec.unit}" if spec is not None and spec.unit and spec.type is FieldType.COUNT else ""
        out.append(Paragraph(_bullet(f"{t.label(key)}: {value}{unit}.", block.bullet or "-")))
    return out


@renderer("links")
def _links(block: Block, ctx: OutlineContext) -> list:
    items = []
    for line in ctx.figures.get(block.key) or ():
        text = str(line).strip()
        if not text:
            continue
        if text.startswith(("http://", "https://", "www.")):
            items.append(("url", text))
        elif text.startswith("*"):
            items.append(("title", text))
        else:
            items.append(("text", text))
    if not items:
        return []
    return _intro(block, ctx) + [LinkList(tuple(items))]


@renderer("table")
def _table(block: Block, ctx: OutlineContext) -> list:
    t, opt = ctx.template, block.options
    headers = tuple(opt.get("headers", ("TT", "Nội dung", "Số lượng", "Đơn vị tính")))
    rows = []
    for key in block.keys:
        value = ctx.format_value(key, "")
        if value is None:
            continue
        spec = t.fields.get(key)
        rows.append((t.label(key), value, spec.unit if spec is not None else ""))
    if not rows:
        return []
    widths = tuple(opt.get("widths", (11, 104, 25, 25)))
    return _intro(block, ctx) + [Table(headers, tuple((str(i),) + r for i, r in enumerate(rows, 1)), widths,
                                       centre_cols=(0, 2, 3))]


@renderer("register_table")
def _register_table(block: Block, ctx: OutlineContext) -> list:
    opt = block.options
    rows = equipment_rows(ctx.register, ctx.indicators, ctx.template, block.rows,
                          rest=bool(opt.get("rest", True)), show_empty=bool(opt.get("show_empty", False)),
                          report_year=getattr(ctx.period, "year", None))
    if not any(r.quantity for r in rows):
        return []
    headers = tuple(opt.get("headers", ("TT", "Loại trang thiết bị", "Số lượng", "Hiện trạng", "Ghi chú")))
    widths = tuple(opt.get("widths", (11, 62, 21, 46, 25)))
    return _intro(block, ctx) + [Table(headers, tuple((str(i), r.label, r.quantity, r.status, r.remarks)
                                                      for i, r in enumerate(rows, 1)), widths,
                                       centre_cols=(0, 2))]


@renderer("chart")
def _chart(block: Block, ctx: OutlineContext) -> list:
    keys = block.keys or tuple(i.key for i in ctx.template.indicators)
    items = []
    for key in keys:
        iv = ctx.indicators.get(key)
        if iv is None or iv.percent is None:
            continue
        label = iv.indicator.label.removeprefix("Tỷ lệ ")
        items.append((_upper_first(label), float(iv.percent)))
    if len(items) < int(block.options.get("min_items", 2)):
        return []
    return [Chart(tuple(items), block.title or "Biểu đồ: Một số chỉ tiêu (%)")]


@renderer("annex")
def _annex(block: Block, ctx: OutlineContext) -> list:
    lines = [str(x) for x in (ctx.figures.get(block.key) or ()) if str(x).strip()] if block.key else []
    columns = [c.get("title", "") for c in block.columns] or ["TT", "Nội dung"]
    widths = tuple(c.get("width", 40) for c in block.columns) or (11, 154)
    rows = []
    for i, line in enumerate(lines, 1):
        cells = [c.strip() for c in line.split("|")]
        cells = ([str(i)] + cells)[: len(columns)]
        rows.append(tuple(cells + [""] * (len(columns) - len(cells))))
    if not rows:
        return []
    return [Annex(block.title, (Table(tuple(columns), tuple(rows), widths, centre_cols=(0,)),))]


def _content(block: Block, ctx: OutlineContext) -> list:
    """The blocks one outline element prints (empty: nothing entered, or its ``when`` is not met)."""
    if not _when(block, ctx):
        return []
    return RENDERERS[block.type](block, ctx)


def render_outline(ctx: OutlineContext) -> list:
    """The body's blocks in order (headings numbered, empty parts left out), then Closing, Signature."""
    items = [(b, [] if b.type in ("heading", "subheading") else _content(b, ctx)) for b in ctx.template.outline]
    out, annexes = arrange(items, lambda text: format_placeholders(text, ctx))
    if ctx.closing:
        out.append(Closing(ctx.closing))
    if ctx.signature is not None:
        out.append(ctx.signature)
    return out + annexes


def arrange(items: list[tuple[Block, list]], fill: Callable[[str], str | None]) -> tuple[list, list]:
    """(body, annexes) of an outline whose elements are rendered (``items``: each block with what it
    prints; headings and subheadings with nothing yet): a heading is printed when something under it
    (up to the next heading of its level or above) is, a subheading when something up to the next
    heading or subheading is; the numbering closes up. ``fill`` fills a heading's placeholders."""
    printed: list[bool] = []
    for i, (block, content) in enumerate(items):
        if block.type not in ("heading", "subheading"):
            printed.append(bool(content))
            continue
        has = False
        for other, other_content in items[i + 1:]:
            if other.type == "heading" and (block.type == "subheading" or other.level <= block.level):
                break
            if other.type == "subheading" and block.type == "subheading":
                break
            if any(not isinstance(x, Annex) for x in other_content):
                has = True
                break
        printed.append(has)
    counters = [0, 0, 0, 0]
    out: list = []
    annexes: list = []
    for (block, content), shown in zip(items, printed):
        if not shown:
            continue
        if block.type == "heading":
            level = block.level
            counters[level] += 1
            for deeper in range(level + 1, 4):
                counters[deeper] = 0
            n = counters[level]
            number = [None, f"{_roman(n)}.", f"{n}.", f"{chr(ord('a') + n - 1)})"][level]
            out.append(Heading(number, fill(block.text) or block.text, level))
        elif block.type == "subheading":
            title = fill(block.text)
            if title is None:
                title = fill(block.fallback) if block.fallback else None
            if title:
                out.append(Paragraph(title, block.style or "subheading"))
        else:
            for item in content:
                (annexes if isinstance(item, Annex) else out).append(item)
    return out, annexes
