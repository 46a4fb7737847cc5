"""Text in old encodings (TCVN3 .VnTime, VNI-Times): the import preview's choice per column, and the
hint + F8 when such text is pasted into a field. Driven in the real window."""

import pytest
from cds2025_data import COMMUNES, PERIOD
from gui_keys import focus, press, type_text
from gui_windows import shown_window
from legacy_files import as_cell, legacy_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLabel

from ebgov_desktop.domain import legacy_text as lt
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.gui import register_io as gui_rio
from ebgov_desktop.services.templates_exchange import find_template
from ebgov_desktop.services.workspace import Workspace


@pytest.fixture
def window_2025(qtbot, tmp_path, paths):
    """A commune on the 2025 template, its window shown with every page built."""
    code, name = COMMUNES[0]
    ws = Workspace.open(tmp_path / "xa")
    ws.set_unit(Unit(code=code, kind=UnitKind.XA, name=name, province="Huế", province_code="46"))
    ws.create_period(PERIOD, find_template(ws, "cds-xa-2025"))
    window = shown_window(qtbot, ws, paths.settings_file, PERIOD)
    window.build_all_pages()
    yield window
    window.close()
    ws.close()


def _open(qtbot, window, path):
    dialog = gui_rio.open_import(window, path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    return dialog


def test_preview_shows_the_columns_found_and_the_officer_switches_one_off(qtbot, demo_window, tmp_path):
    window = demo_window
    before = len(window.ws.register_items())
    headers = ["Tên thiết bị", "Loại", "Năm mua", "Vị trí"]
    rows = [["Máy tính Đông Nam Á", "Máy tính để bàn", 2020, "Bộ phận Một cửa"],
            ["Máy in phòng Văn hóa", "Máy in", 2021, "Phòng Văn hóa – Xã hội"]]
    path = legacy_workbook(tmp_path / "so-cu.xlsx", headers, rows, [lt.TCVN3, lt.TCVN3, None, lt.VNI])
    dialog = _open(qtbot, window, path)
    box = dialog.findChild(type(dialog.encodings), "import.encodings")
    assert box.isVisible()
    name = dialog.findChild(QComboBox, "import.encoding.0")
    place = dialog.findChild(QComboBox, "import.encoding.3")
    assert name.currentData() == lt.TCVN3 and place.currentData() == lt.VNI
    assert dialog.findChild(QComboBox, "import.encoding.2") is None  # numbers: nothing to repair
    samples = dialog.findChild(QLabel, "import.encoding_samples.0").text()
    assert f"“{as_cell('Máy tính Đông Nam Á', lt.TCVN3)}” → “Máy tính Đông Nam Á”" in samples
    assert samples.startswith("tìm thấy mã TCVN3: “")
    assert dialog.findChild(QComboBox, "import.map.kind").currentText() == "B: Loại"  # heading read too
    model = dialog.view.model()
    assert model.index(0, 3).data() == "Máy tính Đông Nam Á"
    assert dialog.summary.text().endswith("chữ phông cũ đã chuyển sang Unicode: cột A, B (TCVN3), cột D (VNI).")

    # the officer keeps the place as written (switched off), then adds
    place.setCurrentIndex(place.findData(""))
    assert dialog.preview.repairs[-1].encoding is None
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    items = window.ws.register_items()[before:]
    assert [i.description for i in items] == ["Máy tính Đông Nam Á", "Máy in phòng Văn hóa"]
    assert items[0].location == as_cell("Bộ phận Một cửa", lt.VNI)  # as written, by choice
    window.undo_action.trigger()  # one undo step, as any import
    assert len(window.ws.register_items()) == before


def test_pasted_tcvn3_gets_a_hint_and_f8_converts_it(qtbot, window_2025):
    window = window_2025
    edit = window.editors["doc.place"]
    focus(edit)
    press(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(edit, "Xã ")
    QApplication.clipboard().setText(as_cell("Quảng Điền", lt.TCVN3))
    press(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == "Xã " + as_cell("Quảng Điền", lt.TCVN3)
    status = window.status.text()
    assert "mã TCVN3" in status and "Nhấn F8" in status and "“Quảng Điền”" in status
    press(edit, Qt.Key.Key_F8)
    assert edit.text() == "Xã Quảng Điền"  # only the pasted part converted
    assert window.status.text().startswith("Đã chuyển đoạn vừa dán sang Unicode")
    press(edit, Qt.Key.Key_Tab)
    assert window.ws.values(PERIOD)["doc.place"] == "Xã Quảng Điền"


def test_pasted_vni_into_lines_and_unicode_paste_says_nothing(qtbot, window_2025):
    window = window_2025
    edit = window.editors["doc.basis"]
    focus(edit)
    window.status.setText("")
    QApplication.clipboard().setText("Căn cứ Kế hoạch số 54/KH-UBND")  # Unicode: no hint, F8 does nothing
    press(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.status.text() == ""
    press(edit, Qt.Key.Key_F8)
    assert edit.toPlainText().endswith("Căn cứ Kế hoạch số 54/KH-UBND")
    QApplication.clipboard().setText(as_cell("\nCăn cứ Nghị định số 42/2022/NĐ-CP", lt.VNI))
    press(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "mã VNI" in window.status.text()
    press(edit, Qt.Key.Key_F8)
    press(edit, Qt.Key.Key_Tab)
    assert window.ws.values(PERIOD)["doc.basis"][-2:] == [
        "Căn cứ Kế hoạch số 54/KH-UBND", "Căn cứ Nghị định số 42/2022/NĐ-CP"]


def test_paste_from_the_right_click_menu_gets_the_hint_too(qtbot, window_2025):
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtGui import QContextMenuEvent

    edit = window_2025.editors["doc.place"]
    focus(edit)
    press(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QApplication.clipboard().setText(as_cell("Trần Thị Hồng", lt.TCVN3))
    clicked = []

    def click_paste():
        menu = QApplication.activePopupWidget()
        paste = next(a for a in menu.actions() if a.objectName() == "edit-paste")
        clicked.append(paste.text())
        paste.trigger()
        menu.close()

    QTimer.singleShot(0, click_paste)
    QApplication.sendEvent(edit, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5),
                                                   edit.mapToGlobal(QPoint(5, 5))))
    assert clicked and edit.text() == as_cell("Trần Thị Hồng", lt.TCVN3)
    assert "mã TCVN3" in window_2025.status.text()
    press(edit, Qt.Key.Key_F8)
    assert edit.text() == "Trần Thị Hồng"


def test_the_province_s_report_page_says_it_too(qtbot, data_dir, paths):
    from superior_data import DISTRICT

    from ebgov_desktop.gui.superior.window import SuperiorWindow
    from ebgov_desktop.services.settings import Settings

    ws = Workspace.open(data_dir)
    ws.set_unit(DISTRICT)
    window = SuperiorWindow(ws, Settings(paths.settings_file))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("report")
    edit = window.report_page.editors["text.recommendations"]
    focus(edit)
    QApplication.clipboard().setText(as_cell("Đề nghị cấp thêm chữ ký số", lt.VNI))
    press(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "mã VNI" in window.status.text()
    press(edit, Qt.Key.Key_F8)
    assert edit.toPlainText() == "Đề nghị cấp thêm chữ ký số"
    window.close()
    ws.close()
