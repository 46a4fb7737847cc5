"""The start-up check in the window: a broken workspace is never opened silently.

``run_startup_check(paths)`` (call before opening the workspace) returns True when the program may go
on — the file was fine, a backup was restored, or the officer chose to start with empty data (the
broken file is kept aside in every case) — and False when the officer chose to quit.
"""

from __future__ import annotations

from typing import Callable

from PySide6 import QtCore
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.system_errors import os_reason
from ..services.backup import BackupError
from ..services.paths import AppPaths
from ..services.startup import Health, HealthState, check_workspace, recover, start_fresh

__all__ = ["StartupCheckDialog", "run_startup_check", "RESTORE", "START_EMPTY", "QUIT"]

RESTORE, START_EMPTY, QUIT = "restore", "start_empty", "quit"


class StartupCheckDialog(QDialog):
    def __init__(self, health: Health, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startupCheckDialog")
        self.setWindowTitle("Tệp dữ liệu bị hỏng")
        self.choice = QUIT
        layout = QVBoxLayout(self)
        self.message = QLabel(health.message())
        self.message.setObjectName("startupMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(QtCore.Qt.PlainText)
        self.message.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop | QtCore.Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        if health.backup is not None:
            self.restore_button = self._button(row, "Phục hồi bản sao lưu gần nhất", "restoreNewest",
                                               RESTORE)
            self.restore_button.setDefault(True)
        else:
            self._button(row, "Bắt đầu với dữ liệu trống", "startEmpty", START_EMPTY)
        self._button(row, "Thoát", "quit", QUIT)
        layout.addLayout(row)
        self.setMinimumWidth(560)
        self.resize(560, self.sizeHint().height())  # the message's height, no empty band above it

    def _button(self, row: QHBoxLayout, text: str, name: str, choice: str) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.clicked.connect(lambda: self._choose(choice))
        row.addWidget(b)
        return b

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept() if choice != QUIT else self.reject()


def _ask(health: Health, parent: QWidget | None) -> str:
    dialog = StartupCheckDialog(health, parent)
    dialog.exec()
    return dialog.choice


def _tell(parent: QWidget | None, title: str, text: str, error: bool) -> None:
    from PySide6.QtWidgets import QMessageBox

    (QMessageBox.critical if error else QMessageBox.information)(parent, title, text)


def run_startup_check(paths: AppPaths, parent: QWidget | None = None,
                      ask: Callable[[Health, QWidget | None], str] = _ask,
                      tell: Callable[[QWidget | None, str, str, bool], None] = _tell) -> bool:
    """Check the workspace; if broken, ask the officer and do what they chose. True = go on."""
    health = check_workspace(paths)
    if health.ok:
        return True
    if health.state is HealthState.READ_ONLY:  # nothing is broken: nothing to restore or start afresh
        tell(parent, "Thư mục dữ liệu chỉ đọc", health.message(), True)
        return False
    choice = ask(health, parent)
    if choice == QUIT:
        return False
    try:
        if choice == RESTORE:
            result = recover(paths, health.backup)
            kept = ", ".join(str(p) for p in result.kept_aside if p.suffix == ".sqlite")
            tell(
                parent, "Đã phục hồi",
                f"Đã phục hồi bản sao lưu lúc {result.restored.created.strftime('%H:%M ngày %d/%m/%Y')}."
                f"\nTệp hỏng được giữ lại: {kept}", False)
        else:
            start_fresh(paths)
    except (BackupError, OSError) as exc:
        why = os_reason(exc) if isinstance(exc, OSError) else exc.message
        tell(parent, "Không phục hồi được",
             f"{why}\nChương trình sẽ thoát; tệp hỏng vẫn được giữ lại.", True)
        return False
    return True


def prepare_start(paths: AppPaths, parent: QWidget | None = None) -> bool:
    """What the window does before opening the workspace: the log, the crash hook, the check."""
    from ..services.logs import setup_logging
    from .crash import install_excepthook

    install_excepthook(setup_logging(paths))
    return run_startup_check(paths, parent)
