"""Reading a table an officer keeps in Excel or saves as CSV, for every import that takes one (the
equipment register, the superior's list of communes): the first worksheet of an .xlsx file (openpyxl;
merged cells read as their top-left value), or a CSV file in UTF-8 (with or without BOM) or
Windows-1258 (what Excel writes as "CSV" on a Vietnamese Windows; its combining tone marks are
composed, NFC), separated by ; tab or , — the one that splits most lines alike, so a title line above
the table does not mislead it. Every problem is one Vietnamese sentence in the caller's error class.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

from ..domain.dataset import nfc
from ..domain.errors import UserError
from ..domain.legacy_text import decode_bytes
from ..domain.system_errors import os_reason

__all__ = ["read_rows"]


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
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path, error, max_rows)
        if suffix in (".csv", ".txt"):
            return _read_csv(path.read_bytes(), max_rows)
    except OSError as exc:
        raise error(f"Không đọc được tệp {path.name} ({os_reason(exc)}). Hãy kiểm tra tệp (có đang mở "
                    "trong Excel không?) rồi thử lại.") from None
    if suffix == ".xls":
        raise error(f"Tệp {path.name} là dạng Excel cũ (.xls). Hãy mở bằng Excel, chọn Lưu thành dạng "
                    ".xlsx rồi nhập lại.")
    raise error(f"Tệp {path.name} không phải .xlsx hay .csv. Hãy lưu {what} dạng Excel (.xlsx) hoặc CSV "
                "rồi nhập lại.")


def _read_xlsx(path: Path, error: type[UserError], max_rows: int) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except OSError:
        raise
    except Exception:
        raise error(f"Không đọc được tệp Excel {path.name}: tệp hỏng hoặc không phải .xlsx. Hãy mở bằng "
                    "Excel, lưu lại dạng .xlsx rồi nhập lại.") from None
    try:
        rows: list[list[Any]] = []
        for row in wb.worksheets[0].iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > max_rows:
                break
        return rows
    finally:
        wb.close()


def _read_csv(raw: bytes, max_rows: int) -> list[list[Any]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # Windows-1258, or TCVN3 / VNI bytes (repaired by the importer)
        text = decode_bytes(raw)
    text = nfc(text)  # Windows-1258 keeps tone marks as combining characters
    rows: list[list[Any]] = []
    for row in csv.reader(io.StringIO(text), delimiter=_delimiter(text)):
        rows.append(list(row))
        if len(rows) > max_rows:
            break
    return rows


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
