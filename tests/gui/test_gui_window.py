"""The window as the officer meets it: first start, typing, autosave, undo, Vietnamese Qt texts."""

from gui_keys import focus, press, retype, type_text
from gui_windows import shown_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox, QPlainTextEdit

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.gui.main_window import MainWindow
from ebgov_desktop.gui.welcome import WelcomeDialog
from ebgov_desktop.services.settings import Settings
from ebgov_desktop.storage import StorageError


def make_unit(qtbot, paths, year=2019):
    dialog = WelcomeDialog(paths)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.year.setValue(year)  # first: the form asks for what units of that year have
    for key, text in (("unit.name", "Quảng Thọ"), ("unit.code", "19894"),
                      ("unit.district", "Quảng Điền"), ("unit.province", "Thừa Thiên Huế")):
        widget = dialog.findChild(QLineEdit, key)
        focus(widget)
        type_text(widget, text)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.problem.text()
    return shown_window(qtbot, dialog.workspace, paths.settings_file, dialog.period)


def test_welcome_creates_the_unit_and_opens_its_first_period(qtbot, paths):
    window = make_unit(qtbot, paths)
    assert window.windowTitle() == "UBND xã Quảng Thọ — Báo cáo năm 2019"
    unit = window.ws.unit
    assert (unit.code, unit.name, unit.district, unit.province, unit.province_code) == (
        "19894", "Quảng Thọ", "Quảng Điền", "Thừa Thiên Huế", "46")
    labels = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert labels[:6] == ["Đơn vị && văn bản", "Thiết bị", "Nhân lực & chính sách".replace("&", "&&"),
                          "Ứng dụng CNTT", "Thủ tục hành chính", "Đánh giá"]
    assert labels[6].startswith("Kiểm tra")
    assert window.period_box.itemText(window.period_box.count() - 1) == "Kỳ báo cáo mới…"
    window.close()


def test_welcome_refuses_a_bad_code_in_vietnamese(qtbot, paths):
    dialog = WelcomeDialog(paths)
    qtbot.addWidget(dialog)
    dialog.inputs["unit.name"].setText("Quảng Thọ")
    dialog.inputs["unit.code"].setText("19A")
    dialog.inputs["unit.province"].setText("Huế")
    dialog.create_unit()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "5 chữ số" in dialog.problem.text()


def test_welcome_opens_the_demo(qtbot, paths):
    dialog = WelcomeDialog(paths)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.workspace.values(Period.parse("2019"))["staff.civil_servants"] == 22
    dialog.workspace.close()


def test_counts_take_vietnamese_grouping_save_on_leave_and_stay_empty_when_empty(qtbot, paths):
    window = make_unit(qtbot, paths)
    window.show_page("tthc")
    edit = window.editors["onestop.dossiers_at_desk"] if "onestop.dossiers_at_desk" in window.editors \
        else None
    page = window.show_page("apps")
    edit = page.editors["onestop.dossiers_at_desk"]
    assert edit.text() == ""  # empty, not 0
    retype(edit, "3.338")
    assert window.ws.values(Period.parse("2019"))["onestop.dossiers_at_desk"] == 3338
    assert edit.text() == "3.338"
    retype(edit, "3338")
    assert edit.text() == "3.338"
    retype(edit, "")
    assert "onestop.dossiers_at_desk" not in window.ws.values(Period.parse("2019"))
    assert edit.text() == ""
    window.close()


def test_ctrl_z_undoes_the_last_saved_change(qtbot, demo_window):
    edit = demo_window.show_page("staff").editors["staff.civil_servants"]
    retype(edit, "25")
    assert demo_window.ws.values(Period.parse("2019"))["staff.civil_servants"] == 25
    focus(edit)
    press(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert demo_window.ws.values(Period.parse("2019"))["staff.civil_servants"] == 22
    assert edit.text() == "22"
    assert "Đã hoàn tác" in demo_window.status.text()


def test_ratio_pair_shows_the_percentage_live(qtbot, demo_window):
    page = demo_window.show_page("staff")
    result = page.findChild(type(demo_window.status), "indicator.it_qualified")
    assert result.text() == "→ 95,5%"
    edit = page.editors["staff.it_qualified"]
    focus(edit)
    press(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(edit, "11")
    assert result.text() == "→ 50%"  # before leaving the field


def test_a_typed_value_that_cannot_be_saved_stays_in_the_field(qtbot, demo_window, monkeypatch):
    messages = []
    monkeypatch.setattr(demo_window, "show_message", lambda title, text: messages.append(text))

    def disk_full(*args, **kwargs):
        raise StorageError("Ổ đĩa đã đầy, không ghi được dữ liệu. Hãy giải phóng dung lượng rồi nhập lại.")

    monkeypatch.setattr(demo_window.ws, "set_value", disk_full)
    edit = demo_window.show_page("staff").editors["staff.part_time"]
    retype(edit, "15")
    assert edit.text() == "15"
    assert "Ổ đĩa đã đầy" in messages[0] and "vẫn còn trong ô" in messages[0]
    check = demo_window.show_page("check")
    assert any("chưa lưu được" in e.message for e in check.entries() if hasattr(e, "key"))
    monkeypatch.undo()
    focus(edit)
    press(edit, Qt.Key.Key_Tab)
    assert demo_window.ws.values(Period.parse("2019"))["staff.part_time"] == 15


def test_lines_enter_adds_the_next_line(qtbot, demo_window):
    edit = demo_window.show_page("assessment").editors["text.recommendations"]
    assert isinstance(edit, QPlainTextEdit)
    focus(edit)
    type_text(edit, "Đề nghị cấp thêm máy tính\nĐề nghị tập huấn <chữ ký số> & CPNet")
    press(edit, Qt.Key.Key_Tab)
    assert demo_window.ws.values(Period.parse("2019"))["text.recommendations"] == [
        "Đề nghị cấp thêm máy tính", "Đề nghị tập huấn <chữ ký số> & CPNet"]


def test_ctrl_z_in_a_list_of_lines_undoes_the_last_saved_change(qtbot, demo_window):
    edit = demo_window.show_page("assessment").editors["text.recommendations"]
    before = demo_window.ws.values(Period.parse("2019")).get("text.recommendations")
    focus(edit)
    type_text(edit, "\nĐề nghị thêm máy quét")
    press(edit, Qt.Key.Key_Tab)
    assert demo_window.ws.values(Period.parse("2019"))["text.recommendations"] != before
    focus(edit)
    press(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert demo_window.ws.values(Period.parse("2019")).get("text.recommendations") == before
    assert edit.field_value() == before
    assert "Đã hoàn tác" in demo_window.status.text()


def test_window_remembers_its_page_and_size(qtbot, demo_ws, paths):
    settings = Settings(paths.settings_file)
    window = MainWindow(demo_ws, settings)
    qtbot.addWidget(window)
    window.resize(700, 500)
    window.show()
    window.show_page("tthc")
    window.close()
    again = MainWindow(demo_ws, Settings(paths.settings_file))
    qtbot.addWidget(again)
    assert again.current_page_key() == "tthc"
    assert (again.width(), again.height()) == (700, 500)


def test_new_period_carries_the_register_and_signer(qtbot, demo_window, monkeypatch):
    from ebgov_desktop.domain.periods import Period

    monkeypatch.setattr(demo_window, "ask_new_period", lambda: Period.parse("2020"))
    demo_window.period_box.activated.emit(demo_window.period_box.count() - 1)
    assert demo_window.period.code == "2020"
    assert demo_window.windowTitle() == "UBND xã Quảng Thọ — Báo cáo năm 2020"
    assert demo_window.editors["doc.signer_name"].text() == "Trần Kim"
    assert demo_window.editors["staff.civil_servants"].text() == ""
    assert demo_window.pages["equipment"].model.rowCount() == 11


def test_qt_own_texts_are_vietnamese(qtbot):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
    assert sorted(b.text() for b in box.buttons()) == sorted(["Đồng ý", "Hủy", "Lưu", "Đóng"])
    message = QMessageBox(QMessageBox.Icon.Question, "Hỏi", "Xóa?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert sorted(b.text().replace("&", "") for b in message.buttons()) == ["Có", "Không"]
    for widget in (QLineEdit(), QPlainTextEdit()):
        menu = widget.createStandardContextMenu()
        texts = [a.text().split("\t")[0].replace("&", "") for a in menu.actions() if a.text()]
        assert texts == ["Hoàn tác", "Làm lại", "Cắt", "Sao chép", "Dán", "Xóa", "Chọn tất cả"]


def test_every_input_is_named_by_its_field_key(qtbot, demo_window):
    from ebgov_desktop.domain.template import default_template

    FIELDS = default_template().fields

    assert set(demo_window.editors) == set(FIELDS)
    for key, editor in demo_window.editors.items():
        assert editor.objectName() == key
        assert demo_window.findChild(type(editor), key) is editor


def test_no_horizontal_scrolling_at_1366x768(qtbot, demo_window):
    demo_window.resize(1366, 768)
    for key, page in demo_window.pages.items():
        demo_window.show_page(key)
        QApplication.processEvents()
        if hasattr(page, "widget") and callable(page.widget) and page.widget() is not None:
            assert page.widget().width() <= page.viewport().width(), key
        if key == "equipment":
            header = page.view.horizontalHeader()
            assert header.length() <= page.view.viewport().width() + 1


def test_computed_indicators_are_shown_on_their_page(qtbot, demo_window):
    page = demo_window.show_page("tthc")
    text = page.computed_label.text()
    assert "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn: 388/388 (100%)" in text
    assert "Tỷ lệ hồ sơ tiếp nhận trực tuyến: chưa đủ số liệu" in text


def test_later_starts_open_the_last_workspace_and_period(qtbot, demo_ws, paths):
    from ebgov_desktop.gui.app import open_window

    demo_ws.create_period(Period.parse("2020"))
    Settings(paths.settings_file).set("window.period", "2019")
    window = open_window(paths)
    qtbot.addWidget(window)
    assert window.period.code == "2019"
    assert window.page("staff").editors["staff.civil_servants"].text() == "22"
    window.close()
    window.ws.close()


def test_file_dialog_buttons_and_labels_are_vietnamese(qtbot):
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("QFileDialog", "&Open") == "&Mở"
    assert QCoreApplication.translate("QFileDialog", "File &name:") == "&Tên tệp:"
    assert QCoreApplication.translate("QFileDialog", "Files of &type:") == "&Kiểu tệp:"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Hủy"


def test_undo_from_the_menu_keeps_unsaved_typing(qtbot, demo_window):
    page = demo_window.show_page("staff")
    retype(page.editors["staff.part_time"], "15")
    edit = page.editors["staff.civil_servants"]
    focus(edit)
    press(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(edit, "23")
    demo_window.undo_action.trigger()
    assert demo_window.ws.values(Period.parse("2019"))["staff.part_time"] == 14
    assert page.editors["staff.part_time"].text() == "14"
    assert edit.text() == "23"  # still there, saved when the officer leaves the field
    press(edit, Qt.Key.Key_Tab)
    assert demo_window.ws.values(Period.parse("2019"))["staff.civil_servants"] == 23


def test_ctrl_z_undoes_a_change_of_the_unit_name(qtbot, demo_window):
    edit = demo_window.show_page("unit_doc").editors["unit.name"]
    retype(edit, "Quảng Thọ Mới")
    assert demo_window.ws.unit.name == "Quảng Thọ Mới"
    focus(edit)
    press(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert demo_window.ws.unit.name == "Quảng Thọ"
    assert edit.text() == "Quảng Thọ"
    assert "thông tin đơn vị" in demo_window.status.text()


def test_the_pages_menu_follows_the_template_of_the_period_shown(qtbot, demo_window):
    """Trang (Alt+N) lists the pages of the template shown: switching to a period on the 2025 template
    gives its pages (Alt+1 its first page), and switching back gives the 2019 ones again."""
    from PySide6.QtGui import QAction, QKeySequence

    from ebgov_desktop.domain.periods import Period
    from ebgov_desktop.services.templates_exchange import find_template

    window = demo_window
    ws = window.ws

    def menu_pages():
        return [a.objectName().removeprefix("action.go.") for a in window.menus["pages"].actions()]

    def window_go_actions():
        return sorted(a.objectName() for a in window.findChildren(QAction)
                      if a.objectName().startswith("action.go.") and window.actions().count(a))

    old_pages = [p.key for p in window.template.pages]
    assert menu_pages() == old_pages and "society" not in old_pages
    ws.create_period(Period.parse("2025"), find_template(ws, "cds-xa-2025"))
    window.set_period(Period.parse("2025"))
    new_pages = [p.key for p in ws.template(Period.parse("2025")).pages]
    assert window.template.id == "cds-xa-2025" and new_pages != old_pages
    assert menu_pages() == new_pages
    assert window_go_actions() == sorted(f"action.go.{k}" for k in new_pages)  # the old shortcuts went
    actions = window.menus["pages"].actions()
    assert actions[0].shortcuts() == [QKeySequence("Alt+1")]
    assert len(actions) == 10 and actions[8].shortcuts() == [QKeySequence("Alt+9")]
    assert actions[9].shortcuts() == []  # the tenth page (Kiểm tra, also F9) has no Alt+10
    assert [a.text() for a in actions] == [p.label.replace("&", "&&") for p in window.template.pages]
    society = actions[new_pages.index("society")]
    society.trigger()
    assert window.current_page_key() == "society"
    window.period_box.activated.emit(window.period_box.findData("2019"))
    assert window.template.id != "cds-xa-2025" and menu_pages() == old_pages
