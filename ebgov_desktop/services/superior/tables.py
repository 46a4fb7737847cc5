"""The tables of the superior level as plain (headers, rows): the board, the consolidated indicators,
the summed register. The window's table models and the Excel sheets both show exactly these."""

from __future__ import annotations

from typing import Sequence

from ...domain.consolidation import BoardRow, Consolidation
from ...domain.formatting import when_read
from ...domain.register import choice_label

__all__ = ["board_table", "indicator_table", "register_table", "outline_tables", "Table", "COUNTED_ROW",
           "INDICATOR_FOOTER_ROWS"]

Table = tuple[list[str], list[list]]  # headers, rows (plain values: str, int, float, None)

#: the last footer row of the indicator table: over how many communes each average is taken
COUNTED_ROW = "Số đơn vị có số liệu"
#: the footer rows of the indicator table (total, average, communes counted): kept at the bottom
INDICATOR_FOOTER_ROWS = 3


def board_table(rows: Sequence[BoardRow]) -> Table:
    headers = ["Mã đơn vị", "Tên đơn vị", "Tình trạng", "Lần gửi", "Ngày nhận", "Dấu khóa", "Lý do"]
    body = [[r.unit.code, r.unit.full_name, r.status.label, r.revision, when_read(r.received_at),
             r.fingerprint, r.reason] for r in rows]
    return headers, body


def indicator_table(c: Consolidation, names: dict[str, str]) -> Table:
    """One row per commune; per indicator: numerator, denominator, percent; then three footer rows:
    the total (Σ numerators / Σ denominators), the average of the communes' percentages, and how many
    communes gave the indicator (what the average is over; in the percent column)."""
    headers = ["Mã đơn vị", "Tên đơn vị"]
    INDICATORS = [i for i in c.template.indicators if i.consolidated]  # the template's columns
    for ind in INDICATORS:
        headers += [f"{ind.label} — tử số", f"{ind.label} — mẫu số", f"{ind.label} (%)"]
    body = []
    for ds in c.datasets:
        row = [ds.unit.code, names.get(ds.unit.code, ds.unit.full_name)]
        values = c.indicators.get(ds.unit.code, {})
        for ind in INDICATORS:
            iv = values.get(ind.key)
            row += [iv.numerator, iv.denominator, float(iv.percent)] if iv and iv.percent is not None \
                else [iv.numerator if iv else None, iv.denominator if iv else None, None]
        body.append(row)
    total = ["", "Tổng cộng"]
    average = ["", "Trung bình các đơn vị"]
    counted = ["", COUNTED_ROW]
    for ind in INDICATORS:
        t = c.totals.get(ind.key)
        total += [t.numerator, t.denominator, float(t.percent)] if t and t.percent is not None \
            else [None, None, None]
        average += [None, None, float(t.average)] if t and t.average is not None else [None, None, None]
        counted += [None, None, t.count if t else 0]
    body += [total, average, counted]
    return headers, body


def register_table(c: Consolidation) -> Table:
    CONDITIONS, REGISTER_KINDS = c.template.conditions, c.template.register_kinds
    headers = ["Loại thiết bị"] + [cond.label for cond in CONDITIONS] + ["Tổng số"]
    body = []
    for kind in (k.key for k in REGISTER_KINDS):
        if kind not in c.register:
            continue
        by = c.register[kind]
        body.append([choice_label(REGISTER_KINDS, kind)] + [by.get(cond.key, 0) for cond in CONDITIONS]
                    + [sum(by.values())])
    body.append(["Tổng cộng"] + [c.register_total(condition=cond.key) for cond in CONDITIONS]
                + [c.register_total()])
    return headers, body


def outline_tables(c: Consolidation, period, rows: Sequence[BoardRow] = (), unexpected: Sequence[BoardRow] = (),
                   names: dict[str, str] | None = None) -> list[tuple[str, Table]]:
    """(sheet title, table) of every table of the template's consolidated outline, with the very columns
    the PDF prints (numbers as numbers): the sums, the indicators, the register, the communes annex.
    A sheet is named after the heading (or annex) it prints under, numbered in print order."""
    from ...reporting.consolidated_outline import ConsolidatedContext, render_consolidated
    from ...reporting.outline import Heading
    from ...reporting.outline import Table as Printed

    body, annexes = render_consolidated(ConsolidatedContext(c, period, rows, unexpected, names or {}))
    found: list[tuple[str, Printed]] = []
    heading = ""
    for block in body:
        if isinstance(block, Heading):
            heading = block.text
        elif isinstance(block, Printed) and block.data:
            found.append((heading, block))
    found += [(annex.title, b) for annex in annexes for b in annex.blocks if isinstance(b, Printed) and b.data]
    out = []
    for i, (title, table) in enumerate(found, 1):
        name = "".join(ch for ch in f"{i}. {title[:1].upper()}{title[1:].lower()}" if ch not in "[]:*?/\\")
        out.append((name if len(name) <= 31 else name[:30].rstrip() + "…",
                    (list(table.headers), [list(r) for r in table.data])))
    return out
