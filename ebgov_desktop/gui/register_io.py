"""Tệp > "Nhập sổ thiết bị từ Excel…" and "Xuất sổ thiết bị ra Excel…".

The import dialog reads the file off the GUI thread, then shows the header row and the column mapping
(guessed by ``services.register_io``; the officer may correct both), the columns typed in TCVN3 or
VNI with their encoding (``legacy_encoding.EncodingBox``: another, or none), above a preview of every
row with its problems. Nothing changes until "Thêm … vào sổ"; the rows go in as one undo step (Ctrl+Z).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSpinBox,
    QTableView,
    QVBoxLayout,
)

from ..domain.errors import UserError
from ..domain.register import REGISTER_COLUMNS
from ..services import register_io as rio
from .legacy_encoding import EncodingBox

__all__ = ["PreviewModel", "RegisterImportDialog", "ask_import", "ask_export"]

_ERROR_BG = QColor("#fde7e7")
_WARNING_BG = QColor("#fff6d6")
_DUPLICATE_FG = QColor("#777777")


class PreviewModel(QAbstractTableModel):
    """The preview's rows: spreadsheet row, what will happen, the item as read, its problems."""

    HEADERS = ("Dòng", "Kết quả", "Loại thiết bị", "Mô tả (model)", "Số lượng", "Năm trang bị",
               "Tình trạng", "Mã tài sản", "Vấn đề")
    KEYS = ("kind", "description", "quantity", "year_acquired", "condition", "asset_code")

    def __init__(self, template, parent=None):
        super().__init__(parent)
        self._rows: list[rio.ImportRow] = []
        #: the labels of the template's kinds and conditions (the period's: ``register_template``)
        self._kind = {c.key: c.label for c in template.register_kinds}
        self._condition = {c.key: c.label for c in template.conditions}

    def set_rows(self, rows: list[rio.ImportRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, n: int) -> rio.ImportRow:
        return self._rows[n]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            item = r.item
            if col == 0:
                return str(r.row)
            if col == 1:
                return rio.STATUS_LABELS[r.status]
            if col == 8 or role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(f"Cột {p.column}: {p.message}" if p.column else p.message
                                 for p in r.problems) or None
            if item is None:  # a row with errors: what the file says
                return r.cells.get(self.KEYS[col - 2], "")
            value = (self._kind.get(item.kind, ""), item.description, item.quantity,
                     item.year_acquired, self._condition.get(item.condition, ""),
                     item.asset_code)[col - 2]
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.BackgroundRole:
            if r.status == rio.ERROR:
                return QBrush(_ERROR_BG)
            if r.problems:
                return QBrush(_WARNING_BG)
        if role == Qt.ItemDataRole.ForegroundRole and r.status == rio.DUPLICATE:
            return QBrush(_DUPLICATE_FG)
        return None


class RegisterImportDialog(QDialog):
    """File → header row and mapping → preview → add. ``imported(ids)`` once the rows are in."""

    imported = Signal(list)

    def __init__(self, ws, period, path: Path, parent=None):
        super().__init__(parent)
        self.setObjectName("register_import")
        self.setWindowTitle(f"Nhập sổ thiết bị từ {path.name}")
        self.ws, self.period, self.path = ws, period, Path(path)
        #: the lists the file's values are read against: the period's template's
        self.template = ws.register_template(period)
        self.sheet: rio.Sheet | None = None
        self.preview: rio.RegisterImport | None = None
        self._updating = False

        lay = QVBoxLayout(self)
        self.intro = QLabel(f"Đang đọc tệp {self.path.name}…", objectName="import.intro")
        self.intro.setWordWrap(True)
        lay.addWidget(self.intro)

        box = QGroupBox("Cột nào là gì (chương trình đã đoán từ tiêu đề; sửa nếu chưa đúng)")
        grid = QGridLayout(box)
        self.header_box = QSpinBox(objectName="import.header_row")
        self.header_box.setRange(1, 1)
        header_label = QLabel("&Dòng tiêu đề:")
        header_label.setBuddy(self.header_box)
        grid.addWidget(header_label, 0, 0)
        grid.addWidget(self.header_box, 0, 1)
        self.combos: dict[str, QComboBox] = {}
        for n, (key, label) in enumerate(REGISTER_COLUMNS, 2):
            combo = QComboBox(objectName=f"import.map.{key}")
            combo.setMinimumContentsLength(16)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            text = QLabel(f"{label}:")
            text.setBuddy(combo)
            row, pair = divmod(n, 3)
            grid.addWidget(text, row, pair * 2)
            grid.addWidget(combo, row, pair * 2 + 1)
            self.combos[key] = combo
            combo.currentIndexChanged.connect(self._mapping_changed)
        self.header_box.valueChanged.connect(self._header_changed)
        lay.addWidget(box)
        self.encodings = EncodingBox(self)  # columns typed in TCVN3 / VNI, shown when there are some
        self.encodings.changed.connect(lambda _choices: self._mapping_changed(0))
        lay.addWidget(self.encodings)

        self.model = PreviewModel(self.template, self)
        self.view = QTableView(objectName="import.preview")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        for col, width in enumerate((50, 115, 150, 170, 70, 95, 100, 80)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(len(PreviewModel.HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.view.setWordWrap(False)
        lay.addWidget(self.view, 1)

        self.detail = QLabel(objectName="import.detail")  # the chosen row's problems, in full
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.detail)
        self.view.selectionModel().currentRowChanged.connect(self._show_detail)
        self.summary = QLabel(objectName="import.summary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton("Thêm vào sổ", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setObjectName("import.add")
        self.add_button.setEnabled(False)
        self.buttons.accepted.connect(self.add_rows)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.buttons)
        lay.addLayout(row)
        self.resize(1100, 640)

    # -- reading -----------------------------------------------------------------------------------
    def start(self) -> None:
        """Read the file off the GUI thread; the preview shows when it is read."""
        from .tasks import run_task

        run_task(_read, self.path, on_done=self.set_sheet, on_error=self._read_failed)

    def _read_failed(self, exc: BaseException, _details: str) -> None:
        if isinstance(exc, UserError):
            self.intro.setText(str(exc))
            return
        from .crash import report_exception

        report_exception(exc, "register import: reading the file")

    def set_sheet(self, sheet: rio.Sheet) -> None:
        self.sheet = sheet
        self._updating = True
        self.header_box.setRange(1, max(1, min(len(sheet.rows), 100)))
        self._updating = False
        self.refresh(header_row=None, mapping=None)

    # -- mapping -----------------------------------------------------------------------------------
    def _fill_combos(self, preview: rio.RegisterImport) -> None:
        self._updating = True
        headers = preview.headers
        for key, combo in self.combos.items():
            combo.clear()
            combo.addItem("— không có —", -1)
            for i, h in enumerate(headers):
                combo.addItem(h, i)
            combo.setCurrentIndex(combo.findData(preview.mapping.get(key, -1)))
        if preview.header_row >= 0:
            self.header_box.setValue(preview.header_row + 1)
        self._updating = False

    def mapping(self) -> dict[str, int]:
        return {k: c.currentData() for k, c in self.combos.items() if c.currentData() not in (None, -1)}

    def _header_changed(self, _value: int) -> None:
        if not self._updating and self.sheet is not None:
            self.refresh(header_row=self.header_box.value() - 1, mapping=None)

    def _mapping_changed(self, _index: int) -> None:
        if not self._updating and self.sheet is not None:
            self.refresh(header_row=self.header_box.value() - 1, mapping=self.mapping())

    def refresh(self, *, header_row: int | None, mapping: dict[str, int] | None) -> None:
        """Preview again with this header row and mapping (None: the program's guess)."""
        preview = rio.preview_import(self.ws, self.sheet, template=self.template,
                                     header_row=header_row, mapping=mapping,
                                     encodings=self.encodings.choices)
        self.preview = preview
        self.encodings.show_repairs(preview.repairs, preview.headers)
        self._fill_combos(preview)
        self.model.set_rows(preview.rows)
        first = preview.header_row + 1
        self.intro.setText(
            f"Tệp {self.path.name}: {len(self.sheet.rows)} dòng; dòng tiêu đề là dòng {first}." if first
            else f"Tệp {self.path.name}: {len(self.sheet.rows)} dòng.")
        self.summary.setText(preview.summary())
        new = preview.count(rio.NEW)
        self.add_button.setEnabled(new > 0 and not preview.problems)
        self.add_button.setText(f"Thêm {new} dòng vào sổ" if new else "Thêm vào sổ")

    def _show_detail(self, current, _previous=None) -> None:
        if not current.isValid():
            self.detail.setText("")
            return
        row = self.model.row(current.row())
        self.detail.setText("\n".join(str(p) for p in row.problems)
                            or f"Dòng {row.row}: {rio.STATUS_LABELS[row.status].lower()}, không có vấn đề.")

    # -- adding ------------------------------------------------------------------------------------
    def add_rows(self) -> None:
        if self.preview is None:
            return
        try:
            ids = rio.apply_import(self.ws, self.preview, period=self.period)
        except UserError as exc:
            QMessageBox.warning(self, "Chưa nhập được sổ thiết bị", str(exc))
            return
        self.imported.emit(ids)
        self.accept()


def _read(_state, path: Path) -> rio.Sheet:
    return rio.read_sheet(path)


def ask_import(window) -> RegisterImportDialog | None:
    """Tệp > Nhập sổ thiết bị từ Excel…: choose the file, then the dialog (not modal-blocking)."""
    chosen, _f = QFileDialog.getOpenFileName(window, "Nhập sổ thiết bị từ Excel", str(Path.home()),
                                             "Sổ thiết bị (*.xlsx *.xlsm *.csv);;Mọi tệp (*)")
    if not chosen:
        return None
    return open_import(window, Path(chosen))


def open_import(window, path: Path) -> RegisterImportDialog:
    dialog = RegisterImportDialog(window.ws, window.period, path, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done(ids: list) -> None:
        window.register_changed(reload=True)
        window.show_page("equipment")
        window.status.setText(f"Đã thêm {len(ids)} dòng vào sổ thiết bị từ {path.name} "
                              "(Ctrl+Z để hoàn tác).")

    dialog.imported.connect(done)
    window.register_import_dialog = dialog
    dialog.open()
    dialog.start()
    return dialog


def ask_export(window) -> Path | None:
    """Tệp > Xuất sổ thiết bị ra Excel…"""
    unit = window.ws.unit
    name = f"So-thiet-bi_{unit.code if unit else 'ebgov'}.xlsx"
    chosen, _f = QFileDialog.getSaveFileName(window, "Xuất sổ thiết bị ra Excel",
                                             str(Path.home() / name), "Tệp Excel (*.xlsx)")
    if not chosen:
        return None
    return export_to(window, Path(chosen))


def export_to(window, path: Path) -> Path | None:
    try:
        out = rio.export_register(window.ws, path, period=window.period)
    except UserError as exc:
        window.show_message("Xuất sổ thiết bị", str(exc))
        return None
    window.status.setText(f"Đã ghi sổ thiết bị ra {out}.")
    return out
