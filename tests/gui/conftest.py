import pytest

from ebgov_desktop.gui.app import application
from ebgov_desktop.services.paths import app_paths
from ebgov_desktop.services.settings import Settings


@pytest.fixture(autouse=True)
def _vietnamese_qt(qapp):
    application()  # installs the translator on pytest-qt's QApplication
    yield


@pytest.fixture
def paths(data_dir):
    return app_paths(data_dir).ensure()


@pytest.fixture
def demo_window(qtbot, demo_ws, paths):
    from ebgov_desktop.gui.main_window import MainWindow

    window = MainWindow(demo_ws, Settings(paths.settings_file))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.build_all_pages()
    return window

