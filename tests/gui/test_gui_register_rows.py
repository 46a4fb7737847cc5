"""Register rows marked by identity, Alt+2 then Insert, the selection after disposal, shortcut tooltips."""

from gui_keys import focus
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton

from ebgov_desktop.domain.register import RegisterItem


def _mark(page, item_id):
    row = page.model.row_of(item_id)
    return page.model.data(page.model.index(row, 0), Qt.ItemDataRole.ToolTipRole)


def test_an_item_dated_after_the_report_year_marks_itself_not_another_row(qtbot, demo_window):
    ws = demo_window.ws
    items = ws.register_items()
    future = ws.add_item(RegisterItem(kind="printer", description="Máy in mua năm 2021", quantity=1,
                                      year_acquired=2021, condition="tot"), after_id=items[0].id)
    demo_window.register_changed(reload=True)
    page = demo_window.pages["equipment"]
    assert "năm trang bị 2021 sau năm báo cáo 2019" in (_mark(page, future) or "")
    for innocent in items:  # every row that was right stays unmarked
        assert _mark(page, innocent.id) in (None, innocent.description), innocent.description
    finding = next(f for f in demo_window.findings() if f.row is not None)
    demo_window.jump_to(finding)
    assert page.current_item().id == future


def test_alt_2_puts_the_keyboard_in_the_table_and_insert_adds_a_row(qtbot, demo_window):
    demo_window.go_to_page("unit_doc")
    action = next(a for a in demo_window.actions() if a.objectName() == "action.go.equipment")
    assert action.shortcut().toString() == "Alt+2"
    action.trigger()
    page = demo_window.pages["equipment"]
    assert QApplication.focusWidget() is page.view
    before = page.proxy.rowCount()
    qtbot.keyClick(page.view, Qt.Key.Key_Insert)
    assert page.proxy.rowCount() == before + 1


def test_a_row_stays_selected_after_disposal_and_after_deletion(qtbot, demo_window, monkeypatch):
    page = demo_window.show_page("equipment")
    ws = demo_window.ws
    monkeypatch.setattr(page, "ask_year", lambda item: 2019)
    monkeypatch.setattr(page, "ask_quantity", lambda item: item.quantity)  # the whole row
    focus(page.view)
    third = ws.register_items()[2]
    page.select_item(ws.register_items()[1].id)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert page.current_item() is not None and page.current_item().id == third.id
    assert page.view.selectionModel().isRowSelected(page.view.currentIndex().row())
    monkeypatch.setattr(page, "confirm", lambda title, text: True)
    fourth = ws.register_items()[3]
    qtbot.keyClick(page.view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    assert page.current_item().id == fourth.id


def test_the_buttons_tell_their_shortcuts(qtbot, demo_window):
    page = demo_window.show_page("equipment")
    tips = sorted(b.toolTip() for b in page.findChildren(QToolButton) if b.defaultAction())
    assert any(t.endswith("(Ins)") for t in tips), tips
    assert any(t.startswith("Nhân bản dòng") and t.endswith("(Ctrl+D)") for t in tips), tips
    assert any(t.startswith("Thanh lý") and t.endswith("(Del)") for t in tips), tips
    assert any(t.startswith("Xóa hẳn dòng") and t.endswith("(Shift+Del)") for t in tips), tips


def test_a_row_whose_condition_was_not_given_shows_blank_not_tot(qtbot, demo_window):
    from ebgov_desktop.gui.register import COLUMNS

    ws = demo_window.ws
    first = ws.register_items()[0]
    ws.update_item(first.id, condition="")
    demo_window.register_changed(reload=True)
    page = demo_window.show_page("equipment")
    row = page.model.row_of(first.id)
    assert page.model.data(page.model.index(row, COLUMNS.index("condition"))) == ""
    assert f"chưa ghi tình trạng {first.quantity}" in page.summary.text()
