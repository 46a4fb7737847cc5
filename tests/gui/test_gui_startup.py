"""What the window leaves until after its first paint: the other pages and the daily start backup."""

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.gui.app import open_window
from ebgov_desktop.services.backup import Reason, list_backups


def test_pages_and_the_start_backup_come_after_the_first_paint(qtbot, demo_ws, paths):
    demo_ws.close()
    window = open_window(paths)
    qtbot.addWidget(window)
    assert list(window.pages) == [window.current_page_key()]  # only the page shown first
    assert list_backups(paths) == []  # the daily backup waits for the first paint
    window.show()
    qtbot.waitUntil(lambda: len(window.pages) == len(window.page_keys))
    qtbot.waitUntil(lambda: [b.reason for b in list_backups(paths)] == [Reason.START])
    assert list_backups(paths)[0].periods == ("2019",)
    window.close()
    window.ws.close()


def test_the_checks_run_right_after_the_first_paint_and_mark_the_page_shown(qtbot, demo_ws, paths):
    from ebgov_desktop.services.settings import Settings

    demo_ws.set_value(Period.parse("2019"), "staff.it_qualified", 30)  # more qualified staff than staff (22)
    demo_ws.close()
    Settings(paths.settings_file).set("window.page", "staff")
    window = open_window(paths)
    qtbot.addWidget(window)
    edit = window.pages["staff"].editors["staff.it_qualified"]
    assert edit.mark is None  # not yet: the rules run once the page is on the screen
    with qtbot.waitSignal(window.first_painted):
        window.show()
    assert edit.mark[0] == "error" and "không được lớn hơn" in edit.toolTip()
    assert window.tabs.tabText(window.page_keys.index("check")) == "Kiểm tra (1 lỗi)"
    assert [f.rule_id for f in window.findings() if f.is_error] == ["it_qualified"]
    window.close()
    window.ws.close()


def test_findings_asked_for_before_the_first_paint_are_complete(qtbot, demo_ws, paths):
    demo_ws.set_value(Period.parse("2019"), "staff.it_qualified", 30)
    demo_ws.close()
    window = open_window(paths)
    qtbot.addWidget(window)
    assert [f.rule_id for f in window.findings() if f.is_error] == ["it_qualified"]
    window.ws.close()
