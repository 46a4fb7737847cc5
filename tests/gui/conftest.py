import pytest
from gui_windows import shown_window
from wine import UNDER_WINE

from ebgov_desktop.gui.app import application
from ebgov_desktop.services.paths import app_paths

if UNDER_WINE:  # .ci/windows
    from pytestqt.qtbot import QtBot

    _wait_until = QtBot.waitUntil

    def _patient_wait_until(self, callback, *, timeout=5000):
        """qtbot's waits are hang guards, not timings; under Wine threads and files are several times
        slower (the superior's dry run of 36 packages took over 5 s), so the guard is 60 s there."""
        return _wait_until(self, callback, timeout=max(timeout, 60_000))

    QtBot.waitUntil = _patient_wait_until


@pytest.fixture(autouse=True)
def _vietnamese_qt(qapp):
    application()  # installs the translator on pytest-qt's QApplication
    yield


@pytest.fixture
def paths(data_dir):
    return app_paths(data_dir).ensure()


@pytest.fixture
def demo_window(qtbot, demo_ws, paths):
    window = shown_window(qtbot, demo_ws, paths.settings_file)
    window.build_all_pages()
    return window

