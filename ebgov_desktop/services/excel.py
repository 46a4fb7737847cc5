"""Excel workbooks (openpyxl): sheets of (headers, rows) tables, e.g. the superior level's tables.

openpyxl does the file format properly (styles, number formats, frozen panes, autofilter) — better than
writing XML of our own. It is imported only when a workbook is made.
"""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path
from typing import Mapping, Sequence

from ..storage.atomic import atomic_write

__all__ = ["write_workbook"]

Table = tuple[list[str], list[list]]  # headers, rows (plain values: str, int, float, None)


def write_workbook(path: str | os.PathLike, sheets: Sequence[tuple[str, Table]], *,
                   formats: Mapping[str, str] | None = None) -> Path:
    """Write sheets (title, (headers, rows)) with bold frozen headers, autofilter, number formats and
    column widths that fit; atomically (``atomic_write``: temporary name, fsync, rename, read back).
    ``formats`` gives a column's number format by its header (years: ``"0"``, not ``2,018``)."""
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
                if formats and header in formats:
                    if isinstance(cell.value, (int, float)):
                        cell.number_format = formats[header]
                elif isinstance(cell.value, float):
                    cell.number_format = "0.0"
                elif isinstance(cell.value, int):
                    cell.number_format = "#,##0"
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    # built in memory, then written: openpyxl's ZipFile left open by a full disk printed a traceback at
    # exit (after the right message); the workbooks are a few MB at most
    buf = io.BytesIO()
    wb.save(buf)
    return atomic_write(Path(path), data=buf.getvalue(), check=_check_xlsx)


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
