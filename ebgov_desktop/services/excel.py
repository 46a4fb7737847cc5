"""Excel tables of the superior level (openpyxl): the board, the consolidated table, the summed register.

openpyxl does the file format properly (styles, number formats, frozen panes, autofilter) — better than
writing XML of our own. It is imported only when a workbook is made.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from ..domain.catalogue import CONDITIONS, INDICATORS, REGISTER_KINDS, choice_label
from ..domain.consolidation import BoardRow, Consolidation

__all__ = ["board_table", "indicator_table", "register_table", "write_workbook"]

Table = tuple[list[str], list[list]]  # headers, rows (plain values: str, int, float, None)


def board_table(rows: Sequence[BoardRow]) -> Table:
    headers = ["Mã đơn vị", "Tên đơn vị", "Tình trạng", "Lần gửi", "Ngày nhận", "Dấu khóa", "Lý do"]
    body = [[r.unit.code, r.unit.full_name, r.status.label, r.revision, r.received_at.replace("T", " "),
             r.fingerprint, r.reason] for r in rows]
    return headers, body


def indicator_table(c: Consolidation, names: dict[str, str]) -> Table:
    """One row per commune; per indicator: numerator, denominator, percent; then total and average rows."""
    headers = ["Mã đơn vị", "Tên đơn vị"]
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
    for ind in INDICATORS:
        t = c.totals.get(ind.key)
        total += [t.numerator, t.denominator, float(t.percent)] if t and t.percent is not None \
            else [None, None, None]
        average += [None, None, float(t.average)] if t and t.average is not None else [None, None, None]
    body += [total, average]
    return headers, body


def register_table(c: Consolidation) -> Table:
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


def write_workbook(path: str | os.PathLike, sheets: Sequence[tuple[str, Table]]) -> Path:
    """Write sheets (title, (headers, rows)) with bold frozen headers, autofilter, number formats and
    column widths that fit; atomically (temporary name, then rename)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE7F0")
    for title, (headers, rows) in sheets:
        ws = wb.create_sheet(title=title[:31])
        ws.append(headers)
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for r, row in enumerate(rows, 2):
            ws.append(row)
            # text from the communes' packages is data, never a formula: "=…" stays a string
            for c, value in enumerate(row, 1):
                if isinstance(value, str) and value.startswith("="):
                    ws.cell(row=r, column=c).data_type = "s"
        for col, header in enumerate(headers, 1):
            letter = get_column_letter(col)
            width = max([len(str(header)) * 0.6 if len(str(header)) > 30 else len(str(header))]
                        + [len(_shown(v)) for v in (r[col - 1] for r in rows)])
            ws.column_dimensions[letter].width = min(max(8, width + 2), 60)
            for cell in ws[letter][1:]:
                if isinstance(cell.value, float):
                    cell.number_format = "0.0"
                elif isinstance(cell.value, int):
                    cell.number_format = "#,##0"
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    wb.save(tmp)
    os.replace(tmp, path)
    return path


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
