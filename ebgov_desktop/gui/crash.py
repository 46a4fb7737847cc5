"""The crash path: an uncaught exception anywhere is logged and shown, the program never vanishes.

``install_excepthook(log_path)`` routes ``sys.excepthook`` (exceptions in slots and event handlers) and
``threading.excepthook`` (Python threads) to one place. A background worker that catches its own
exception calls ``report_exception(exc)`` — from any thread — and gets the same dialog. The dialog says
what happened, that the data is safe (every edit is saved when it is made), where the log is, and has a
"Sao chép chi tiết" button for the technician.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6 import QtCore
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..services.logs import current_log_file, log_exception

__all__ = ["CrashDialog", "install_excepthook", "uninstall_excepthook", "report_exception",
           "crash_message", "current_dialog"]


def crash_message(summary: str, log_path: Path | None) -> str:
    where = (f"Chi tiết lỗi đã được ghi vào tệp nhật ký:\n{log_path}" if log_path else
             "Chi tiết lỗi ở ô bên dưới.")
    return (
        f"Chương trình gặp một lỗi không lường trước: {summary}\n\n"
        "Dữ liệu của anh/chị vẫn an toàn: mọi thay đổi đã được lưu ngay khi nhập.\n\n"
        f"{where}\n\n"
        "Hãy bấm «Sao chép chi tiết» rồi gửi cho cán bộ kỹ thuật. Có thể tiếp tục làm việc; nếu lỗi "
        "lặp lại, hãy đóng rồi mở lại chương trình."
    )


class CrashDialog(QDialog):
    """Vietnamese crash report with the details and a copy button; later crashes are appended."""

    def __init__(self, summary: str, details: str, log_path: Path | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle("Chương trình gặp lỗi")
        self.setWindowModality(QtCore.Qt.ApplicationModal)
        self.count = 1
        layout = QVBoxLayout(self)
        self.message = QLabel(crash_message(summary, log_path))
        self.message.setObjectName("crashMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(QtCore.Qt.PlainText)  # exception text is shown as it is, never as markup
        self.message.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.details = QPlainTextEdit(details)
        self.details.setObjectName("crashDetails")
        self.details.setReadOnly(True)
        self.details.setMinimumHeight(160)
        layout.addWidget(self.details)
        buttons = QHBoxLayout()
        self.copy_button = QPushButton("Sao chép chi tiết")
        self.copy_button.setObjectName("copyDetails")
        self.copy_button.clicked.connect(self.copy_details)
        self.close_button = QPushButton("Đóng")
        self.close_button.setObjectName("closeCrash")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.resize(640, 460)

    def add(self, details: str) -> None:
        self.count += 1
        self.details.appendPlainText(f"\n----- Lỗi thứ {self.count} -----\n{details}")

    @Slot()
    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText("Đã sao chép")


class _Bridge(QObject):
    """Carries a report from any thread to the GUI thread (queued when emitted elsewhere)."""

    report = Signal(str, str)  # summary, details

    @Slot(str, str)
    def show(self, summary: str, details: str) -> None:
        _show(summary, details)


_bridge: _Bridge | None = None
_dialog: CrashDialog | None = None
_log_path: Path | None = None
_previous: tuple = ()


def current_dialog() -> CrashDialog | None:
    return _dialog


def _parent() -> QWidget | None:
    app = QApplication.instance()
    return app.activeWindow() if app is not None else None


def _show(summary: str, details: str) -> None:
    global _dialog
    if _dialog is not None and _dialog.isVisible():
        _dialog.add(details)
        return
    _dialog = CrashDialog(summary, details, _log_path or current_log_file(), _parent())
    _dialog.setAttribute(QtCore.Qt.WA_DeleteOnClose, False)
    _dialog.show()
    _dialog.raise_()
    _dialog.activateWindow()


def _summary(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def report_exception(exc: BaseException, context: str = "",
                     tb: TracebackType | None = None) -> str:
    """Log ``exc`` with its traceback and show the crash dialog; safe to call from any thread."""
    details = log_exception(type(exc), exc, tb or exc.__traceback__, context)
    if _bridge is not None:
        _bridge.report.emit(_summary(exc), details)  # queued to the GUI thread if need be
    else:
        print(details, file=sys.stderr)
    return details


def _excepthook(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    try:
        report_exception(exc, "", tb)
    except Exception:  # noqa: BLE001 - the crash path itself must never crash silently
        sys.__excepthook__(exc_type, exc, tb)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    context = f"luồng {args.thread.name}" if args.thread is not None else "luồng nền"
    try:
        report_exception(args.exc_value, context, args.exc_traceback)
    except Exception:  # noqa: BLE001
        threading.__excepthook__(args)


def install_excepthook(log_path: Path | None = None) -> None:
    """Route uncaught exceptions (GUI thread and Python threads) to the log and the dialog.

    Call once the QApplication exists. ``log_path`` defaults to the file ``setup_logging`` opened.
    """
    global _bridge, _log_path, _previous
    app = QApplication.instance()
    if app is None:
        raise RuntimeError("install_excepthook needs a QApplication")
    if _bridge is None:
        _bridge = _Bridge()
        _bridge.moveToThread(app.thread())
        _bridge.report.connect(_bridge.show)
    _log_path = Path(log_path) if log_path else None
    if not _previous:
        _previous = (sys.excepthook, threading.excepthook)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook


def uninstall_excepthook() -> None:
    """Put the previous hooks back and close the dialog (tests)."""
    global _bridge, _dialog, _previous
    if _previous:
        sys.excepthook, threading.excepthook = _previous
        _previous = ()
    if _dialog is not None:
        _dialog.close()
        _dialog.deleteLater()
        _dialog = None
    if _bridge is not None:
        _bridge.deleteLater()
        _bridge = None
