"""Start the window: the Qt application, Vietnamese Qt texts, the welcome dialog or the last workspace.

What the window needs besides Qt (services, domain, storage, the log) is imported here, before
PySide6: PySide6 reads the source of every module imported after it (its ``__feature__`` check), which
costs start-up time for nothing. PySide6 itself is imported in ``application()``.
"""

from __future__ import annotations

import os
import sys

from ..domain.errors import UserError
from ..services import logs as _logs  # noqa: F401 - imported before PySide6, see above
from ..services.paths import AppPaths, app_paths
from ..services.settings import Settings
from ..services.startup import open_workspace
from ..services.workspace import Workspace

__all__ = ["run_gui", "application", "open_window", "take_start_backup", "display_problem",
           "acquire_window_lock", "watch_raise_requests"]

#: In the data folder: held by the one window open on it; touched by a second start to raise it.
LOCK_FILE = "ebgov-window.lock"
RAISE_FILE = "ebgov-window.raise"

#: What Qt's xcb platform plugin loads that a bare Debian lacks: (shared object, Debian package).
_XCB_LIBS = (
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
)


def display_problem(env=None, platform: str | None = None) -> str:
    """One Vietnamese line when Qt cannot show a window here (no display, or Qt's xcb libraries
    missing), said before Qt would abort with its English message; ``""`` when it can."""
    env = os.environ if env is None else env
    if not (platform or sys.platform).startswith("linux"):
        return ""
    qpa = env.get("QT_QPA_PLATFORM", "")
    if qpa and not qpa.startswith(("xcb", "wayland")):
        return ""  # offscreen, vnc …: no display needed
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return ("Không mở được cửa sổ: máy này không có màn hình đồ họa (biến DISPLAY trống). Hãy chạy "
                "trong phiên làm việc có màn hình, hoặc dùng các lệnh không cần cửa sổ (ebgov-desktop "
                "--help).")
    if qpa.startswith("wayland") or (not qpa and env.get("WAYLAND_DISPLAY") and not env.get("DISPLAY")):
        return ""
    import ctypes

    missing = []
    for soname, package in _XCB_LIBS:
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(package)
    if missing:
        return ("Không mở được cửa sổ: thiếu thư viện mà Qt cần để hiện cửa sổ. Hãy cài (Debian, Ubuntu): "
                "sudo apt-get install " + " ".join(missing))
    display = env.get("DISPLAY", "")
    if display and not _x_display_answers(display):
        return (f"Không mở được cửa sổ: không kết nối được tới màn hình {display} (biến DISPLAY chỉ tới "
                "một màn hình không có hoặc đã tắt). Hãy chạy trong phiên làm việc có màn hình, hoặc "
                "dùng các lệnh không cần cửa sổ (ebgov-desktop --help).")
    return ""


def _x_display_answers(display: str) -> bool:
    """Does the X server ``display`` accept a connection? (Qt would abort in English when not.)"""
    import ctypes

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # no libxcb: the missing libraries are reported instead
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    conn = xcb.xcb_connect(display.encode("utf-8", "replace"), None)
    try:
        return xcb.xcb_connection_has_error(conn) == 0
    finally:
        xcb.xcb_disconnect(conn)


def acquire_window_lock(paths: AppPaths):
    """The lock of the one window on this data folder (a ``QLockFile`` to keep), or None when another
    running program holds it. A lock left by a program that died is taken over."""
    from PySide6.QtCore import QLockFile

    paths.data_dir.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(paths.data_dir / LOCK_FILE))
    lock.setStaleLockTime(0)  # stale only when its process is gone, however long it ran
    return lock if lock.tryLock(0) else None


def ask_first_window_to_raise(paths: AppPaths) -> None:
    try:
        (paths.data_dir / RAISE_FILE).touch()
    except OSError:
        pass  # the message still says what to do


def watch_raise_requests(window, paths: AppPaths):
    """Raise ``window`` when a second start on the same data folder asks for it (where the platform
    lets a program bring its window to the front)."""
    from PySide6.QtCore import QFileSystemWatcher

    request = paths.data_dir / RAISE_FILE
    watcher = QFileSystemWatcher([str(paths.data_dir)], window)

    def check(_path=None):
        if not request.exists():
            return
        try:
            request.unlink()
        except OSError:
            pass
        from PySide6.QtCore import Qt

        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()
        window.raised_by_second_start = True

    watcher.directoryChanged.connect(check)
    check()
    window._raise_watcher = watcher
    return watcher


def tell_already_open(paths: AppPaths) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(
        None, "ebgov đang mở",
        f"Dữ liệu trong thư mục {paths.data_dir} đang được mở trong một cửa sổ ebgov khác; cửa sổ đó "
        "đã được đưa lên trước (nếu không thấy, hãy tìm trên thanh tác vụ). Mỗi thư mục dữ liệu chỉ mở "
        "một cửa sổ, để hai cửa sổ không ghi chồng lên nhau.")


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
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    app = application()
    paths = app_paths(data_dir)
    lock = acquire_window_lock(paths)
    if lock is None:  # a second start on the same data: no second window
        ask_first_window_to_raise(paths)
        tell_already_open(paths)
        return 0
    try:
        return _run_window(app, paths)
    finally:
        lock.unlock()


def _run_window(app, paths: AppPaths) -> int:
    from .startup_check import prepare_start

    if not prepare_start(paths):  # log, crash dialog, broken-workspace check
        return 0
    try:
        window = open_window(paths)
    except UserError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "Không mở được dữ liệu", str(exc))
        return 1
    if window is None:
        return 0
    from .backup_menu import install_backup_action

    install_backup_action(window)
    window.show()
    watch_raise_requests(window, paths)
    if os.environ.get("EBGOV_SMOKE_TEST"):  # packaging/build.py: start, paint once, close
        ok = not window.grab().isNull()
        window.ws.close()
        return 0 if ok else 1
    code = app.exec()
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone()  # let a running backup or export finish its file
    window.ws.close()
    return code
