"""The equipment register from and to the officer's own spreadsheet (.xlsx, or CSV in UTF-8 / Windows-1258).

Import is three steps, the window and ``ebgov-desktop register import`` call the same functions:

1. ``read_sheet(path)`` — the cells of the first sheet (openpyxl; merged title cells read as their
   top-left value), or of a CSV file; it lives in ``register_columns.py`` with the heading guess and
   the cell readers (re-exported here);
2. ``preview_import(ws, sheet, template=None, header_row=None, mapping=None)`` — finds the header
   row (it may be row 3 under a merged title) and which column holds what from the common Vietnamese headings, with or
   without diacritics (the officer may correct both), matches kinds, conditions, origins and user
   groups against the lists of the period's template (``ws.register_template(period)``) ignoring
   diacritics and case, and gives every row's problems by row and column, in Vietnamese. Nothing is
   changed. Rows already in the register (same asset code, or same kind + description + year) are
   marked and will not be added twice;
3. ``apply_import(ws, preview, period)`` — adds the new rows in one transaction, one undo step.

``export_register(ws, out, template)`` writes the register as the window shows it (same columns and labels,
frozen header, filters, widths, numbers as numbers); importing that file back gives the same rows.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.dataset import DatasetError, register_item_from_dict
from ..domain.formatting import fold
from ..domain.periods import Period
from ..domain.register import REGISTER_COLUMNS, RegisterItem, register_choices
from ..domain.system_errors import os_reason
from ..domain.template import Template
from .legacy_import import ColumnRepair, repair_rows, repairs_note

# reading the sheet and its columns (register_columns.py) is re-exported: callers import it from here
from .register_columns import (  # noqa: F401
    _HEADER_SEARCH,
    COLUMN_LABELS,
    HEADINGS,
    MAX_ROWS,
    RegisterFileError,
    Sheet,
    _blank,
    _count,
    _map_headings,
    _text,
    _year,
    column_letter,
    guess_header,
    match_choice,
    match_condition,
    match_kind,
    read_sheet,
)
from .workspace import Workspace

__all__ = [
    "RegisterFileError",
    "Sheet",
    "Problem",
    "ImportRow",
    "RegisterImport",
    "HEADINGS",
    "read_sheet",
    "guess_header",
    "preview_import",
    "apply_import",
    "import_register",
    "export_register",
    "register_sheet",
    "match_kind",
    "match_condition",
    "column_letter",
]

# -- preview ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """One problem of a row: ``row`` as the spreadsheet numbers it, ``column`` its heading."""

    row: int
    column: str
    message: str
    severity: str = "error"  # "error": the row is not added; "warning": added as read

    def __str__(self) -> str:
        where = f"Dòng {self.row}" + (f", cột {self.column}" if self.column else "")
        return f"{where}: {self.message}"


NEW, DUPLICATE, ERROR = "new", "duplicate", "error"
STATUS_LABELS = {NEW: "Thêm mới", DUPLICATE: "Đã có trong sổ", ERROR: "Lỗi, không thêm"}


@dataclass
class ImportRow:
    row: int  # spreadsheet row number
    item: RegisterItem | None
    status: str
    problems: list[Problem] = field(default_factory=list)
    same_as: int | None = None  # id of the register row it duplicates
    cells: dict[str, str] = field(default_factory=dict)  # register key → the cell's text, as written


@dataclass
class RegisterImport:
    """What an import would do; nothing has been changed yet."""

    sheet: Sheet
    header_row: int  # index in sheet.rows; -1 when none was found
    mapping: dict[str, int]  # register key → column index
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # problems of the file as a whole
    repairs: list[ColumnRepair] = field(default_factory=list)  # columns read as TCVN3 / VNI

    @property
    def headers(self) -> list[str]:
        """Every column of the header row as ``A: heading``."""
        if self.header_row < 0:
            width = max((len(r) for r in self.sheet.rows), default=0)
            return [column_letter(i) for i in range(width)]
        return [f"{column_letter(i)}: {_text(c)}" if not _blank(c) else column_letter(i)
                for i, c in enumerate(self.sheet.rows[self.header_row])]

    @property
    def new_items(self) -> list[RegisterItem]:
        return [r.item for r in self.rows if r.status == NEW and r.item is not None]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def row_problems(self) -> list[Problem]:
        return [p for r in self.rows for p in r.problems]

    def summary(self) -> str:
        if self.problems:
            return " ".join(self.problems)
        parts = [f"Sẽ thêm {self.count(NEW)} dòng thiết bị vào sổ"]
        if self.count(DUPLICATE):
            parts.append(f"{self.count(DUPLICATE)} dòng đã có trong sổ (không thêm lại)")
        if self.count(ERROR):
            parts.append(f"{self.count(ERROR)} dòng có lỗi (không thêm; sửa trong tệp rồi nhập lại)")
        warnings = sum(1 for p in self.row_problems if p.severity == "warning")
        if warnings:
            parts.append(f"{warnings} lưu ý")
        parts += [note for note in [repairs_note(self.repairs, column_letter)] if note]
        return "; ".join(parts) + "."


def _column_name(sheet: Sheet, header_row: int, col: int) -> str:
    heading = _text(sheet.rows[header_row][col]) if 0 <= header_row < len(sheet.rows) \
        and col < len(sheet.rows[header_row]) else ""
    return f"{column_letter(col)} ({heading})" if heading else column_letter(col)


def _is_numbering(cells: list[Any]) -> bool:
    """A row of column numbers under the headings: (1) (2) (3) … or 1 2 3 …"""
    filled = [c for c in cells if not _blank(c)]
    return len(filled) >= 3 and all(re.fullmatch(r"\(?\d{1,2}\)?", _text(c)) for c in filled)


def _is_total(text: str) -> bool:
    t = fold(text)
    return t.startswith(("tong cong", "tong so", "cong:", "cong ")) or t in ("cong", "tong")


def preview_import(ws: Workspace, sheet: Sheet, *, template: Template | None = None,
                   header_row: int | None = None, mapping: dict[str, int] | None = None,
                   year: int | None = None, encodings: dict[int, str] | None = None) -> RegisterImport:
    """What importing ``sheet`` would do, its values read against ``template``'s register lists (the
    period's; None: the latest period's, ``Workspace.register_template``). ``header_row`` (index) and ``mapping`` default to the
    guess. ``year`` bounds the years (default: this year). Columns typed in TCVN3 or VNI are read in
    Unicode (``legacy_import``; ``encodings``: column → encoding, "" for none, over the program's
    guess); the result's ``sheet`` is the sheet so read."""
    rows, repairs = repair_rows(sheet.rows, fonts=sheet.fonts, choices=encodings)
    if rows is not sheet.rows:
        sheet = Sheet(sheet.name, rows, sheet.fonts)
    if template is None:
        template = ws.register_template()
    guessed_row, guessed_map = guess_header(sheet.rows)
    if header_row is None:
        header_row = guessed_row
    if mapping is None:
        mapping = guessed_map if header_row == guessed_row else _map_headings(
            sheet.rows[header_row] if 0 <= header_row < len(sheet.rows) else [])
    mapping = {k: c for k, c in mapping.items() if k in COLUMN_LABELS and c is not None and c >= 0}
    result = RegisterImport(sheet, header_row, mapping, repairs=repairs)
    if header_row < 0:
        result.problems.append(
            f"Không tìm thấy dòng tiêu đề trong {_HEADER_SEARCH} dòng đầu của tệp {sheet.name}. Hãy "
            "chọn dòng tiêu đề và cột nào là gì, hoặc đặt tiêu đề cột như: Tên thiết bị, Loại, Số lượng, "
            "Năm mua, Tình trạng, Vị trí, Mã tài sản, Ghi chú.")
        return result
    if "kind" not in mapping and "description" not in mapping:
        result.problems.append("Chưa chọn cột Loại thiết bị hoặc cột Tên thiết bị (mô tả): cần ít nhất "
                               "một trong hai cột đó để biết mỗi dòng là thiết bị gì.")
        return result
    last_year = year or _dt.date.today().year
    existing = ws.register_items()
    by_code = {fold(i.asset_code): i.id for i in existing if i.asset_code}
    free = list(existing)  # register rows not yet matched by a row of the file
    codes_in_file: dict[str, int] = {}
    for index in range(header_row + 1, len(sheet.rows)):
        cells = sheet.rows[index]
        n = index + 1
        got = {k: (cells[c] if c < len(cells) else None) for k, c in mapping.items()}
        if all(_blank(v) for v in got.values()) or _is_numbering(cells):
            continue
        name_cell = got.get("kind") if not _blank(got.get("kind")) else got.get("description")
        if not _blank(name_cell) and _is_total(_text(name_cell)):
            continue
        row = _read_row(sheet, header_row, n, got, mapping, last_year, template)
        row.cells = {k: _text(v) for k, v in got.items()}
        result.rows.append(row)
        if row.item is None:
            continue
        item = row.item
        code = fold(item.asset_code)
        if code:
            if code in codes_in_file:
                row.problems.append(Problem(n, _column_name(sheet, header_row, mapping["asset_code"]),
                                            f"mã tài sản {item.asset_code} trùng với dòng "
                                            f"{codes_in_file[code]}."))
                row.status, row.item = ERROR, None
                continue
            codes_in_file[code] = n
            if code in by_code:
                row.status, row.same_as = DUPLICATE, by_code[code]
                free = [i for i in free if i.id != by_code[code]]
                continue
        same = next((i for i in free if _same_item(i, item)), None)
        if same is not None:
            row.status, row.same_as = DUPLICATE, same.id
            free.remove(same)
    return result


def _same_item(a: RegisterItem, b: RegisterItem) -> bool:
    if a.asset_code and b.asset_code:
        return False  # both have codes, and they differ (equal codes were matched before)
    return (a.kind, fold(a.description), a.year_acquired) == (b.kind, fold(b.description), b.year_acquired)


def _examples(template: Template, column: str, count: int = 5) -> str:
    """The first labels of the template's list for ``column``, as a hint: "Tốt, Xuống cấp…"."""
    labels = [c.label for c in register_choices(template)[column] if c.label][:count]
    return ", ".join(labels)


def _read_row(sheet: Sheet, header_row: int, n: int, got: dict[str, Any], mapping: dict[str, int],
              last_year: int, template: Template) -> ImportRow:
    problems: list[Problem] = []
    kinds = {c.key for c in template.register_kinds}

    def problem(key: str, message: str, severity: str = "error") -> None:
        col = mapping.get(key)
        name = _column_name(sheet, header_row, col) if col is not None else COLUMN_LABELS[key]
        problems.append(Problem(n, name, message, severity))

    data: dict[str, Any] = {}
    description = _text(got.get("description"))
    data["description"] = description
    raw_kind = got.get("kind")
    if not _blank(raw_kind):
        kind = match_kind(raw_kind, template)
        if kind is None:
            problem("kind", f"không nhận ra loại thiết bị “{_text(raw_kind)}”. Hãy ghi một loại trong danh "
                    f"mục (ví dụ: {_examples(template, 'kind')}).")
        data["kind"] = kind
    elif description:
        kind = match_kind(description, template)
        if kind is None and "other" in kinds:
            problem("description", f"không đoán được loại thiết bị từ tên “{description}”; đã xếp vào "
                    "Thiết bị khác (sửa lại trong sổ nếu cần).", "warning")
            kind = "other"
        elif kind is None:
            problem("description", f"không đoán được loại thiết bị từ tên “{description}”; hãy thêm "
                    f"cột Loại thiết bị (ví dụ: {_examples(template, 'kind')}).")
        data["kind"] = kind
    else:
        problem("kind" if "kind" in mapping else "description", "thiếu loại thiết bị.")
    if "quantity" in mapping:
        raw = got.get("quantity")
        if _blank(raw):
            data["quantity"] = None
            problem("quantity", "chưa ghi số lượng.", "warning")
        else:
            try:
                q = _count(raw)
                if q <= 0 or q > 100_000:
                    raise ValueError
                data["quantity"] = q
            except ValueError:
                problem("quantity", f"số lượng “{_text(raw)}” không phải số nguyên dương.")
    else:
        data["quantity"] = 1  # one device a row
    for key in ("year_acquired", "year_disposed"):
        raw = got.get(key)
        if _blank(raw):
            data[key] = None
            continue
        try:
            y = _year(raw)
        except ValueError:
            problem(key, f"“{_text(raw)}” không phải là một năm (ví dụ: 2018).")
            continue
        if not 1970 <= y <= last_year:
            problem(key, f"năm {y} không hợp lệ (từ 1970 đến {last_year}).")
            continue
        data[key] = y
    if data.get("year_acquired") and data.get("year_disposed") \
            and data["year_disposed"] < data["year_acquired"]:
        problem("year_disposed", f"năm thanh lý {data['year_disposed']} trước năm trang bị "
                f"{data['year_acquired']}.")
    raw = got.get("condition")
    if _blank(raw):
        data["condition"] = ""  # not given: never guessed as "Tốt"
    else:
        condition = match_condition(raw, template)
        if condition is None:
            problem("condition", f"không nhận ra tình trạng “{_text(raw)}”. Ghi: "
                    f"{_examples(template, 'condition', 9).replace(', ', ' / ')}.")
        data["condition"] = condition
    for key, what in (("origin", "nguồn gốc"), ("user_group", "đối tượng sử dụng")):
        raw = got.get(key)
        if _blank(raw):
            data[key] = ""
            continue
        found = match_choice(key, raw, template)
        if found is None:
            problem(key, f"không nhận ra {what} ({_examples(template, key, 9).replace(', ', ' / ')}): "
                    f"“{_text(raw)}”.")
        data[key] = found or ""
    raw = got.get("cpnet")
    if _blank(raw):
        data["cpnet"] = None
    else:
        word = fold(str(raw))
        if word in ("co", "x", "da ket noi", "yes"):
            data["cpnet"] = data.get("quantity") or 1
        elif word in ("khong", "chua", "no", "chua ket noi"):
            data["cpnet"] = 0
        else:
            try:
                data["cpnet"] = _count(raw)
            except ValueError:
                problem("cpnet", f"“{_text(raw)}” không phải số máy kết nối CPNet (ghi số, hoặc Có / "
                        "Không).")
    for key in ("location", "asset_code", "notes"):
        data[key] = _text(got.get(key))
        if len(data[key]) > 2000:
            problem(key, "dài quá 2000 ký tự.")
    if len(description) > 2000:
        problem("description", "dài quá 2000 ký tự.")
    if any(p.severity == "error" for p in problems):
        return ImportRow(n, None, ERROR, problems)
    try:
        item = register_item_from_dict(data, f"Dòng {n}", template)
    except DatasetError as exc:  # pragma: no cover - every value was checked above
        problems.append(Problem(n, "", exc.problem))
        return ImportRow(n, None, ERROR, problems)
    return ImportRow(n, item, NEW, problems)


def apply_import(ws: Workspace, preview: RegisterImport, *, period: Period | None = None) -> list[int]:
    """Add the preview's new rows in one transaction (one undo removes them all); their ids."""
    if preview.problems:
        raise RegisterFileError(" ".join(preview.problems))
    return ws.add_items(preview.new_items, period=period)


def import_register(ws: Workspace, path: str | os.PathLike, *, period: Period | None = None,
                    dry_run: bool = False) -> tuple[RegisterImport, list[int]]:
    """Read, preview and (unless ``dry_run``) add: the command line's one call. The values are read
    against the lists of ``period``'s template (``Workspace.register_template``)."""
    preview = preview_import(ws, read_sheet(path), template=ws.register_template(period))
    if dry_run or preview.problems:
        return preview, []
    return preview, apply_import(ws, preview, period=period)


# -- export ----------------------------------------------------------------------------------------
_YEARS = ("year_acquired", "year_disposed")


def register_sheet(items: list[RegisterItem], template: Template) -> tuple[list[str], list[list[Any]]]:
    """The register as the window shows it: its columns, the labels of ``template``'s lists for listed
    values, numbers as numbers."""
    labels = {key: {c.key: c.label for c in choices}
              for key, choices in register_choices(template).items()}
    headers = [label for _key, label in REGISTER_COLUMNS]
    body = []
    for item in items:
        row = []
        for key, _label in REGISTER_COLUMNS:
            value = getattr(item, key)
            if key in labels:
                value = labels[key].get(value, value) or None
            elif value == "":
                value = None
            row.append(value)
        body.append(row)
    return headers, body


def export_register(ws: Workspace, out: str | os.PathLike, *,
                    period: Period | None = None) -> Path:
    """Write the whole register (disposed rows too, with their year) to one .xlsx sheet, its lists
    labelled as ``period``'s template (``Workspace.register_template``) names them."""
    from .excel import write_workbook

    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    headers, body = register_sheet(ws.register_items(), ws.register_template(period))
    year_headers = {COLUMN_LABELS[k] for k in _YEARS}
    try:
        return write_workbook(out, [("Sổ thiết bị", (headers, body))],
                              formats={h: "0" for h in year_headers})
    except OSError as exc:
        raise RegisterFileError(f"Không ghi được tệp {out} ({os_reason(exc)}). Nếu tệp đang mở "
                                "trong Excel, hãy đóng lại; hoặc chọn thư mục khác.") from None
