"""Old registers and unit lists typed in TCVN3 (.VnTime…) or VNI (VNI-Times…) repaired on import.

``repair_rows(rows, fonts=…, choices=…)`` finds, column by column, the cells written in a legacy
encoding (``domain.legacy_text.detect``: the text itself, and the cells' font where an .xlsx file keeps
it: ``sheet_fonts``) and gives the rows in Unicode NFC, with one ``ColumnRepair`` a column found or
chosen: the encoding, a few values before and after. ``choices`` (column → encoding, ``""`` for none)
is the officer's word over the program's guess. The register import (``register_io.preview_import``)
and the unit-list import (``superior.list_import``) call it on the cells they read.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.legacy_text import ENCODINGS, SHORT_NAMES, bytes_encoding, detect, font_encoding, repair
from .sheets import MAX_COLUMNS

__all__ = ["ColumnRepair", "repair_rows", "sheet_fonts", "ENCODINGS", "repairs_note"]

_SAMPLES = 3
_MAX_STYLES = 16 * 1024 * 1024
EVERY = -1  # the key of ``fonts`` that holds the guess for every column


def _csv_encoding(path: Path) -> dict[int, str]:
    try:
        raw = path.read_bytes()
        raw.decode("utf-8-sig")
        return {}
    except UnicodeDecodeError:
        encoding = bytes_encoding(raw)
        return {EVERY: encoding} if encoding else {}
    except OSError:  # the reader says why
        return {}


@dataclass
class ColumnRepair:
    """One column read in a legacy encoding (``encoding`` None: the officer switched it off)."""

    column: int  # index
    detected: str | None  # what the program found (None: the officer chose the column himself)
    encoding: str | None  # what is applied
    by_font: bool = False  # the cells' font said so
    samples: list[tuple[str, str]] = field(default_factory=list)  # (as written, as read)
    changed: int = 0  # cells changed

    @property
    def label(self) -> str:
        return ENCODINGS.get(self.encoding or "", "không chuyển")


def repairs_note(repairs: list[ColumnRepair], name: Callable[[int], str]) -> str:
    """"chữ phông cũ đã chuyển sang Unicode: cột A, B (TCVN3), cột D (VNI)" ("" when none changed);
    ``name`` names a column (its letter)."""
    by_encoding: dict[str, list[str]] = {}
    for fix in repairs:
        if fix.encoding and fix.changed:
            by_encoding.setdefault(fix.encoding, []).append(name(fix.column))
    if not by_encoding:
        return ""
    return "chữ phông cũ đã chuyển sang Unicode: " + ", ".join(
        f"cột {', '.join(cols)} ({SHORT_NAMES[enc]})" for enc, cols in by_encoding.items())


_last: tuple | None = None  # (rows, fonts, choices, result): the preview asks again at every mapping change


def repair_rows(rows: list[list[Any]], *, fonts: dict[int, str] | None = None,
                choices: dict[int, str] | None = None) -> tuple[list[list[Any]], list[ColumnRepair]]:
    """(the rows with every legacy column in Unicode, what was found and done column by column). The
    same rows (the same list, unchanged) with the same fonts and choices give the last answer again."""
    global _last
    fonts, choices = dict(fonts or {}), dict(choices or {})
    if _last is not None and _last[0] is rows and _last[1:3] == (fonts, choices):
        return _last[3]
    result = _repair(rows, fonts, choices)
    _last = (rows, fonts, choices, result)
    return result


def _repair(rows: list[list[Any]], fonts: dict[int, str],
            choices: dict[int, str]) -> tuple[list[list[Any]], list[ColumnRepair]]:
    width = max((len(r) for r in rows), default=0)
    repairs: list[ColumnRepair] = []
    out = rows
    for col in range(width):
        hint = fonts.get(col, fonts.get(EVERY))
        column = (r[col] for r in rows if col < len(r))
        detected = detect(column, hint)
        if col in choices:
            encoding = choices[col] or None
        elif detected:
            encoding = detected
        else:
            continue
        fix = ColumnRepair(col, detected, encoding, by_font=bool(hint) and hint == detected)
        repairs.append(fix)
        if encoding is None:
            continue
        if out is rows:
            out = [list(r) for r in rows]
        for r in out:
            if col < len(r) and isinstance(r[col], str):
                new = repair(r[col], encoding)
                if new != r[col]:
                    if len(fix.samples) < _SAMPLES and (r[col], new) not in fix.samples:
                        fix.samples.append((r[col], new))
                    r[col] = new
                    fix.changed += 1
    return out, repairs


_LEGACY_FONT = re.compile(rb'<(?:\w+:)?(?:name|rFont)\b[^>]*\bval="(?:\.vn|vni[- ])', re.IGNORECASE)


def sheet_fonts(path: str | os.PathLike, max_rows: int = 500) -> dict[int, str]:
    """Column index → the encoding the fonts of its text cells say (.VnTime: TCVN3…), by the first
    ``max_rows`` rows of the first sheet of an .xlsx file; {} at once when the file's styles name no
    legacy font. For an 8-bit CSV
    file whose text reads as TCVN3 or VNI: {EVERY: that encoding}, the guess for every column."""
    path = Path(path)
    if path.suffix.lower() in (".csv", ".txt"):
        return _csv_encoding(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("xl/styles.xml")
            if info.file_size > _MAX_STYLES:  # no real styles part is that big: not read (zip bomb)
                return {}
            styles = z.read(info)
    except (OSError, zipfile.BadZipFile, KeyError):
        return {}
    if not _LEGACY_FONT.search(styles):
        return {}
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # the reader says what is wrong with the file
        return {}
    votes: dict[int, Counter] = {}
    try:
        for row in wb.worksheets[0].iter_rows(max_row=max_rows, max_col=MAX_COLUMNS):  # as sheets.py
            for i, cell in enumerate(row):
                value = getattr(cell, "value", None)
                if not isinstance(value, str) or value.isascii():
                    continue
                font = getattr(getattr(cell, "font", None), "name", None)
                votes.setdefault(i, Counter())[font_encoding(font)] += 1
    finally:
        wb.close()
    return {col: enc for col, counter in votes.items()
            for enc, _n in [counter.most_common(1)[0]] if enc}
