""""Sao lưu và phục hồi": the backups listed (date, size, unit, periods, last change), a backup now,
a restore after showing what will change (undoable: a backup is taken first), a copy to a USB folder.

``BackupDialog.restored`` is emitted after a restore so the window reloads what it shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..services.backup import (
    BackupError,
    BackupInfo,
    Reason,
    RestorePlan,
    RestoreResult,
    backup_now,
    export_copy,
    list_backups,
    plan_restore,
    restore,
)
from ..services.paths import AppPaths

__all__ = ["BackupDialog", "BackupTableModel"]


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} KB"
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")


def _when(iso: str | None) -> str:
    if not iso:
        return ""
    date, _, time = iso.partition("T")
    y, m, d = date.split("-")
    return f"{d}/{m}/{y} {time[:5]}".strip()


class BackupTableModel(QAbstractTableModel):
    TIME, REASON, SIZE, UNIT, PERIODS, LAST_CHANGE, STATE = range(7)
    HEADERS = ("Thời điểm sao lưu", "Lý do", "Dung lượng", "Đơn vị", "Kỳ báo cáo", "Sửa lần cuối",
               "Tình trạng")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[BackupInfo] = []

    def set_rows(self, rows: list[BackupInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def backup_at(self, row: int) -> BackupInfo:
        return self._rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole) -> Any:
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        b = self._rows[index.row()]
        col = index.column()
        if role == Qt.DisplayRole:
            return {
                self.TIME: b.created.strftime("%d/%m/%Y %H:%M"),
                self.REASON: b.reason_label,
                self.SIZE: _size(b.size),
                self.UNIT: b.unit_label if b.ok else "",
                self.PERIODS: b.periods_label if b.ok else "",
                self.LAST_CHANGE: _when(b.last_change),
                self.STATE: "Tốt" if b.usable else (f"Hỏng: {b.problem}" if not b.ok else
                                                    "Chưa có dữ liệu"),
            }[col]
        if role == Qt.ToolTipRole:
            return str(b.path)
        if role == Qt.TextAlignmentRole and col == self.SIZE:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None


class BackupDialog(QDialog):
    restored = Signal(object)  # RestoreResult

    def __init__(self, paths: AppPaths, store=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.paths = paths
        self.store = store  # the window's open Store, if any (backups are taken through it)
        self.setObjectName("backupDialog")
        self.setWindowTitle("Sao lưu và phục hồi")
        layout = QVBoxLayout(self)
        intro = QLabel("Chương trình tự sao lưu khi mở (mỗi ngày một lần), trước khi nâng cấp, trước "
                       "khi phục hồi và trước khi nhập gói dữ liệu; giữ 10 bản mới nhất và mỗi tháng "
                       f"một bản. Thư mục sao lưu: {paths.backups_dir}")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = BackupTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("backupTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        self.status = QLabel("")
        self.status.setObjectName("backupStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.PlainText)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.backup_button = self._button(row, "Sao lưu ngay", "backupNow", self.backup_now)
        self.restore_button = self._button(row, "Phục hồi bản đã chọn…", "restoreBackup",
                                           self.restore_selected)
        self.export_button = self._button(row, "Sao lưu ra USB…", "exportUsb", self.export_to_usb)
        row.addStretch(1)
        self._button(row, "Đóng", "closeBackup", self.accept)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.resize(900, 420)
        self.refresh()

    def _button(self, row, text, name, slot) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.clicked.connect(slot)
        row.addWidget(b)
        return b

    # -- hooks a test may replace ------------------------------------------------------------------
    def confirm_restore(self, plan: RestorePlan) -> bool:
        box = QMessageBox(QMessageBox.Question, "Phục hồi bản sao lưu",
                          "\n".join(plan.lines()) + "\n\nPhục hồi bản sao lưu này?",
                          QMessageBox.Yes | QMessageBox.No, self)
        box.setObjectName("restoreConfirm")
        box.button(QMessageBox.Yes).setText("Phục hồi")
        box.button(QMessageBox.No).setText("Không")
        box.setDefaultButton(QMessageBox.No)
        return box.exec() == QMessageBox.Yes

    def choose_folder(self) -> Path | None:
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục (ổ USB) để ghi bản sao")
        return Path(folder) if folder else None

    # -- actions -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.model.set_rows(list_backups(self.paths))
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.backup_at(rows[0].row()) if rows else None

    @Slot()
    def _update_buttons(self, *args) -> None:
        b = self.selected()
        self.restore_button.setEnabled(b is not None and b.usable)

    def _say(self, text: str) -> None:
        self.status.setText(text)

    @Slot()
    def backup_now(self) -> None:
        try:
            info = backup_now(self.paths, Reason.MANUAL, store=self.store)
        except BackupError as exc:
            self._say(str(exc))
            return
        self.refresh()
        self._say(f"Đã sao lưu: {info.path.name}" if info else "Chưa có dữ liệu để sao lưu.")

    @Slot()
    def restore_selected(self) -> RestoreResult | None:
        backup = self.selected()
        if backup is None or not backup.usable:
            self._say("Hãy chọn một bản sao lưu còn tốt.")
            return None
        try:
            plan = plan_restore(self.paths, backup)
            if not self.confirm_restore(plan):
                self._say("Chưa phục hồi gì.")
                return None
            result = restore(self.paths, backup)
        except BackupError as exc:
            self._say(str(exc))
            return None
        self.refresh()
        undo = (f" Muốn hoàn tác: phục hồi bản «{result.undo_backup.reason_label}» lúc "
                f"{result.undo_backup.created.strftime('%H:%M %d/%m/%Y')}.") if result.undo_backup else ""
        self._say(f"Đã phục hồi bản sao lưu lúc {backup.created.strftime('%H:%M ngày %d/%m/%Y')}."
                  + undo)
        self.restored.emit(result)
        return result

    @Slot()
    def export_to_usb(self) -> Path | None:
        folder = self.choose_folder()
        if folder is None:
            return None
        try:
            written = export_copy(self.paths, folder, store=self.store)
        except BackupError as exc:
            self._say(str(exc))
            return None
        key = " kèm khóa ký" if (written / "keys").is_dir() else ""
        self._say(f"Đã ghi bản sao dữ liệu{key} vào {written}")
        return written
