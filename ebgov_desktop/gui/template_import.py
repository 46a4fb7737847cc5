"""Tệp > Nhập biểu mẫu từ cấp trên…: a template file the superior sent down on the USB stick.

The file is verified before anything is kept (``services.templates_exchange.inspect_template_file``).
The first time, the dialog shows the superior's key fingerprint and asks the officer to compare it by
phone before taking the template; a file signed by another key is refused until the officer types the
fingerprint the superior read out; a changed file is refused with its reason. Loaded on use.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QVBoxLayout,
)

from ..domain.errors import UserError
from ..domain.formatting import when_read
from ..services import templates_exchange as tx
from .dialogs import message_label

__all__ = ["TemplateImportDialog", "ask_template_import"]


class TemplateImportDialog(QDialog):
    """What the file holds and what the officer must check; ``result_message`` after an import."""

    def __init__(self, ws, path: Path, parent=None):
        super().__init__(parent)
        self.setObjectName("template_import")
        self.setWindowTitle("Nhập biểu mẫu từ cấp trên")
        self.ws = ws
        self.path = Path(path)
        self.result_message = ""
        self.info: tx.TemplateFileInfo | None = None
        lay = QVBoxLayout(self)
        self.message = message_label("template_import.message")
        lay.addWidget(self.message)
        self.fingerprint = QLineEdit(objectName="template_import.fingerprint")
        self.fingerprint.setPlaceholderText("mã khóa cấp trên đọc qua điện thoại, ví dụ 46C0-794F-…")
        self.fingerprint.hide()
        lay.addWidget(self.fingerprint)
        self.problem = message_label("template_import.problem")
        self.problem.setStyleSheet("color: #c62828")
        lay.addWidget(self.problem)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton("&Nhập biểu mẫu", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("template_import.ok")
        close = self.buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("template_import.close")
        self.buttons.accepted.connect(self._import)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._inspect()
        self.resize(640, self.sizeHint().height())

    def _inspect(self) -> None:
        try:
            self.info = info = tx.inspect_template_file(self.ws, self.path)
        except UserError as exc:
            self.message.setText(f"Không nhập được biểu mẫu.\n{exc}")
            self.ok.hide()
            return
        ident = info.identity
        what = (f"Tệp {self.path.name}: biểu mẫu «{ident.title}» ({ident.template_id}), phiên bản "
                f"{ident.version}, do {info.issuer_name or 'cấp trên'} ký ngày {when_read(info.created_at, with_time=False)}.")
        if info.key_status is tx.KeyStatus.FIRST_USE:
            self.message.setText(
                f"{what}\n\nĐây là lần đầu nhận biểu mẫu từ cấp trên. Mã khóa ký của cấp trên:\n\n"
                f"    {info.fingerprint}\n\nHãy gọi điện cho cấp trên và đối chiếu mã này trước khi nhận. "
                "Chương trình sẽ ghi nhớ khóa này; từ sau, biểu mẫu ký bằng khóa khác sẽ bị từ chối.")
            self.ok.setText("Đúng mã khóa, &nhập biểu mẫu")
        elif info.key_status is tx.KeyStatus.OTHER:
            self.message.setText(
                f"{what}\n\nBiểu mẫu được ký bằng khóa khác (mã {info.fingerprint}) với khóa của cấp "
                f"trên đã ghi nhận (mã {info.pinned_fingerprint}). Nếu cấp trên đã đổi khóa, hãy gọi "
                "điện để cấp trên đọc mã khóa mới rồi nhập mã đó dưới đây; nếu không, đừng nhận tệp này.")
            self.fingerprint.show()
            self.ok.setText("&Chấp nhận khóa mới và nhập")
        else:
            self.message.setText(f"{what}\n\nChữ ký số đúng khóa của cấp trên đã ghi nhận "
                                 f"(mã {info.fingerprint}).")

    def _import(self) -> None:
        accept = None
        if self.info is not None and self.info.key_status is tx.KeyStatus.OTHER:
            accept = self.fingerprint.text().strip()
            if not accept:
                self.problem.setText("Hãy nhập mã khóa cấp trên đọc qua điện thoại.")
                return
        try:
            result = tx.import_template(self.ws, self.path, accept_fingerprint=accept)
        except UserError as exc:
            self.problem.setText(str(exc))
            return
        self.result_message = result.message
        self.accept()


def ask_template_import(window, path: str | Path | None = None) -> TemplateImportDialog | None:
    """Ask for the file (unless given), then open the dialog (non-blocking: ``dialog.open()``)."""
    if path is None:
        chosen, _f = QFileDialog.getOpenFileName(window, "Nhập biểu mẫu từ cấp trên", str(Path.home()),
                                                 "Biểu mẫu (*.toml);;Mọi tệp (*)")
        if not chosen:
            return None
        path = chosen
    window.commit_focused()
    dialog = TemplateImportDialog(window.ws, Path(path), window)

    def done(code: int) -> None:
        if code == QDialog.DialogCode.Accepted and dialog.result_message:
            window.statusBar().showMessage(dialog.result_message.split("\n")[0], 15000)

    dialog.finished.connect(done)
    dialog.open()
    return dialog
