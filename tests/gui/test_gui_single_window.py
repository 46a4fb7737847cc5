"""One window per data folder, and a Vietnamese line instead of Qt's abort when there is no display."""

import os
import subprocess
import sys

import pytest

from ebgov_desktop.gui import app as gui_app


def test_a_second_start_on_the_same_data_says_so_and_raises_the_first_window(qtbot, demo_window, paths,
                                                                            monkeypatch):
    lock = gui_app.acquire_window_lock(paths)  # the first window's program holds the lock
    assert lock is not None
    gui_app.watch_raise_requests(demo_window, paths)
    demo_window.showMinimized()
    told = []
    monkeypatch.setattr(gui_app, "tell_already_open", lambda p: told.append(p))
    monkeypatch.setattr(gui_app, "_run_window", lambda *a: (_ for _ in ()).throw(AssertionError("2nd window")))
    assert gui_app.run_gui(str(paths.data_dir)) == 0
    assert told == [paths]
    qtbot.waitUntil(lambda: getattr(demo_window, "raised_by_second_start", False))
    assert not demo_window.isMinimized()
    assert not (paths.data_dir / gui_app.RAISE_FILE).exists()
    lock.unlock()


def test_the_lock_is_free_again_once_the_window_closed(paths):
    lock = gui_app.acquire_window_lock(paths)
    assert gui_app.acquire_window_lock(paths) is None
    lock.unlock()
    again = gui_app.acquire_window_lock(paths)
    assert again is not None
    again.unlock()


def test_the_message_for_a_second_start_is_vietnamese(qtbot, paths, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a))
    gui_app.tell_already_open(paths)
    assert "đang được mở trong một cửa sổ ebgov khác" in shown[0][2]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DISPLAY is X11's (Linux): Windows always "
                    "has a desktop, and this would open a real window")
def test_no_display_gives_one_vietnamese_line_instead_of_qts_abort(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run([sys.executable, "-m", "ebgov_desktop", "--data-dir", str(tmp_path)],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "Không mở được cửa sổ: máy này không có màn hình đồ họa (biến DISPLAY trống). Hãy chạy trong "
        "phiên làm việc có màn hình, hoặc dùng các lệnh không cần cửa sổ (ebgov-desktop --help)."]


def test_missing_xcb_libraries_are_named_with_their_debian_packages(monkeypatch):
    import ctypes

    def cdll(name, *a, **k):
        if "cursor" in name:
            raise OSError(name)
        return object()

    monkeypatch.setattr(ctypes, "CDLL", cdll)
    line = gui_app.display_problem({"DISPLAY": ":0"}, "linux")
    assert line.endswith("sudo apt-get install libxcb-cursor0")
    assert gui_app.display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") == ""
    assert gui_app.display_problem({}, "win32") == ""
