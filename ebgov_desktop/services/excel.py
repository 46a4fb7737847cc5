"""Excel workbooks (openpyxl): sheets of (headers, rows) tables, e.g. the superior level's tables.

openpyxl does the file format properly (styles, number formats, frozen panes, autofilter) — better than
writing XML of our own. It is imported only when a workbook is made.
"""

from __future__ import annotations

import errno
import io
import os
from copy import copy
from pathlib import Path
from typing import Mapping, Sequence

from ..storage.atomic import atomic_write

__all__ = ["write_workbook"]

Table = tuple[list[str], list[list]]  # headers, rows (plain values: str, int, float, None)


def write_workbook(path: str | os.PathLike, sheets: Sequence[tuple[str, Table]], *,
                   formats: Mapping[str, str] | None = None) -> Path:
    """Write sheets (title, (headers, rows)) with bold frozen headers, autofilter, number formats and
    column widths that fit; atomically (``atomic_write``: temporary name, fsync, rename, read back).
    ``formats`` gives a column's number format by its header (years: ``"0"``, not ``2,018``).

    openpyxl's write-only mode: each row is written as it comes, never held as cell objects (a
    country's 3,321 communes × 40 columns in about a fifth of the time and memory)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE7F0")
    wrap = Alignment(wrap_text=True, vertical="center")
    for title, (headers, rows) in sheets:
        ws = wb.create_sheet(title=title[:31])
        for col, header in enumerate(headers, 1):
            width = max([len(str(header)) * 0.6 if len(str(header)) > 30 else len(str(header))]
                        + [len(_shown(r[col - 1])) for r in rows])
            ws.column_dimensions[get_column_letter(col)].width = min(max(8, width + 2), 60)
        ws.freeze_panes = "A2"
        if headers:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
        head = []
        for header in headers:
            cell = WriteOnlyCell(ws, header)
            cell.font, cell.fill, cell.alignment = bold, fill, wrap
            head.append(cell)
        ws.append(head)
        # a column's number format: the one asked for, else by the value (0.0 for a rate, #,##0);
        # each format's style is made once and copied to its cells (setting it per cell looks the
        # format up every time: most of the time of a large sheet)
        asked = [formats.get(h) if formats else None for h in headers]
        number = _NumberCells(ws, WriteOnlyCell)
        for row in rows:
            out = []
            for value, fmt in zip(row, asked):
                if isinstance(value, str) and value.startswith("="):
                    cell = WriteOnlyCell(ws, value)
                    cell.data_type = "s"  # text from the communes' packages is data, never a formula
                    out.append(cell)
                elif isinstance(value, float):
                    out.append(number.cell(value, fmt or "0.0"))
                elif isinstance(value, int) and not isinstance(value, bool):
                    out.append(number.cell(value, fmt or "#,##0"))
                else:
                    out.append(value)
            ws.append(out)
    # built in memory, then written: openpyxl's ZipFile left open by a full disk printed a traceback at
    # exit (after the right message); the workbooks are a few MB at most
    buf = io.BytesIO()
    wb.save(buf)
    return atomic_write(Path(path), data=buf.getvalue(), check=_check_xlsx)


class _NumberCells:
    """Numeric cells of one sheet with a number format, each format's style made once and copied."""

    def __init__(self, ws, cell_class):
        self.ws, self.cell_class = ws, cell_class
        self.styles: dict[str, object] = {}

    def cell(self, value, fmt: str):
        if fmt not in self.styles:
            proto = self.cell_class(self.ws, 0)
            proto.number_format = fmt
            self.styles[fmt] = proto._style
        cell = self.cell_class(self.ws, value)
        cell._style = copy(self.styles[fmt])
        return cell


def _check_xlsx(path: Path) -> None:
    """Read back: the workbook is a whole ZIP whose members all pass their CRC."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
    except zipfile.BadZipFile:
        bad = path.name
    if bad is not None:
        raise OSError(errno.EIO, f"tệp đọc lại bị hỏng ({bad})")


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
