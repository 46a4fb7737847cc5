""""Xuất dữ liệu ra USB…": what will be written (file name, revision, data code, signing-key
fingerprint), where (removable drives first), then the signed package written off the GUI thread.

Every failure of the drive (full, read-only, pulled out, bad read-back) is shown as the service's
Vietnamese message; the service leaves no file under the final name in those cases.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from ..domain.errors import UserError
from ..domain.periods import Period
from ..services import packages
from ..services.workspace import Workspace
from .dialogs import message_label
from .jobs import kb
from .tasks import Task, run_task

__all__ = ["ExportDialog", "write_package"]

_EXPECTED = UserError


def write_package(state, paths, snap, target: Path):
    """The background worker: its own workspace connection, then ``export_package`` of the snapshot
    the officer was shown (``ExportPreview.snapshot``)."""
    with Workspace.open(paths=paths) as ws:
        return packages.export_package(ws, snap, target)


#: why the number never goes down: the tooltip of "Lần gửi", for whoever asks
_NEVER_DOWN = ("Lần gửi chỉ tăng, kể cả sau khi phục hồi bản sao lưu hay cài lại máy, nên cấp trên không "
               "bao giờ nhận hai gói khác nhau cùng một lần gửi.")


def revision_text(preview: packages.ExportPreview) -> str:
    """One line: the number, and whether the figures changed since the last package."""
    if preview.already_exported:
        return f"{preview.revision} (số liệu không đổi từ lần gửi trước)"
    if preview.revision == 1:
        return "1 (lần đầu gửi số liệu kỳ này)"
    return f"{preview.revision} (số liệu đã thay đổi từ lần gửi {preview.highest_sent or preview.revision - 1})"


class ExportDialog(QDialog):
    """Choose the folder (USB first) and write the package; ``exported`` carries the ExportResult."""

    exported = Signal(object)

    def __init__(self, ws: Workspace, period: Period, preview: packages.ExportPreview, parent=None):
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle("Xuất dữ liệu ra USB")
        self.ws = ws
        self.period = period
        self.task: Task | None = None
        self.result = None
        lay = QVBoxLayout(self)
        unit = ws.require_unit()
        intro = QLabel(f"Gói dữ liệu {period.label} của {unit.short_council_name} được ký bằng khóa "
                       "riêng của đơn vị và ghi vào thư mục chọn dưới đây (nên là ổ USB). Cấp trên "
                       "nhập gói này vào chương trình của mình.")
        intro.setWordWrap(True)
        lay.addWidget(intro)

        form = QFormLayout()
        self.file_name = self._value("export.file_name")
        self.revision = self._value("export.revision")
        self.digest = self._value("export.digest")
        self.fingerprint = self._value("export.fingerprint")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setBold(True)
        mono.setPointSizeF(mono.pointSizeF() * 1.2 if mono.pointSizeF() > 0 else 12)
        self.fingerprint.setFont(mono)
        self.revision.setToolTip(_NEVER_DOWN)
        form.addRow("Tệp sẽ ghi:", self.file_name)
        form.addRow("Lần gửi:", self.revision)
        form.addRow("Mã kiểm tra số liệu:", self.digest)
        form.addRow("Mã khóa ký của đơn vị:", self.fingerprint)
        hint = QLabel("Mã kiểm tra trùng với mã in ở cuối báo cáo PDF của cùng số liệu. Khi cấp trên "
                      "gọi điện hỏi, hãy đọc mã khóa ký ở trên để hai bên đối chiếu.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555")
        form.addRow("", hint)
        lay.addLayout(form)

        where = QLabel("&Ghi vào:")
        lay.addWidget(where)
        self.targets = QListWidget(objectName="export.targets")
        self.targets.setMinimumHeight(110)
        where.setBuddy(self.targets)
        lay.addWidget(self.targets)
        row = QHBoxLayout()
        self.browse_button = QPushButton("Chọn thư mục &khác…", objectName="export.browse")
        self.browse_button.clicked.connect(self.browse)
        self.refresh_button = QPushButton("&Tìm lại ổ USB", objectName="export.refresh")
        self.refresh_button.clicked.connect(self.fill_targets)
        row.addWidget(self.browse_button)
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.no_usb = QLabel("Chưa thấy ổ USB nào. Hãy cắm USB rồi bấm «Tìm lại ổ USB», hoặc chọn một "
                             "thư mục khác.", objectName="export.no_usb")
        self.no_usb.setWordWrap(True)
        self.no_usb.setStyleSheet("color: #8a5a00")
        lay.addWidget(self.no_usb)

        self.message = message_label("export.message")
        lay.addWidget(self.message)

        buttons = QDialogButtonBox()
        self.write_button = buttons.addButton("&Xuất", QDialogButtonBox.ButtonRole.ActionRole)
        self.write_button.setObjectName("export.write")
        self.write_button.setDefault(True)
        self.write_button.clicked.connect(self.write)
        self.close_button = buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

        self.show_preview(preview)
        self.fill_targets()
        self.resize(680, 520)

    @staticmethod
    def _value(name: str) -> QLabel:
        label = QLabel(objectName=name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        return label

    def show_preview(self, preview: packages.ExportPreview) -> None:
        self.preview = preview
        self.file_name.setText(preview.file_name)
        self.revision.setText(revision_text(preview))
        self.digest.setText(preview.digest[:16])
        self.fingerprint.setText(preview.fingerprint)

    # -- targets -----------------------------------------------------------------------------------
    def fill_targets(self) -> None:
        chosen = self.target()
        self.targets.clear()
        found = packages.candidate_target_dirs()
        for target in found:
            self._add_target(target.path, target.label, target.removable)
        self.no_usb.setVisible(not any(t.removable for t in found))
        if chosen is not None and self._row_of(chosen) < 0:
            self._add_target(chosen, f"Thư mục đã chọn: {chosen}", False)
        row = self._row_of(chosen) if chosen is not None else -1
        self.targets.setCurrentRow(row if row >= 0 else 0)

    def _add_target(self, path: Path, label: str, removable: bool) -> QListWidgetItem:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        if removable:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        self.targets.addItem(item)
        return item

    def _row_of(self, path: Path) -> int:
        for i in range(self.targets.count()):
            if Path(self.targets.item(i).data(Qt.ItemDataRole.UserRole)) == path:
                return i
        return -1

    def target(self) -> Path | None:
        item = self.targets.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def browse(self) -> None:
        start = self.target() or Path.home()
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục (ổ USB) để ghi gói dữ liệu",
                                                  str(start))
        if not folder:
            return
        path = Path(folder)
        row = self._row_of(path)
        if row < 0:
            self._add_target(path, f"Thư mục đã chọn: {path}", False)
            row = self.targets.count() - 1
        self.targets.setCurrentRow(row)

    # -- writing -----------------------------------------------------------------------------------
    def _say(self, text: str, ok: bool) -> None:
        self.message.setStyleSheet("color: #1b5e20" if ok else "color: #c62828")
        self.message.setText(text)

    def write(self) -> None:
        if self.task is not None:
            return
        target = self.target()
        if target is None:
            self._say("Hãy chọn nơi ghi gói dữ liệu (ổ USB hoặc một thư mục).", False)
            return
        self.write_button.setEnabled(False)
        self._say(f"Đang ghi gói dữ liệu vào {target}…", True)
        self.task = run_task(write_package, self.ws.paths, self.preview.snapshot, target,
                             on_done=self._written, on_error=self._failed,
                             on_finished=self._finished)

    def _finished(self) -> None:
        self.task = None
        self.write_button.setEnabled(True)

    def _written(self, result: packages.ExportResult) -> None:
        self.result = result
        self.no_usb.setVisible(False)  # written: the warning beside the success would contradict it
        self._say(f"Đã ghi gói dữ liệu: {result.path}\nLần gửi {result.revision}, {kb(result.size)}, "
                  f"mã kiểm tra {result.digest[:16]}, mã khóa ký {result.fingerprint}.\nTrước khi rút "
                  "USB, hãy bấm chuột phải vào ổ USB và chọn «Đẩy ra».", True)
        try:
            self.show_preview(packages.export_preview(self.ws, self.ws.snapshot(self.period)))
        except _EXPECTED:
            pass  # the file is written and verified; the preview only refreshes the labels
        self.exported.emit(result)

    def _failed(self, exc: BaseException, _details: str) -> None:
        if isinstance(exc, _EXPECTED):
            self._say(str(exc), False)
            return
        from .crash import report_exception

        report_exception(exc, "USB export")
