"""Start the window: the Qt application, Vietnamese Qt texts, the welcome dialog or the last workspace.

What the window needs besides Qt (services, domain, storage, the log) is imported here, before
PySide6: PySide6 reads the source of every module imported after it (its ``__feature__`` check), which
costs start-up time for nothing. PySide6 itself is imported in ``application()``.
"""

from __future__ import annotations

import os
import sys

from ..services import logs as _logs  # noqa: F401 - imported before PySide6, see above
from ..services.paths import AppPaths, app_paths
from ..services.settings import Settings
from ..services.startup import open_workspace
from ..services.workspace import Workspace
from ..storage import StorageError

__all__ = ["run_gui", "application", "open_window", "take_start_backup"]


def application():
    """The QApplication, made once, with the Vietnamese translator installed."""
    from PySide6.QtWidgets import QApplication

    from .i18n import VietnameseTranslator

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("ebgov")
        app.setApplicationDisplayName("ebgov")
    if not getattr(app, "_ebgov_translator", None):
        translator = VietnameseTranslator(app)
        app.installTranslator(translator)
        app._ebgov_translator = translator
    return app


def open_window(paths: AppPaths):
    """The main window of the workspace in ``paths``; the welcome dialog first when there is none.

    Returns None when the officer closes the welcome dialog.
    """
    from .main_window import MainWindow

    settings = Settings(paths.settings_file)
    if Workspace.exists(paths=paths):
        ws = open_workspace(paths, start_backup=False)  # backs up before a migration
        if ws.unit is not None and not ws.unit.kind.is_commune:
            window = _superior_window(ws, settings)
            window.first_painted.connect(lambda: take_start_backup(paths))  # once a day
            return window
        if ws.periods():
            window = MainWindow(ws, settings)
            window.first_painted.connect(lambda: take_start_backup(paths))  # once a day
            return window
        ws.close()
    from .welcome import WelcomeDialog

    dialog = WelcomeDialog(paths)
    if not dialog.exec():
        return None
    if not dialog.workspace.require_unit().kind.is_commune:
        return _superior_window(dialog.workspace, settings, dialog.period)
    return MainWindow(dialog.workspace, settings, dialog.period)


def take_start_backup(paths: AppPaths):
    """The daily start backup on a worker thread (its own connection), after the first paint."""
    from .tasks import run_task

    return run_task(_start_backup, paths)


def _start_backup(_state, paths: AppPaths):
    from ..services.startup import start_backup

    return start_backup(paths)


def _superior_window(ws, settings, period=None):
    """A huyện / tỉnh workspace: the superior window (expected communes, board, consolidation)."""
    from .superior.window import SuperiorWindow

    return SuperiorWindow(ws, settings, period)


def run_gui(data_dir=None) -> int:
    app = application()
    paths = app_paths(data_dir)
    from .startup_check import prepare_start

    if not prepare_start(paths):  # log, crash dialog, broken-workspace check
        return 0
    try:
        window = open_window(paths)
    except StorageError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "Không mở được dữ liệu", str(exc))
        return 1
    if window is None:
        return 0
    from .backup_menu import install_backup_action

    install_backup_action(window)
    window.show()
    if os.environ.get("EBGOV_SMOKE_TEST"):  # packaging/build.py: start, paint once, close
        ok = not window.grab().isNull()
        window.ws.close()
        return 0 if ok else 1
    code = app.exec()
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone()  # let a running backup or export finish its file
    window.ws.close()
    return code
