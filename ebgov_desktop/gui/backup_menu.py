"""The window's menu entry "Sao lưu và phục hồi…"; the dialog (``backup_dialog``) is imported when it is
first opened, so the window does not load it before its first paint."""

from __future__ import annotations

__all__ = ["install_backup_action", "open_backup_dialog"]


def install_backup_action(window):
    """Add "Sao lưu và phục hồi…" to the window's Tệp menu."""
    from PySide6.QtGui import QAction

    action = QAction("Sao lưu và &phục hồi…", window)
    action.setObjectName("action.backup")
    action.triggered.connect(lambda: open_backup_dialog(window))
    window.add_action("file", action)
    return action


def open_backup_dialog(window):
    """Open the backup dialog (``BackupDialog``) of ``window``'s workspace."""
    from .backup_dialog import BackupDialog

    window.commit_focused()
    dialog = BackupDialog(window.ws.paths, window.ws.store, window)
    dialog.restored.connect(lambda _result: _after_restore(window))
    dialog.open()
    return dialog


def _after_restore(window) -> None:
    """Show the restored data: the same period if it is still there, else the newest one.

    A backup taken before any period existed holds none: the window's period is made again (empty,
    with its default dates) so the officer can go on, and is told so.
    """
    periods = window.ws.periods()
    if not periods:
        window.ws.create_period(window.period)
        window.status.setText(f"Bản sao lưu chưa có kỳ báo cáo nào: đã tạo lại kỳ "
                              f"{window.period.label} (chưa có số liệu).")
        periods = [window.period]
    if window.period in periods:
        window._fill_periods()
        window.reload()
    else:
        window.set_period(periods[-1])
