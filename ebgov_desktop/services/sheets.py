"""Reading a table an officer keeps in Excel or saves as CSV, for every import that takes one (the
equipment register, the superior's list of communes): the first worksheet of an .xlsx file (openpyxl;
merged cells read as their top-left value), or a CSV file in UTF-8 (with or without BOM) or
Windows-1258 (what Excel writes as "CSV" on a Vietnamese Windows; its combining tone marks are
composed, NFC), separated by ; tab or , — the one that splits most lines alike, so a title line above
the table does not mislead it. Every problem is one Vietnamese sentence in the caller's error class.

A spreadsheet comes from a USB stick like a package: the limits below are checked before anything is
read (the file's size; an .xlsx file's unpacked size from its zip directory, so a "sheet bomb" is
refused unopened), then the sheet is streamed (openpyxl ``read_only``, its declared dimension
ignored: a false ``A1:XFD1048576`` padded every row to 16,384 cells, 2.5 GB) and only the first
``MAX_COLUMNS`` columns are kept. Formulas are never evaluated (the values Excel saved are read).
Whatever the reader raises on a damaged file is one Vietnamese line.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path
from typing import Any

from ..domain.dataset import nfc
from ..domain.errors import UserError
from ..domain.legacy_text import decode_bytes
from ..domain.system_errors import os_reason

__all__ = ["read_rows", "MAX_FILE_BYTES", "MAX_UNPACKED_BYTES", "MAX_COLUMNS", "MAX_SCANNED_ROWS"]

#: a commune's register or a province's list of communes is a few hundred KB at most
MAX_FILE_BYTES = 20 * 1024 * 1024
#: the .xlsx file's members once unpacked (the sheet's XML and its shared strings)
MAX_UNPACKED_BYTES = 150 * 1024 * 1024
#: columns kept from every row (a register has about 20)
MAX_COLUMNS = 100
#: rows looked at, empty ones included (a sheet formatted down to row 1,048,576 is refused)
MAX_SCANNED_ROWS = 100_000


def read_rows(path: str | os.PathLike, *, error: type[UserError], what: str,
              max_rows: int) -> list[list[Any]]:
    """The cells of the file's first sheet, row by row (at most ``max_rows + 1`` rows: the caller
    says when there are too many). ``what`` names the file in messages ("sổ thiết bị", "danh sách")."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".csv", ".txt") and not path.is_file():
        raise error(f"Không tìm thấy tệp {path}" + (" (đây là một thư mục)" if path.is_dir() else "")
                    + ". Hãy kiểm tra đường dẫn.")
    try:
        if suffix in (".xlsx", ".xlsm", ".csv", ".txt") and path.stat().st_size > MAX_FILE_BYTES:
            raise error(f"Tệp {path.name} quá lớn ({path.stat().st_size // 1024 // 1024} MB; tối đa "
                        f"{MAX_FILE_BYTES // 1024 // 1024} MB); không phải {what} của một đơn vị. Hãy "
                        "kiểm tra lại tệp.")
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path, error, max_rows, what)
        if suffix in (".csv", ".txt"):
            return _read_csv(path, error, max_rows, what)
    except OSError as exc:
        raise error(f"Không đọc được tệp {path.name} ({os_reason(exc)}). Hãy kiểm tra tệp (có đang mở "
                    "trong Excel không?) rồi thử lại.") from None
    if suffix == ".xls":
        raise error(f"Tệp {path.name} là dạng Excel cũ (.xls). Hãy mở bằng Excel, chọn Lưu thành dạng "
                    ".xlsx rồi nhập lại.")
    raise error(f"Tệp {path.name} không phải .xlsx hay .csv. Hãy lưu {what} dạng Excel (.xlsx) hoặc CSV "
                "rồi nhập lại.")


def _damaged(path: Path, error: type[UserError], kind: str) -> UserError:
    return error(f"Không đọc được tệp {kind} {path.name}: tệp hỏng hoặc không đúng dạng. Hãy mở bằng Excel, "
                 "lưu lại (dạng .xlsx hoặc CSV) rồi nhập lại.")


def _collect(source, max_rows: int, error: type[UserError], path: Path, what: str) -> list[list[Any]]:
    """Rows from ``source`` with their trailing empty cells and rows dropped (an empty row is kept as
    ``[]`` so row numbers stay the spreadsheet's); at most ``max_rows + 1`` rows with cells."""
    rows: list[list[Any]] = []
    filled = 0
    for n, row in enumerate(source, 1):
        cells = list(row[:MAX_COLUMNS])
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        rows.append(cells)
        if cells:
            filled += 1
            if filled > max_rows:
                break
        if n >= MAX_SCANNED_ROWS:
            raise error(f"Tệp {path.name} có hơn {MAX_SCANNED_ROWS:,} dòng (kể cả dòng trống); không phải "
                        f"{what} của một đơn vị. Hãy xóa các dòng thừa rồi nhập lại.".replace(",", "."))
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _read_xlsx(path: Path, error: type[UserError], max_rows: int, what: str) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise _damaged(path, error, "Excel") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise error(f"Tệp {path.name} khi giải nén quá lớn ({unpacked // 1024 // 1024} MB; tối đa "
                    f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB); không phải {what} của một đơn vị.")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)  # data_only: formulas never run
    except OSError:
        raise
    except Exception:  # openpyxl, zipfile and XML errors of a damaged file: many classes
        raise _damaged(path, error, "Excel") from None
    try:
        sheet = wb.worksheets[0]
        sheet.reset_dimensions()  # the declared dimension may be false (A1:XFD1048576)
        return _collect(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), max_rows, error, path,
                        what)
    except (UserError, OSError):
        raise
    except Exception:
        raise _damaged(path, error, "Excel") from None
    finally:
        wb.close()


def _read_csv(path: Path, error: type[UserError], max_rows: int, what: str) -> list[list[Any]]:
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise error(f"Tệp {path.name} không phải tệp văn bản CSV (có byte NUL). Hãy lưu {what} dạng CSV "
                    "hoặc .xlsx bằng Excel rồi nhập lại.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # Windows-1258, or TCVN3 / VNI bytes (repaired by the importer)
        text = decode_bytes(raw)
    del raw
    text = nfc(text)  # Windows-1258 keeps tone marks as combining characters
    try:
        return _collect(csv.reader(io.StringIO(text), delimiter=_delimiter(text)), max_rows, error, path,
                        what)
    except csv.Error:  # a cell over csv's field limit (131,072 characters), a stray quote
        raise _damaged(path, error, "CSV") from None


def _delimiter(text: str) -> str:
    """The separator of a CSV text: the one of ; tab , that splits the most of its first lines into
    the same number of cells (a title line above the table has none)."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", 0
    for d in (";", "\t", ","):
        counts = [line.count(d) for line in lines if d in line]
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        score = counts.count(common)
        if score > best_score:
            best, best_score = d, score
    return best
