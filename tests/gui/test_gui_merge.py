"""Tệp > "Gộp dữ liệu đơn vị cũ…": preview, nothing changed until confirmed, one undo."""

import pytest
from gui_windows import shown_window
from PySide6.QtCore import Qt

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.gui.main_window import MainWindow
from ebgov_desktop.gui.merge_dialog import preview_dialog
from ebgov_desktop.services.settings import Settings
from ebgov_desktop.services.workspace import Workspace


@pytest.fixture
def new_window(qtbot, tmp_path):
    ws = Workspace.open(tmp_path / "moi")
    ws.set_unit(Unit("19867", UnitKind.XA, "Quảng Điền", "Huế", "46"))
    ws.create_period(Period.parse("2025"))
    window = shown_window(qtbot, ws, ws.paths.settings_file)
    yield window
    ws.close()


def test_the_menu_has_the_merge(new_window):
    action = next(a for a in new_window.actions() if a.objectName() == "action.merge_former")
    assert action.text() == "&Gộp dữ liệu đơn vị cũ…"


def test_preview_then_merge_then_undo(qtbot, new_window, former_package):
    dialog = preview_dialog(new_window, former_package)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == 11 and new_window.ws.register_items() == []
    assert "11 dòng thiết bị (45 thiết bị) sẽ được thêm vào sổ" in dialog.summary.text()
    assert not dialog.confirm.isVisible()  # Quảng Thọ is one of the communes that formed Quảng Điền
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    page = new_window.show_page("equipment")
    assert page.proxy.rowCount() == 11
    assert all("Từ xã Quảng Thọ (mã 19894)" in i.notes for i in new_window.ws.register_items())
    new_window.undo()
    assert new_window.ws.register_items() == [] and page.proxy.rowCount() == 0


def test_cancel_changes_nothing(qtbot, new_window, former_package):
    dialog = preview_dialog(new_window, former_package)
    qtbot.addWidget(dialog)
    dialog.reject()
    assert new_window.ws.register_items() == []


def test_an_unlisted_commune_needs_the_box_ticked(qtbot, tmp_path, former_package):
    ws = Workspace.open(tmp_path / "khac")
    ws.set_unit(Unit("19900", UnitKind.PHUONG, "Thuận An", "Huế", "46"))
    ws.create_period(Period.parse("2025"))
    window = MainWindow(ws, Settings(ws.paths.settings_file))
    qtbot.addWidget(window)
    dialog = preview_dialog(window, former_package)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.confirm.isVisible()
    dialog.run_button.click()
    assert "không sáp nhập vào phường Thuận An" in dialog.problem.text() and ws.register_items() == []
    dialog.confirm.setChecked(True)
    dialog.run_button.click()
    assert len(ws.register_items()) == 11
    ws.close()
