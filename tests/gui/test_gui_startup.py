"""What the window leaves until after its first paint: the other pages and the daily start backup."""

from ebgov_desktop.gui.app import open_window
from ebgov_desktop.gui.main_window import PAGE_KEYS
from ebgov_desktop.services.backup import Reason, list_backups


def test_pages_and_the_start_backup_come_after_the_first_paint(qtbot, demo_ws, paths):
    demo_ws.close()
    window = open_window(paths)
    qtbot.addWidget(window)
    assert list(window.pages) == [window.current_page_key()]  # only the page shown first
    assert list_backups(paths) == []  # the daily backup waits for the first paint
    window.show()
    qtbot.waitUntil(lambda: len(window.pages) == len(PAGE_KEYS))
    qtbot.waitUntil(lambda: [b.reason for b in list_backups(paths)] == [Reason.START])
    assert list_backups(paths)[0].periods == ("2019",)
    window.close()
    window.ws.close()
