"""Table models of the superior window: the same (headers, rows) the Excel sheets are written from.

``TableModel`` shows plain values (str, int, float, None) the way the window prints numbers (1.234,
95,5); ``EditRole`` gives the raw value, so the window's table and the workbook compare cell by cell.
``TableProxy`` sorts by the raw value and keeps footer rows (Tổng cộng, Trung bình) at the bottom
whatever the order.
"""

from __future__ import annotations

import textwrap
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...domain.formatting import vn_decimal, vn_int

__all__ = ["TableModel", "TableProxy", "SORT_ROLE", "ROW_ROLE", "shown", "wrap_header", "first_upper",
           "day_time"]

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's payload (a BoardRow, a commune code…)


def shown(value: Any) -> str:
    """A cell as the window shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int):
        return vn_int(value)
    if isinstance(value, float):
        return vn_decimal(value, 2)  # a percentage typed with two decimals keeps them
    return str(value)


def day_time(value: str) -> str:
    """``2026-11-21 23:06:12`` → ``21/11/2026 23:06`` (anything else as it is)."""
    import datetime as _dt

    try:
        moment = _dt.datetime.fromisoformat(str(value).replace(" ", "T"))
    except ValueError:
        return str(value)
    return f"{moment.day:02d}/{moment.month:02d}/{moment.year} {moment.hour:02d}:{moment.minute:02d}"


def first_upper(text: str) -> str:
    """``xã Quảng An`` → ``Xã Quảng An`` (``str.capitalize`` would lower the rest)."""
    return text[:1].upper() + text[1:]


def wrap_header(text: str, width: int = 18) -> str:
    """A long header on a few lines (the same words; only the line breaks differ)."""
    return "\n".join(textwrap.wrap(text, width)) or text


class TableModel(QAbstractTableModel):
    """Read-only rows of plain values with an optional payload per row and per-row colours."""

    def __init__(self, parent=None, *, header_width: int = 0):
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[list] = []
        self.payloads: list[Any] = []
        self.footer_rows = 0  # the last N rows are totals: bold, kept at the bottom when sorting
        self.header_width = header_width
        self.background: Callable[[int], QColor | None] | None = None
        #: column → how a value of it is shown (EditRole keeps the raw value)
        self.formatters: dict[int, Callable[[Any], str]] = {}
        self.tooltip: Callable[[int, int], str | None] | None = None

    def set_table(self, headers: Sequence[str], rows: Sequence[Sequence], payloads: Sequence = (),
                  *, footer_rows: int = 0) -> None:
        self.beginResetModel()
        self.headers = list(headers)
        self.rows = [list(r) for r in rows]
        self.payloads = list(payloads) if payloads else [None] * len(self.rows)
        self.footer_rows = footer_rows
        self.endResetModel()

    def is_footer(self, row: int) -> bool:
        return row >= len(self.rows) - self.footer_rows

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(self.headers)):
            if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
                return str(section + 1)
            return None
        text = self.headers[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return wrap_header(text, self.header_width) if self.header_width else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return text
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row, col = index.row(), index.column()
        value = self.rows[row][col]
        if role == Qt.ItemDataRole.DisplayRole:
            if col in self.formatters and value not in (None, ""):
                return self.formatters[col](value)
            return shown(value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == SORT_ROLE:
            if value is None or value == "":
                return float("-inf") if self._numeric(col) else ""
            return value.casefold() if isinstance(value, str) else float(value)
        if role == ROW_ROLE:
            return self.payloads[row] if row < len(self.payloads) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, (int, float)) \
                and not isinstance(value, bool):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.is_footer(row):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and self.background is not None:
            color = self.background(row)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.tooltip is not None:
                return self.tooltip(row, col)
            return str(value) if isinstance(value, str) and len(value) > 30 else None
        return None

    def _numeric(self, col: int) -> bool:
        return any(isinstance(r[col], (int, float)) for r in self.rows[:50])


class TableProxy(QSortFilterProxyModel):
    """Sorts by the raw values; footer rows stay last in either order. ``accept`` (a set of source
    rows, or None for all) is the filter."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.accepted: set[int] | None = None

    def set_accepted(self, rows: set[int] | None) -> None:
        self.beginFilterChange()
        self.accepted = rows
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        return self.accepted is None or source_row in self.accepted

    def lessThan(self, left, right) -> bool:
        model = self.sourceModel()
        lf, rf = model.is_footer(left.row()), model.is_footer(right.row())
        descending = self.sortOrder() == Qt.SortOrder.DescendingOrder
        if lf or rf:
            if lf and rf:  # keep their own order
                return (left.row() < right.row()) != descending
            return lf == descending  # a footer is "greatest" ascending, "least" descending
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if type(a) is not type(b):
            return str(type(a)) < str(type(b))
        return a < b
