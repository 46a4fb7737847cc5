"""The register: model (qtmodeltester), filter, sort, dispose, delete, undo, summary."""

from gui_keys import focus
from PySide6.QtCore import Qt

from ebgov_desktop.domain.register import RegisterItem
from ebgov_desktop.domain.template import builtin_dir, load_template
from ebgov_desktop.gui.register import COLUMNS, RegisterFilter, RegisterModel
from ebgov_desktop.services.workspace import WorkspaceError

T2025 = load_template(builtin_dir() / "cds-xa-2025.toml")

ITEMS = [
    RegisterItem(kind="computer_desktop", description="Máy tính để bàn", quantity=4, year_acquired=2018,
                 condition="tot", id=1),
    RegisterItem(kind="printer", description="Máy in Canon", quantity=2, year_acquired=2015,
                 condition="hong", location="Văn phòng", id=2),
    RegisterItem(kind="computer_laptop", description="Laptop Dell", quantity=1, year_acquired=None,
                 condition="xuong_cap", id=3),
    RegisterItem(kind="printer", description="Máy in HP", quantity=1, year_acquired=2010,
                 condition="tot", year_disposed=2018, id=4),
]


def test_model_passes_qtmodeltester(qtmodeltester):
    model = RegisterModel(T2025)
    model.set_items(ITEMS)
    qtmodeltester.check(model, force_py=True)
    proxy = RegisterFilter()
    proxy.setSourceModel(model)
    proxy.set_show_disposed(True)
    qtmodeltester.check(proxy, force_py=True)


def test_model_shows_labels_and_blank_for_empty():
    model = RegisterModel(T2025)
    model.set_items(ITEMS)
    assert model.data(model.index(1, COLUMNS.index("kind"))) == "Máy in"
    assert model.data(model.index(1, COLUMNS.index("condition"))) == "Hỏng, cần thay thế/thanh lý"
    assert model.data(model.index(2, COLUMNS.index("year_acquired"))) == ""
    assert model.data(model.index(0, COLUMNS.index("year_acquired"))) == "2018"  # a year, not 2.018
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Loại thiết bị"


def test_model_edit_goes_through_commit_and_reports_errors():
    calls = []

    def commit(item_id, changes):
        calls.append((item_id, changes))
        if changes.get("quantity") == 0:
            raise WorkspaceError("Thiết bị: số lượng phải từ 1 trở lên.")  # as Workspace.update_item
        return next(i for i in ITEMS if i.id == item_id).with_changes(**changes)

    model = RegisterModel(T2025, commit)
    model.set_items(ITEMS)
    errors = []
    model.error.connect(errors.append)
    assert model.setData(model.index(0, COLUMNS.index("quantity")), "6")
    assert calls == [(1, {"quantity": 6})]
    assert model.item(0).quantity == 6
    assert not model.setData(model.index(0, COLUMNS.index("quantity")), "0")
    assert errors == ["Thiết bị: số lượng phải từ 1 trở lên."]
    assert not model.setData(model.index(0, COLUMNS.index("year_acquired")), "năm ngoái")
    assert "không phải là số nguyên" in errors[-1]
    assert model.item(0).quantity == 6


def test_filter_hides_disposed_and_filters_by_kind_condition_text():
    model = RegisterModel(T2025)
    model.set_items(ITEMS)
    proxy = RegisterFilter()
    proxy.setSourceModel(model)
    assert proxy.rowCount() == 3  # the disposed printer is hidden
    proxy.set_show_disposed(True)
    assert proxy.rowCount() == 4
    proxy.set_kind("printer")
    assert proxy.rowCount() == 2
    proxy.set_condition("hong")
    assert proxy.rowCount() == 1
    proxy.set_kind("")
    proxy.set_condition("")
    proxy.set_text("văn PHÒNG")
    assert [proxy.data(proxy.index(r, 1)) for r in range(proxy.rowCount())] == ["Máy in Canon"]
    proxy.set_text("laptop")
    assert proxy.rowCount() == 1


def test_sort_by_year_puts_empty_first_and_by_label_alphabetically():
    model = RegisterModel(T2025)
    model.set_items(ITEMS)
    proxy = RegisterFilter()
    proxy.setSourceModel(model)
    proxy.sort(COLUMNS.index("year_acquired"), Qt.SortOrder.AscendingOrder)
    assert [proxy.data(proxy.index(r, COLUMNS.index("year_acquired"))) for r in range(3)] == \
        ["", "2015", "2018"]
    proxy.sort(COLUMNS.index("quantity"), Qt.SortOrder.DescendingOrder)
    assert [proxy.data(proxy.index(r, COLUMNS.index("quantity"))) for r in range(3)] == ["4", "2", "1"]


def test_page_insert_duplicate_dispose_delete_and_undo(qtbot, demo_window, monkeypatch):
    page = demo_window.show_page("equipment")
    view = page.view
    ws = demo_window.ws
    assert page.proxy.rowCount() == 11
    assert "Đang dùng: 45 thiết bị" in page.summary.text()
    assert "Tốt 18" in page.summary.text() and "Xuống cấp, cần nâng cấp 27" in page.summary.text()

    focus(view)
    page.select_item(ws.register_items()[7].id)  # the cameras
    qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert page.proxy.rowCount() == 12
    assert [i.description for i in ws.register_items()][7:9] == ["Camera quan sát"] * 2

    qtbot.keyClick(view, Qt.Key.Key_Insert)
    assert page.proxy.rowCount() == 13
    assert page.current_item().kind == "camera"  # a new row takes the kind of the row it was on

    # Delete disposes, after asking the year; the row is hidden unless asked for
    monkeypatch.setattr(page, "ask_year", lambda item: 2019)
    monkeypatch.setattr(page, "ask_quantity", lambda item: item.quantity)  # the whole row
    page.select_item(ws.register_items()[0].id)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert ws.register_items()[0].year_disposed == 2019
    assert page.proxy.rowCount() == 12
    page.disposed_box.setChecked(True)
    assert page.proxy.rowCount() == 13
    assert not view.isColumnHidden(COLUMNS.index("year_disposed"))
    page.disposed_box.setChecked(False)

    # Ctrl+Z brings the row back into use
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ws.register_items()[0].year_disposed is None
    assert page.proxy.rowCount() == 13

    # really deleting asks twice; saying no the second time keeps the row
    answers = iter([True, False])
    monkeypatch.setattr(page, "confirm", lambda title, text: next(answers))
    page.select_item(ws.register_items()[1].id)
    qtbot.keyClick(view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    assert len(ws.register_items()) == 13
    monkeypatch.setattr(page, "confirm", lambda title, text: True)
    qtbot.keyClick(view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    assert len(ws.register_items()) == 12
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(ws.register_items()) == 13
    assert ws.register_items()[1].quantity == 18


def test_filters_on_the_page_and_summary(qtbot, demo_window):
    page = demo_window.show_page("equipment")
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("computer_desktop"))
    assert page.proxy.rowCount() == 4
    page.condition_filter.setCurrentIndex(page.condition_filter.findData("xuong_cap"))
    assert page.proxy.rowCount() == 2
    assert "đang hiện 2 dòng" in page.summary.text()
    page.kind_filter.setCurrentIndex(0)
    page.condition_filter.setCurrentIndex(0)
    page.text_filter.setText("TN&TKQ")
    assert page.proxy.rowCount() == 3
