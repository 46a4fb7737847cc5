"""Tệp > Nhập sổ thiết bị từ Excel… / Xuất sổ thiết bị ra Excel…, driven in the real window."""

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog
from register_files import HEADINGS_ASCII, commune_workbook

from ebgov_desktop.gui import register_io as gui_rio
from ebgov_desktop.services import register_io as rio


def _open(qtbot, window, path):
    dialog = gui_rio.open_import(window, path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    return dialog


def test_mapping_the_officer_corrects_then_rows_added_and_undone(qtbot, demo_window, tmp_path):
    window = demo_window
    before = len(window.ws.register_items())
    path = commune_workbook(tmp_path / "so.xlsx", HEADINGS_ASCII)
    assert window.findChild(type(window.new_period_action), "action.register_import") is not None
    dialog = _open(qtbot, window, path)
    assert dialog.findChild(type(dialog.header_box), "import.header_row").value() == 3
    kind = dialog.findChild(QComboBox, "import.map.kind")
    assert kind.currentText() == "C: LOAI"
    model = dialog.findChild(type(dialog.view), "import.preview").model()
    assert model.rowCount() == 7
    assert model.index(3, 1).data() == "Lỗi, không thêm"
    assert "Cột C (LOAI): không nhận ra loại thiết bị" in model.index(3, 8).data()
    assert dialog.summary.text().startswith("Sẽ thêm 3 dòng thiết bị vào sổ; 4 dòng có lỗi")
    dialog.view.setCurrentIndex(model.index(4, 0))  # the keyboard reads a row's problems in full
    assert dialog.detail.text() == ("Dòng 9, cột D (So luong (chiec)): số lượng “hai” không phải số nguyên "
                                    "dương.")

    # the officer says the condition column is not there: the "không rõ" row is no longer wrong
    condition = dialog.findChild(QComboBox, "import.map.condition")
    condition.setCurrentIndex(condition.findData(-1))
    assert dialog.preview.mapping.get("condition") is None
    assert dialog.summary.text().startswith("Sẽ thêm 4 dòng thiết bị vào sổ; 3 dòng có lỗi")
    add = dialog.add_button
    assert add.text() == "Thêm 4 dòng vào sổ" and add.isEnabled()
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    page = window.pages["equipment"]
    assert window.tabs.currentWidget().layout().itemAt(0).widget() is page
    assert page.model.rowCount() == before + 4
    assert "Đã thêm 4 dòng vào sổ thiết bị" in window.status.text()

    window.undo_action.trigger()  # Ctrl+Z: the whole import, in one step
    assert page.model.rowCount() == before
    assert window.status.text() == "Đã hoàn tác việc nhập 4 thiết bị từ tệp."


def test_header_row_chosen_by_hand(qtbot, demo_window, tmp_path):
    path = tmp_path / "so.csv"
    path.write_text("Danh sách\nThiết bị;Số máy\nMáy in HP;2\n", encoding="utf-8")
    dialog = _open(qtbot, demo_window, path)
    assert dialog.preview.problems  # "Số máy" and "Thiết bị" alone are not enough to be sure
    dialog.header_box.setValue(2)
    dialog.findChild(QComboBox, "import.map.quantity").setCurrentIndex(2)  # "B: Số máy"
    assert dialog.preview.mapping == {"description": 0, "quantity": 1}
    assert [(i.kind, i.quantity) for i in dialog.preview.new_items] == [("printer", 2)]


def test_export_writes_the_window_columns(qtbot, demo_window, tmp_path):
    out = gui_rio.export_to(demo_window, tmp_path / "so.xlsx")
    sheet = load_workbook(out).active
    headers, body = rio.register_sheet(demo_window.ws.register_items(), demo_window.template)
    assert [c.value for c in sheet[1]] == headers
    assert sheet.max_row == len(body) + 1
    assert str(out) in demo_window.status.text()
