"""The register as an officer expects it (#25): rows numbered as shown, a bought-later item not counted
as in use, a new row with no condition chosen for the officer, 1 of 5 identical PCs disposed alone."""

from gui_keys import focus
from PySide6.QtCore import Qt

from ebgov_desktop.domain.register import RegisterItem


def test_rows_are_numbered_as_shown_after_a_disposal(qtbot, demo_window, monkeypatch):
    page = demo_window.show_page("equipment")
    ws = demo_window.ws
    monkeypatch.setattr(page, "ask_year", lambda item: 2019)
    monkeypatch.setattr(page, "ask_quantity", lambda item: item.quantity)
    focus(page.view)
    page.select_item(ws.register_items()[1].id)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    numbers = [page.proxy.headerData(r, Qt.Orientation.Vertical) for r in range(page.proxy.rowCount())]
    assert numbers == [str(n) for n in range(1, page.proxy.rowCount() + 1)]  # 1, 2, 3 … not 1, 3


def test_an_item_bought_after_the_year_is_not_in_use(qtbot, demo_window):
    page = demo_window.show_page("equipment")
    before = page.summary.text()
    demo_window.ws.add_item(RegisterItem("camera", "Camera cổng", 1, 2030, condition=""))
    demo_window.register_changed(reload=True)
    text = page.summary.text()
    assert text.split(" thiết bị")[0] == before.split(" thiết bị")[0]  # "Đang dùng: N" unchanged
    assert "Không tính 1 dòng ghi năm trang bị sau năm 2019" in text


def test_a_new_row_has_no_condition_chosen(qtbot, demo_window):
    page = demo_window.show_page("equipment")
    focus(page.view)
    qtbot.keyClick(page.view, Qt.Key.Key_Insert)
    assert page.current_item().condition == ""  # shown blank, not "Tốt"


def test_one_of_five_identical_pcs_is_disposed_alone(qtbot, demo_window, monkeypatch):
    page = demo_window.show_page("equipment")
    ws = demo_window.ws
    pcs = ws.add_item(RegisterItem("computer_desktop", "Máy tính Dell Vostro", 5, 2018, condition="tot"))
    demo_window.register_changed(reload=True)
    monkeypatch.setattr(page, "ask_year", lambda item: 2019)
    monkeypatch.setattr(page, "ask_quantity", lambda item: 1)
    focus(page.view)
    page.select_item(pcs)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    rows = [i for i in ws.register_items() if i.description == "Máy tính Dell Vostro"]
    assert [(i.quantity, i.year_disposed) for i in rows] == [(4, None), (1, 2019)]
    assert page.current_item().id == pcs  # the four kept stay selected
