"""The commune window as the tests open it: on a workspace, shown at 1366×768 and exposed."""

from ebgov_desktop.services.settings import Settings


def shown_window(qtbot, ws, settings_file, period=None):
    """A ``MainWindow`` on ``ws`` (at ``period``, else the remembered or last one), on the screen."""
    from ebgov_desktop.gui.main_window import MainWindow

    window = MainWindow(ws, Settings(settings_file), period)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window
