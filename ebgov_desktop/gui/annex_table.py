"""The editor of an annex table (a ``lines`` field with ``choices``, e.g. the 2025 template's "Bảng kết
quả thực hiện nhiệm vụ"): a real table, Nhiệm vụ | Kết quả | Đánh giá, instead of a text box with a
hidden ``a | b | c`` syntax.

The field's value stays what the dataset, the rules and the report read: one line per row, its cells
joined by `` | `` (``docs/template-format.md``); the officer never sees that syntax. The last column takes
one of the field's choices from a list. A cell holding "|" is refused with a message (it would split the
cell in two). Every edited cell, added, removed or moved row asks to be saved at once
(``commit_requested``); a row with nothing in it is not saved, but stays on screen to be filled.
"""

from __future__ import annotations

from typing import Any, Sequence

from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import InputError
from ..domain.template import Field, Template
from .editors import _EditorMixin

__all__ = ["AnnexTableEdit", "annex_columns", "SEPARATOR"]

#: how the cells of one row are joined in the stored line
SEPARATOR = " | "
_DEFAULT_COLUMNS = ("Nhiệm vụ", "Kết quả", "Đánh giá")


def annex_columns(template: Template, key: str) -> tuple[str, ...]:
    """The column titles the officer fills for the annex printing field ``key`` (its STT column, which
    the report numbers itself, left out)."""
    block = next((b for b in template.outline if b.type == "annex" and b.key == key), None)
    titles = [str(c.get("title", "")) for c in block.columns] if block is not None else []
    if titles and titles[0].strip().upper() in ("STT", "TT"):
        titles = titles[1:]
    return tuple(titles) or _DEFAULT_COLUMNS


class _ChoiceDelegate(QStyledItemDelegate):
    """The last column: a list of the field's choices (and blank, not yet assessed)."""

    def __init__(self, choices: Sequence[str], parent=None):
        super().__init__(parent)
        self.choices = ("",) + tuple(choices)

    def createEditor(self, parent, option, index):
        box = QComboBox(parent)
        box.setObjectName("annex.choice")
        box.addItems(self.choices)
        return box

    def setEditorData(self, editor, index):
        text = index.data() or ""
        editor.setCurrentIndex(max(0, editor.findText(text)))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentText())


class AnnexTableEdit(QWidget, _EditorMixin):
    """A table of rows (one per task) with buttons to add, remove and move rows."""

    commit_requested = Signal()
    undo_requested = Signal()

    def __init__(self, spec: Field, columns: Sequence[str] = _DEFAULT_COLUMNS, parent=None):
        super().__init__(parent)
        self._init_editor(spec)
        self.columns = tuple(columns)
        self.table = QTableWidget(0, len(self.columns), objectName=f"{spec.key}.table")
        self.table.setAccessibleName(spec.label)
        self.table.setToolTip(self._tooltip)
        self.table.setHorizontalHeaderLabels(list(self.columns))
        header = self.table.horizontalHeader()
        for c in range(len(self.columns)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
        if spec.choices:
            header.setSectionResizeMode(len(self.columns) - 1, QHeaderView.ResizeMode.ResizeToContents)
            self.table.setItemDelegateForColumn(len(self.columns) - 1, _ChoiceDelegate(spec.choices, self))
        triggers = QAbstractItemView.EditTrigger  # as a spreadsheet: type, F2 or double click to edit
        self.table.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed
                                   | triggers.AnyKeyPressed)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setTabKeyNavigation(True)
        self.table.setMinimumHeight(160)
        self.table.itemChanged.connect(self._changed)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for name, text, slot in (("add", "Thêm hàng", self.add_row), ("remove", "Xóa hàng", self.remove_row),
                                 ("up", "Lên", lambda: self.move_row(-1)),
                                 ("down", "Xuống", lambda: self.move_row(1))):
            button = QPushButton(text, objectName=f"{spec.key}.{name}")
            button.clicked.connect(slot)
            buttons.addWidget(button)
            setattr(self, f"{name}_button", button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table)
        lay.addLayout(buttons)
        self.setFocusProxy(self.table)  # "go to the field" (Kiểm tra) lands in the table
        self._filling = False

    # -- the rows ----------------------------------------------------------------------------------
    def rows(self) -> list[list[str]]:
        """The cells as shown, every row (blank ones too)."""
        out = []
        for r in range(self.table.rowCount()):
            out.append([(self.table.item(r, c).text() if self.table.item(r, c) else "").strip()
                        for c in range(len(self.columns))])
        return out

    def _set_rows(self, rows: list[list[str]]) -> None:
        self._filling = True
        try:
            self.table.setRowCount(len(rows))
            for r, cells in enumerate(rows):
                for c in range(len(self.columns)):
                    self.table.setItem(r, c, QTableWidgetItem(cells[c] if c < len(cells) else ""))
        finally:
            self._filling = False

    def _lines(self) -> list[str]:
        return [SEPARATOR.join(cells) for cells in self.rows() if any(cells)]

    def add_row(self) -> None:
        """A blank row at the end, its first cell ready to type into."""
        self._set_rows(self.rows() + [[""] * len(self.columns)])
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        self.table.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        rows = self.rows()
        del rows[row]
        self._set_rows(rows)
        if rows:
            self.table.setCurrentCell(min(row, len(rows) - 1), 0)
        self.commit_requested.emit()

    def move_row(self, step: int) -> None:
        row, col = self.table.currentRow(), max(self.table.currentColumn(), 0)
        rows = self.rows()
        if not 0 <= row < len(rows) or not 0 <= row + step < len(rows):
            return
        rows[row], rows[row + step] = rows[row + step], rows[row]
        self._set_rows(rows)
        self.table.setCurrentCell(row + step, col)
        self.commit_requested.emit()

    def _changed(self, _item) -> None:
        if not self._filling:
            self.commit_requested.emit()

    def _take_open_cell(self) -> None:
        """What is typed in a cell still open (no Enter yet) goes into the table, without asking to be
        saved: the window saves it when the officer leaves the period or closes the window."""
        widget = QApplication.focusWidget()
        if widget is not None and self.table.viewport().isAncestorOf(widget) \
                and self.table.state() == QAbstractItemView.State.EditingState:
            self._filling = True
            try:
                self.table.commitData(widget)
            finally:
                self._filling = False

    # -- the editor protocol (``editors._EditorMixin``) ----------------------------------------------
    def _current_text(self) -> str:
        self._take_open_cell()
        return "\n".join(self._lines())

    def set_mark(self, severity: str | None, message: str = "") -> None:
        super().set_mark(severity, message)
        self.table.setToolTip(self.toolTip())

    def show_value(self, value: Any) -> None:
        lines = [str(line) for line in value or ()]
        self._shown_text = "\n".join(lines)
        if self._lines() == lines:
            return  # already shown (a blank row being filled stays)
        if self.table.state() == QAbstractItemView.State.EditingState:
            # another period's rows replace these: a cell still open is closed first, so that what it
            # holds never lands in the new rows when it loses the focus
            self._filling = True
            try:
                self.table.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
            finally:
                self._filling = False
        self._set_rows([[cell.strip() for cell in line.split("|")] for line in lines])

    def field_value(self) -> Any:
        for r, cells in enumerate(self.rows(), 1):
            for title, cell in zip(self.columns, cells):
                if "|" in cell:
                    raise InputError(f"{self.spec.label}, hàng {r}, cột {title}: không dùng dấu “|” "
                                     "trong ô (hãy thay bằng dấu phẩy hoặc gạch chéo).")
        return self._lines() or None
