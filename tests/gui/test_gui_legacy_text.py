"""Text in old encodings (TCVN3 .VnTime, VNI-Times): the import preview's choice per column, and the
hint + F8 when such text is pasted into a field. Driven in the real window."""

from gui_keys import focus, press, type_text
from legacy_files import as_cell, legacy_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLabel

from ebgov_desktop.domain import legacy_text as lt
from ebgov_desktop.gui import register_io as gui_rio


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
    assert "tìm thấy: TCVN3" in samples
    assert dialog.findChild(QComboBox, "import.map.kind").currentText() == "B: Loại"  # heading read too
    model = dialog.view.model()
    assert model.index(0, 3).data() == "Máy tính Đông Nam Á"
    assert "sang Unicode" in dialog.summary.text()

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


def test_pasted_tcvn3_gets_a_hint_and_f8_converts_it(qtbot, demo_window):
    edit = demo_window.show_page("unit_doc").editors["doc.signer_name"]
    focus(edit)
    press(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(edit, "Ông ")
    QApplication.clipboard().setText(as_cell("Nguyễn Văn Hưởng", lt.TCVN3))
    press(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == "Ông " + as_cell("Nguyễn Văn Hưởng", lt.TCVN3)
    status = demo_window.status.text()
    assert "mã TCVN3" in status and "Nhấn F8" in status and "“Nguyễn Văn Hưởng”" in status
    press(edit, Qt.Key.Key_F8)
    assert edit.text() == "Ông Nguyễn Văn Hưởng"  # only the pasted part converted
    assert demo_window.status.text().startswith("Đã chuyển đoạn vừa dán sang Unicode")
    press(edit, Qt.Key.Key_Tab)
    assert demo_window.ws.values("2019")["doc.signer_name"] == "Ông Nguyễn Văn Hưởng"


def test_pasted_vni_into_lines_and_unicode_paste_says_nothing(qtbot, demo_window):
    edit = demo_window.show_page("assessment").editors["text.recommendations"]
    focus(edit)
    demo_window.status.setText("")
    QApplication.clipboard().setText("Đề nghị cấp thêm máy tính")  # Unicode: no hint, F8 does nothing
    press(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert demo_window.status.text() == ""
    press(edit, Qt.Key.Key_F8)
    assert edit.toPlainText().endswith("Đề nghị cấp thêm máy tính")
    QApplication.clipboard().setText(as_cell("Tập huấn chữ ký số", lt.VNI))
    press(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "mã VNI" in demo_window.status.text()
    press(edit, Qt.Key.Key_F8)
    assert edit.toPlainText().endswith("Đề nghị cấp thêm máy tínhTập huấn chữ ký số")
