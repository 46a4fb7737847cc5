import pytest
from gui_windows import shown_window

from ebgov_desktop.gui.app import application
from ebgov_desktop.services.paths import app_paths


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

