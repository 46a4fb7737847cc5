"""The superior's consolidated report as an outline: the template's ``[[consolidated]]`` blocks,
rendered over the ``Consolidation`` of the communes' datasets into the plain blocks of ``outline.py``.

Each block kind of ``domain/template_blocks.py`` whose outline is "consolidated" (or "both") has its
renderer here (``@renderer("kind")``); headings are numbered and left out when empty exactly as in the
commune report (``outline.arrange``). No reportlab here: ``consolidated.py`` lays the blocks out and
the Excel workbook takes the tables' columns (``Table.data``) from the same list.

Totals are what ``domain/consolidation.py`` computes: a count is summed over the communes that entered
it; a rate is Σ numerators / Σ denominators (never an average of percentages), with the number of
communes it covers; a percentage typed directly is averaged over the communes that gave it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from ..domain.consolidation import BoardRow, BoardStatus, Consolidation, completeness_sentence
from ..domain.formatting import short_date, vn_decimal, vn_int
from ..domain.template import PLACEHOLDER, Block, Template
from ..domain.template_blocks import SUPERIOR_TEXT_KEYS
from .outline import Annex, Paragraph, Table, _bullet, arrange

__all__ = ["ConsolidatedContext", "RENDERERS", "render_consolidated", "default_outline", "key_indicators",
           "outline_of", "template_words"]

RENDERERS: dict[str, Callable[[Block, "ConsolidatedContext"], list]] = {}


def renderer(kind: str):
    def add(fn):
        RENDERERS[kind] = fn
        return fn
    return add


def key_indicators(template: Template) -> tuple[tuple[str, str], ...]:
    """The columns of the communes × indicators annex when the outline names none: the template's
    indicators that give a short column title (``short``)."""
    return tuple((i.key, i.short) for i in template.indicators if i.short and i.consolidated)


def template_words(t: Template) -> str:
    """A template as an officer reads it: its title and version in words, never its code."""
    return t.in_words


def _equal(labels: Sequence[str]) -> list[float]:
    return [39.0] + [116 / len(labels)] * len(labels)


@dataclass
class ConsolidatedContext:
    """What the consolidated outline is rendered from: the sums, the board, the superior's own text."""

    consolidation: Consolidation
    period: Any  # domain.periods.Period
    rows: Sequence[BoardRow] = ()
    unexpected: Sequence[BoardRow] = ()
    names: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Any] = field(default_factory=dict)
    #: widths in mm of an annex's name column and figure columns (the PDF measures its headers)
    widths: Callable[[Sequence[str]], list[float]] = _equal

    @property
    def template(self) -> Template:
        return self.consolidation.template

    @property
    def kind_word(self) -> str:
        """``xã`` when every commune is a xã, else ``đơn vị cấp xã``."""
        kinds = {r.unit.kind for r in self.rows}
        return next(iter(kinds)).label if len(kinds) == 1 else "đơn vị cấp xã"

    def fill(self, text: str) -> str | None:
        specials = {"period.label": getattr(self.period, "label", ""),
                    "period.year": str(getattr(self.period, "year", "")), "communes.kind": self.kind_word}
        missing = False

        def one(m) -> str:
            nonlocal missing
            value = specials.get(m.group(2))
            if value is None:
                missing = True
                return ""
            fmt = m.group(3) or ""
            value = value.upper() if fmt == "upper" else value.lower() if fmt == "lower" else value
            return value[:1].upper() + value[1:] if m.group(1) else value

        out = PLACEHOLDER.sub(one, text or "")
        return None if missing else out

    def name(self, ds) -> str:
        return self.names.get(ds.unit.code, ds.unit.full_name)


def _intro(block: Block, ctx: ConsolidatedContext) -> list:
    text = ctx.fill(block.text) if block.text else None
    return [Paragraph(text, "keep")] if text else []


@renderer("paragraph")
def _paragraph(block: Block, ctx: ConsolidatedContext) -> list:
    text = ctx.fill(block.text)
    if text is None and block.fallback:
        text = ctx.fill(block.fallback)
    return [Paragraph(_bullet(text, block.bullet), block.style or "body")] if text else []


@renderer("lines")
@renderer("narrative")
def _lines(block: Block, ctx: ConsolidatedContext) -> list:
    bullet = block.bullet if block.bullet or block.type == "narrative" else "-"
    return [Paragraph(_bullet(str(line), bullet), block.style or "body")
            for line in ctx.values.get(block.key) or () if str(line).strip()]


@renderer("report_status")
def _status(block: Block, ctx: ConsolidatedContext) -> list:
    c = ctx.consolidation
    out = [Paragraph(f"Kỳ báo cáo {ctx.period.label}: {completeness_sentence(ctx.rows)}.")]
    missing = [r for r in ctx.rows if not r.status.reported]
    if missing:
        names = [r.unit.full_name + ("" if r.status is BoardStatus.MISSING else f" ({r.status.label.lower()})")
                 for r in missing]
        out.append(Paragraph(f"Các đơn vị chưa báo cáo ({vn_int(len(missing))}): {', '.join(names)}."))
    if ctx.unexpected:
        names = ", ".join(r.unit.full_name for r in ctx.unexpected)
        out.append(Paragraph(f"Đơn vị gửi báo cáo nhưng không có trong danh sách: {names}."))
    if c.other_template:
        names = ", ".join(f"{ctx.name(ds)} ({template_words(ds.template)})" for ds in c.other_template)
        out.append(Paragraph(f"Các đơn vị báo cáo theo mẫu khác, không cộng vào số liệu tổng hợp theo "
                             f"{template_words(c.template)} ({vn_int(len(c.other_template))}): {names}."))
    # a commune whose package lacks figures is "not reported" above, yet its figures are added: say so
    partial = sum(1 for r in ctx.rows if not r.status.reported and r.status is not BoardStatus.MISSING
                  and r.revision)
    also = f" (kể cả {vn_int(partial)} đơn vị còn thiếu số liệu)" if partial else ""
    out.append(Paragraph(f"Số liệu tổng hợp dưới đây tính trên {vn_int(len(c.datasets))} đơn vị đã gửi số "
                         f"liệu{also}; bảng chỉ tiêu của từng đơn vị tại Phụ lục I."))
    return out


@renderer("register_summary")
def _register(block: Block, ctx: ConsolidatedContext) -> list:
    c, t = ctx.consolidation, ctx.template
    if not c.register:
        return []
    # a condition not given is its own column (never counted as "Tốt"); each kind is totalled on its
    # own row, never computers + UPS + switches in one sum
    conds = [cond.key for cond in t.conditions] + ([""] if any("" in by for by in c.register.values()) else [])
    rows, data = [], []
    for i, kind in enumerate((k for k in t.register_kinds if k.key in c.register), 1):
        by = c.register[kind.key]
        counts = [by.get(cond, 0) for cond in conds] + [sum(by.values())]
        rows.append((str(i), kind.label, *(vn_int(q) for q in counts)))
        data.append((i, kind.label, *counts))
    short = list(block.options.get("conditions", ())) or [cond.label for cond in t.conditions]
    unknown = len(conds) > len(t.conditions)
    headers = ("TT", "Loại thiết bị", *short[:len(t.conditions)], *(["Chưa ghi"] if unknown else []), "Tổng số")
    cond_widths = [20, 22, 20] if len(t.conditions) == 3 else [62 / max(len(t.conditions), 1)] * len(t.conditions)
    widths = (10, 52 if unknown else 70, *cond_widths, *([18] if unknown else []), 23)
    return _intro(block, ctx) + [Table(headers, tuple(rows), widths,
                                       centre_cols=tuple(range(2, len(headers))) + (0,), data=tuple(data))]


def _pct(value) -> str:
    return "" if value is None else vn_decimal(value)


def _mean(value) -> str:
    """An average of percentages with the decimals it was made with (two when communes typed two)."""
    return "" if value is None else vn_decimal(value, 2)


@renderer("indicator_summary")
def _indicators(block: Block, ctx: ConsolidatedContext) -> list:
    c = ctx.consolidation
    chosen = [ctx.template.indicator(k) for k in block.keys] if block.keys else \
        [i for i in ctx.template.indicators if i.consolidated]
    rows, data = [], []
    for ind in chosen:
        t = c.totals.get(ind.key)
        if t is None:
            continue
        total = "" if ind.percent else f"{vn_int(t.numerator)}/{vn_int(t.denominator)}"
        rows.append((str(len(rows) + 1), ind.label, total, _pct(t.percent), _mean(t.average), vn_int(t.count)))
        data.append((len(data) + 1, ind.label, None if ind.percent else f"{t.numerator}/{t.denominator}",
                     None if t.percent is None else float(t.percent),
                     None if t.average is None else float(t.average), t.count))
    if not rows:
        return []
    return _intro(block, ctx) + [Table(
        ("TT", "Chỉ tiêu", "Tổng hợp", "Tỷ lệ chung (%)", "Trung bình (%)", "Số đơn vị"), tuple(rows),
        (10, 62, 27, 22, 22, 22), small=True, centre_cols=(0, 2, 3, 4, 5), data=tuple(data))]


def _sums(block: Block, ctx: ConsolidatedContext) -> list[tuple[Any, int, int]]:
    out = []
    for key in block.keys:
        found, spec = ctx.consolidation.sums.get(key), ctx.template.fields.get(key)
        if found is not None and spec is not None:
            out.append((spec, found[0], found[1]))
    return out


@renderer("sum_lines")
def _sum_lines(block: Block, ctx: ConsolidatedContext) -> list:
    return [Paragraph(f"- {spec.label}: {vn_int(total)} {spec.unit} ({vn_int(n)} đơn vị có số liệu).")
            for spec, total, n in _sums(block, ctx)]


@renderer("yes_lines")
def _yes_lines(block: Block, ctx: ConsolidatedContext) -> list:
    """``- Kết nối mạng truyền số liệu chuyên dùng: 2/3 đơn vị đã kết nối.`` (over the communes that
    answered; the field's own words for "có")."""
    out = []
    for key in block.keys:
        spec = ctx.template.fields.get(key)
        answers = [ds.values[key] for ds in ctx.consolidation.datasets if ds.values.get(key) is not None]
        if spec is None or not answers:
            continue
        yes = sum(1 for a in answers if a)
        out.append(Paragraph(f"- {spec.label}: {vn_int(yes)}/{vn_int(len(answers))} đơn vị "
                             f"{spec.yes_text or 'có'}."))
    return out


@renderer("sum_table")
def _sum_table(block: Block, ctx: ConsolidatedContext) -> list:
    found = _sums(block, ctx)
    if not found:
        return []
    headers = tuple(block.options.get("headers", ("TT", "Nội dung", "Tổng số", "Đơn vị tính", "Số đơn vị")))
    widths = tuple(block.options.get("widths", (10, 85, 25, 25, 20)))
    rows = tuple((str(i), spec.label, vn_int(total), spec.unit, vn_int(n))
                 for i, (spec, total, n) in enumerate(found, 1))
    data = tuple((i, spec.label, total, spec.unit, n) for i, (spec, total, n) in enumerate(found, 1))
    return _intro(block, ctx) + [Table(headers, rows, widths, centre_cols=(0, 2, 3, 4), data=data)]


@renderer("rate_lines")
def _rates(block: Block, ctx: ConsolidatedContext) -> list:
    c, t = ctx.consolidation, ctx.template
    out = []
    for key in block.keys:
        total = c.totals.get(key)
        if total is None or total.percent is None:
            continue
        ind = total.indicator
        num, den = t.derived.get(ind.numerator), t.derived.get(ind.denominator)
        what = f" ({num.label.lower()} / {den.label.lower()})" if num and den else ""
        head = f"- {ind.label}{what}: {vn_int(total.numerator)}/{vn_int(total.denominator)} " \
               f"({vn_decimal(total.percent)}%)"
        tail = f"; trung bình các đơn vị {_mean(total.average)}%." if block.options.get("average") else \
            f", trên {vn_int(total.count)} đơn vị có số liệu."
        out.append(Paragraph(head + tail))
    return out


@renderer("average_lines")
def _averages(block: Block, ctx: ConsolidatedContext) -> list:
    out = []
    for key in block.keys:
        total = ctx.consolidation.totals.get(key)
        if total is None or total.average is None:
            continue
        out.append(Paragraph(f"- {total.indicator.label}: trung bình {_mean(total.average)}% "
                             f"({vn_int(total.count)} đơn vị có số liệu)."))
    return out


def _columns(block: Block, ctx: ConsolidatedContext) -> list[tuple[str, str]]:
    if block.columns:
        return [(col["key"], col.get("title") or ctx.template.label(col["key"])) for col in block.columns]
    return list(key_indicators(ctx.template))


@renderer("communes_table")
def _communes(block: Block, ctx: ConsolidatedContext) -> list:
    """The annex: one row per commune summed, one column per chosen figure (an indicator's percentage,
    a count as entered; "-" when not given), then the total and the communes' average."""
    c = ctx.consolidation
    columns = _columns(block, ctx)
    if not c.datasets or not columns:
        return []
    indicator_keys = {i.key for i in ctx.template.indicators}
    rows, data = [], []
    for i, ds in enumerate(c.datasets, 1):
        values = c.indicators.get(ds.unit.code, {})
        cells = []
        for key, _title in columns:
            if key in indicator_keys:
                iv = values.get(key)
                cells.append(None if iv is None or iv.percent is None else iv.percent)
            else:
                cells.append(ds.values.get(key))
        rows.append((str(i), ctx.name(ds), *("-" if v is None else vn_decimal(v, 2) if key in indicator_keys
                                             else vn_int(v) for v, (key, _t) in zip(cells, columns))))
        data.append((i, ctx.name(ds), *(None if v is None else float(v) if key in indicator_keys else v
                                         for v, (key, _t) in zip(cells, columns))))
    totals, averages = [], []
    for key, _title in columns:
        if key in indicator_keys:
            t = c.totals.get(key)
            totals.append(None if t is None or t.percent is None else t.percent)
            averages.append(None if t is None or t.average is None else t.average)
        else:
            found = c.sums.get(key)
            totals.append(None if found is None else found[0])
            averages.append(None)
    for name, values in (("Tổng cộng", totals), ("Trung bình các đơn vị", averages)):  # as the window names them
        rows.append(("", name, *("-" if v is None else vn_decimal(v) if key in indicator_keys else vn_int(v)
                                 for v, (key, _t) in zip(values, columns))))
        data.append(("", name, *(None if v is None else float(v) if key in indicator_keys else v
                                 for v, (key, _t) in zip(values, columns))))
    n = len(rows)
    labels = [title for _key, title in columns]
    title = ctx.fill(block.title) or block.title
    table = Table(("TT", "Đơn vị", *labels), tuple(rows), (10, *ctx.widths(labels)), small=True,
                  centre_cols=(0,) + tuple(range(2, 2 + len(columns))), bold_rows=(n - 2, n - 1),
                  keep_last=3, data=tuple(data))  # the two total rows stay with the last commune
    return [Annex(title, (table,))]


@renderer("report_table")
def _board(block: Block, ctx: ConsolidatedContext) -> list:
    import datetime as _dt

    rows = []
    for i, r in enumerate(list(ctx.rows) + list(ctx.unexpected), 1):
        try:
            when = _dt.date.fromisoformat(r.received_at[:10]) if r.received_at else None
        except ValueError:
            when = None
        status = r.status.label + ("" if r.expected else " (ngoài danh sách)")
        rows.append((str(i), r.unit.code, r.unit.full_name, status, "" if r.revision is None else str(r.revision),
                     short_date(when) if when else ""))
    if not rows:
        return []
    return [Annex(ctx.fill(block.title) or block.title,
                  (Table(("TT", "Mã", "Đơn vị", "Tình trạng", "Lần gửi", "Ngày nhận"), tuple(rows),
                         (10, 16, 55, 42, 16, 26), small=True, centre_cols=(0, 1, 4, 5)),))]


def default_outline(t: Template) -> tuple[Block, ...]:
    """The outline of a template that writes no ``[[consolidated]]``: who reported, every indicator,
    every count of the form, the superior's own text, the two annexes."""
    from ..domain.template import FieldType, Scope

    counts = tuple(f.key for f in t.fields.values() if f.type is FieldType.COUNT and f.scope is Scope.PERIOD)
    rates = tuple(i.key for i in t.indicators if i.numerator)
    return (
        Block("heading", level=1, text="TÌNH HÌNH BÁO CÁO CỦA CÁC {communes.kind:upper}"),
        Block("report_status"),
        Block("heading", level=1, text="KẾT QUẢ TỔNG HỢP"),
        Block("register_summary", text="Trang thiết bị công nghệ thông tin của các {communes.kind} (tổng hợp "
                                       "theo loại và tình trạng):"),
        Block("indicator_summary", text="Các chỉ tiêu tổng hợp (tỷ lệ chung = tổng tử số / tổng mẫu số; "
                                        "trung bình = trung bình cộng tỷ lệ của các {communes.kind}):"),
        Block("rate_lines", keys=rates),
        Block("sum_table", keys=counts),
        *(Block("lines", key=k) for k in SUPERIOR_TEXT_KEYS[3:]),
        Block("communes_table", title="SỐ LIỆU CỦA CÁC {communes.kind:upper} (%)"),
        Block("report_table", title="TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ"),
    )


def outline_of(t: Template) -> tuple[Block, ...]:
    return t.consolidated or default_outline(t)


def render_consolidated(ctx: ConsolidatedContext) -> tuple[list, list]:
    """(body blocks, annexes) of the template's consolidated outline over ``ctx``."""
    items = [(b, [] if b.type in ("heading", "subheading") else RENDERERS[b.type](b, ctx))
             for b in outline_of(ctx.template)]
    return arrange(items, ctx.fill)
