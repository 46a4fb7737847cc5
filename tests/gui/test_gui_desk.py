"""The officer's desk (#25): the help window closes as Windows windows do, the window's title says the
program's name once, and a display that does not answer is said in Vietnamese before Qt could abort in
English."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

import ebgov_desktop.gui.app as gui_app


@pytest.mark.parametrize("key,modifier", [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                                          (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)],
                         ids=["Esc", "Ctrl+W"])
def test_esc_and_ctrl_w_close_the_help_window(qtbot, demo_window, key, modifier):
    qtbot.keyClick(demo_window, Qt.Key.Key_F1)
    help_window = demo_window.help_window
    assert help_window.isVisible()
    qtbot.keyClick(help_window.search, key, modifier)
    assert not help_window.isVisible()


def test_the_title_names_the_program_once(demo_window):
    # Qt adds the program's display name (" — ebgov") on Windows and Linux: the title must not
    assert demo_window.windowTitle() == "UBND xã Quảng Thọ — Báo cáo năm 2019"
    assert "ebgov" not in demo_window.windowTitle()


def test_a_display_that_does_not_answer_is_said_in_vietnamese(monkeypatch):
    monkeypatch.setattr(gui_app, "_XCB_LIBS", ())  # as on a desktop with Qt's libraries installed
    monkeypatch.setattr(gui_app, "_x_display_answers", lambda display: False)
    line = gui_app.display_problem({"DISPLAY": ":987", "QT_QPA_PLATFORM": "xcb"}, "linux")
    assert line.startswith("Không mở được cửa sổ: không kết nối được tới màn hình :987")


def test_the_x_display_probe_says_no_for_a_display_nobody_runs():
    import ctypes

    try:
        ctypes.CDLL("libxcb.so.1")
    except OSError:
        pytest.skip("libxcb is not installed here")
    assert gui_app._x_display_answers(":987") is False


def test_ctrl_z_undoes_the_page_shown_and_ctrl_y_redoes_it(qtbot, demo_window):
    from gui_keys import retype
    from PySide6.QtGui import QAction

    key = "staff.part_time"
    page = next(s.page for s in demo_window.template.sections
                if s.key == demo_window.template.fields[key].section)
    demo_window.go_to_page(page)
    before = demo_window.ws.values(demo_window.period)[key]
    retype(demo_window.editors[key], str(before + 3))
    assert demo_window.ws.values(demo_window.period)[key] == before + 3

    # a row added on the register page afterwards
    demo_window.go_to_page("equipment")
    rows = len(demo_window.ws.register_items())
    qtbot.keyClick(demo_window.page("equipment").view, Qt.Key.Key_Insert)
    assert len(demo_window.ws.register_items()) == rows + 1

    # back on the staff page, the Sửa menu names the figure, and Ctrl+Z takes back the figure only
    demo_window.go_to_page(page)
    demo_window._name_undo_actions()
    undo_action = demo_window.findChild(QAction, "action.undo")
    assert undo_action.text().replace("&", "") == f"Hoàn tác: {demo_window.template.label(key)}"
    undo_action.trigger()
    assert demo_window.ws.values(demo_window.period)[key] == before
    assert demo_window.editors[key].text() == str(before)
    assert len(demo_window.ws.register_items()) == rows + 1
    demo_window.findChild(QAction, "action.redo").trigger()
    assert demo_window.ws.values(demo_window.period)[key] == before + 3
    assert "Đã làm lại" in demo_window.status.text()
    assert QKeySequence("Ctrl+Y") in demo_window.findChild(QAction, "action.redo").shortcuts()


def test_welcome_for_2026_offers_only_the_units_and_template_of_that_date(qtbot, paths):
    from ebgov_desktop.gui.welcome import WelcomeDialog

    dialog = WelcomeDialog(paths)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.year.setValue(2026)
    kinds = [dialog.inputs["unit.kind"].itemText(i) for i in range(dialog.inputs["unit.kind"].count())]
    assert "Xã" in kinds and "Phường" in kinds and "Đặc khu" in kinds
    assert not any(k.startswith(("Huyện", "Thị trấn", "Thị xã")) for k in kinds)
    assert not dialog.inputs["unit.district"].isVisible()  # no district above a commune any more
    assert dialog.template_box.currentData()[0] == "cds-xa-2025" and not dialog.template_note.isVisible()
    box = dialog.template_box
    box.setCurrentIndex(next(i for i in range(box.count()) if box.itemData(i)[0] == "bc-ungdung-cntt"))
    assert dialog.template_note.isVisible()
    assert "đã được thay bằng mẫu" in dialog.template_note.text() and "01/07/2025" in dialog.template_note.text()

    dialog.year.setValue(2024)  # before the reform: the district level and its kinds are back
    kinds = [dialog.inputs["unit.kind"].itemText(i) for i in range(dialog.inputs["unit.kind"].count())]
    assert "Thị trấn" in kinds and any(k.startswith("Huyện") for k in kinds)
    assert dialog.inputs["unit.district"].isVisible()


def test_menu_keys_win_over_the_line_edits_own_in_a_field(qtbot, demo_window):
    """On Linux Qt's line edit keeps Ctrl+U (erase to the start) and Ctrl+E (to the end) for itself:
    in a field they must do what the menus say (Xuất dữ liệu ra USB, Xuất báo cáo PDF)."""
    from gui_keys import focus
    from PySide6.QtGui import QAction

    fired = []
    for name in ("export_usb", "export_pdf"):
        action = demo_window.findChild(QAction, f"action.{name}")
        action.triggered.disconnect()
        action.triggered.connect(lambda _c=False, n=name: fired.append(n))
    editor = demo_window.show_page("staff").editors["staff.it_officer"]
    focus(editor)
    text = editor.text()
    qtbot.keyClick(editor, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert fired == ["export_usb", "export_pdf"]
    assert editor.text() == text
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # the field keeps its own
    assert editor.selectedText() == text

    # the override itself (the offscreen platform binds no emacs keys, xcb does): a menu key is handed
    # to the window before the line edit sees it, an editing key is not
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    for key, handed in ((Qt.Key.Key_U, True), (Qt.Key.Key_E, True), (Qt.Key.Key_C, False),
                        (Qt.Key.Key_V, False), (Qt.Key.Key_K, False)):
        override = QKeyEvent(QEvent.Type.ShortcutOverride, key, Qt.KeyboardModifier.ControlModifier)
        assert editor._window_key(override) is handed, key


def test_a_shared_denominator_not_entered_says_so(qtbot, demo_window):
    """``22 / (chưa nhập) → (chưa đủ số liệu)``, not a gap between "/" and "→"."""
    from ebgov_desktop.gui.fields import _RatioRow

    rows = [r for page_key in demo_window.page_keys if page_key not in ("equipment", "check")
            for r in demo_window.page(page_key).findChildren(_RatioRow) if r.mirror is not None]
    assert rows
    row = rows[0]
    values = row._values
    row._values = lambda: {k: v for k, v in values().items() if k != row.indicator.denominator}
    row.update_result()
    assert row.mirror.text() == ("(chưa nhập)" if row.indicator.denominator in row.template.fields
                                 else "(chưa đủ)")
    assert row.result.text() == "→ (chưa đủ số liệu)"
    row._values = values
    row.update_result()
    assert row.mirror.text() not in ("", "(chưa nhập)", "(chưa đủ)")
