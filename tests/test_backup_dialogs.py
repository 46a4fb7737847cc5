"""The backup dialog and the start-up check dialog, driven with pytest-qt."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.gui.backup_dialog import BackupDialog, BackupTableModel
from ebgov_desktop.gui.startup_check import (
    QUIT,
    RESTORE,
    START_EMPTY,
    StartupCheckDialog,
    run_startup_check,
)
from ebgov_desktop.services.backup import Reason, backup_now
from ebgov_desktop.services.startup import check_workspace
from ebgov_desktop.services.workspace import Workspace


def click(qtbot, dialog, name):
    qtbot.mouseClick(dialog.findChild(QPushButton, name), Qt.LeftButton)


def test_backup_table_model(qtmodeltester, demo_ws):
    backup_now(demo_ws.paths, Reason.START, now=dt.datetime(2024, 3, 10, 9, 30))
    from ebgov_desktop.services.backup import list_backups

    model = BackupTableModel()
    model.set_rows(list_backups(demo_ws.paths))
    qtmodeltester.check(model)
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row[:5] == ["10/03/2024 09:30", "Tự động khi mở chương trình", row[2], "xã Quảng Thọ",
                       "năm 2019"]
    assert row[2].endswith("KB") and row[6] == "Tốt"


def test_dialog_backs_up_restores_with_a_plan_and_copies_to_usb(qtbot, demo_ws, tmp_path):
    paths = demo_ws.paths
    old = backup_now(paths, Reason.START, now=dt.datetime.now() - dt.timedelta(days=1))
    original = demo_ws.values(Period.parse("2019"))["staff.civil_servants"]
    demo_ws.set_value(Period.parse("2019"), "staff.civil_servants", original + 3)

    dialog = BackupDialog(paths, store=demo_ws.store)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Sao lưu và phục hồi"
    assert dialog.model.rowCount() == 1

    click(qtbot, dialog, "backupNow")
    assert dialog.model.rowCount() == 2
    assert dialog.status.text().startswith("Đã sao lưu")

    plans = []
    dialog.confirm_restore = lambda plan: plans.append(plan) or True
    dialog.table.selectRow(1)  # yesterday's
    assert dialog.selected().path == old.path
    with qtbot.waitSignal(dialog.restored) as sig:
        click(qtbot, dialog, "restoreBackup")
    assert "Kỳ năm 2019: 1 số liệu khác." in plans[0].lines()
    assert demo_ws.values(Period.parse("2019"))["staff.civil_servants"] == original
    result = sig.args[0]
    assert result.undo_backup.reason is Reason.BEFORE_RESTORE
    assert "Muốn hoàn tác" in dialog.status.text()
    assert dialog.model.rowCount() == 3

    # undo: restore the backup taken before the restore (the newest row)
    dialog.table.selectRow(0)
    assert dialog.selected().reason is Reason.BEFORE_RESTORE
    click(qtbot, dialog, "restoreBackup")
    assert demo_ws.values(Period.parse("2019"))["staff.civil_servants"] == original + 3

    usb = tmp_path / "usb"
    usb.mkdir()
    dialog.choose_folder = lambda: usb
    click(qtbot, dialog, "exportUsb")
    [folder] = usb.iterdir()
    assert (folder / "workspace.sqlite").exists()
    assert str(folder) in dialog.status.text()


def test_declined_restore_changes_nothing(qtbot, demo_ws):
    backup_now(demo_ws.paths, Reason.START)
    demo_ws.set_value(Period.parse("2019"), "staff.part_time", 5)
    dialog = BackupDialog(demo_ws.paths, store=demo_ws.store)
    qtbot.addWidget(dialog)
    dialog.confirm_restore = lambda plan: False
    click(qtbot, dialog, "restoreBackup")
    assert demo_ws.values(Period.parse("2019"))["staff.part_time"] == 5
    assert dialog.status.text() == "Chưa phục hồi gì."


def _break(paths):
    data = paths.workspace.read_bytes()
    paths.workspace.write_bytes(data[: len(data) // 2])


def test_startup_dialog_offers_the_newest_backup(qtbot, demo_ws):
    paths = demo_ws.paths
    backup_now(paths, Reason.START)
    values = demo_ws.values(Period.parse("2019"))
    demo_ws.close()
    _break(paths)
    health = check_workspace(paths)
    dialog = StartupCheckDialog(health)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Tệp dữ liệu bị hỏng"
    assert "không bị xóa" in dialog.message.text()
    assert dialog.findChild(QPushButton, "startEmpty") is None
    click(qtbot, dialog, "restoreNewest")
    assert dialog.choice == RESTORE

    told = []
    assert run_startup_check(paths, ask=lambda h, p: RESTORE, tell=lambda *a: told.append(a))
    assert told[0][1] == "Đã phục hồi" and ".hong-" in told[0][2]
    with Workspace.open(paths=paths) as ws:
        assert ws.values(Period.parse("2019")) == values
    assert list(paths.data_dir.glob("workspace.hong-*.sqlite"))


def test_startup_without_backup_quit_or_start_empty(qtbot, demo_ws):
    paths = demo_ws.paths
    demo_ws.close()
    _break(paths)
    dialog = StartupCheckDialog(check_workspace(paths))
    qtbot.addWidget(dialog)
    assert dialog.findChild(QPushButton, "restoreNewest") is None
    click(qtbot, dialog, "quit")
    assert dialog.choice == QUIT
    broken = paths.workspace.read_bytes()
    assert not run_startup_check(paths, ask=lambda h, p: QUIT)
    assert paths.workspace.read_bytes() == broken  # quitting touches nothing
    assert run_startup_check(paths, ask=lambda h, p: START_EMPTY)
    assert not paths.workspace.exists()
    assert [p.read_bytes() for p in paths.data_dir.glob("workspace.hong-*.sqlite")] == [broken]


def test_a_healthy_workspace_asks_nothing(demo_ws):
    assert run_startup_check(demo_ws.paths, ask=lambda h, p: 1 / 0)


def test_the_window_menu_restores_and_shows_the_restored_data(qtbot, demo_ws):
    from ebgov_desktop.gui.app import application
    from ebgov_desktop.gui.backup_menu import install_backup_action
    from ebgov_desktop.gui.main_window import MainWindow
    from ebgov_desktop.services.settings import Settings

    application()
    backup_now(demo_ws.paths, Reason.START, now=dt.datetime.now() - dt.timedelta(days=1))
    window = MainWindow(demo_ws, Settings(demo_ws.paths.settings_file))
    qtbot.addWidget(window)
    action = install_backup_action(window)
    assert action in window.menus["file"].actions()
    demo_ws.set_value(Period.parse("2019"), "staff.civil_servants", 40)
    window.reload()
    edit = window.show_page("staff").editors["staff.civil_servants"]
    assert edit.text() == "40"

    action.trigger()
    dialog = window.findChild(BackupDialog, "backupDialog")
    qtbot.waitUntil(dialog.isVisible)
    dialog.confirm_restore = lambda plan: True
    dialog.table.selectRow(0)
    click(qtbot, dialog, "restoreBackup")
    assert edit.text() == "22"
    dialog.close()


def test_prepare_start_logs_hooks_and_checks(qtbot, demo_ws):
    import sys

    from ebgov_desktop.gui import crash, startup_check
    from ebgov_desktop.services import logs

    hook = sys.excepthook
    try:
        assert startup_check.prepare_start(demo_ws.paths)
        assert sys.excepthook is not hook
        assert logs.current_log_file() == demo_ws.paths.log_dir / "ebgov-desktop.log"
    finally:
        crash.uninstall_excepthook()
        logs.stop_logging()
    assert sys.excepthook is hook


def test_restoring_a_backup_without_any_period_keeps_the_window_usable(qtbot, data_dir):
    from ebgov_desktop.domain.units import Unit, UnitKind
    from ebgov_desktop.gui.app import application
    from ebgov_desktop.gui.backup_menu import install_backup_action
    from ebgov_desktop.gui.main_window import MainWindow
    from ebgov_desktop.services.settings import Settings
    from ebgov_desktop.services.workspace import Workspace

    application()
    ws = Workspace.open(data_dir)
    ws.set_unit(Unit("19894", UnitKind.XA, "Quảng Thọ", "Thừa Thiên Huế", "46"))
    backup_now(ws.paths, Reason.MANUAL, now=dt.datetime.now() - dt.timedelta(days=1))  # no period yet
    ws.create_period(Period.parse("2019"))
    ws.set_value(Period.parse("2019"), "staff.civil_servants", 22)
    window = MainWindow(ws, Settings(ws.paths.settings_file))
    qtbot.addWidget(window)
    action = install_backup_action(window)
    action.trigger()
    dialog = window.findChild(BackupDialog, "backupDialog")
    qtbot.waitUntil(dialog.isVisible)
    dialog.confirm_restore = lambda plan: True
    model = dialog.table.model()
    row = next(i for i in range(model.rowCount()) if model.backup_at(i).reason is Reason.MANUAL)
    dialog.table.selectRow(row)
    click(qtbot, dialog, "restoreBackup")
    assert [p.code for p in ws.periods()] == ["2019"]
    assert "staff.civil_servants" not in ws.values(Period.parse("2019"))
    assert window.show_page("staff").editors["staff.civil_servants"].text() == ""
    assert "chưa có kỳ báo cáo nào" in window.status.text()
    dialog.close()
    ws.close()
