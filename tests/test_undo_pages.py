"""Undo and redo, one history per page (#25): Ctrl+Z on one page never takes back an edit made on
another, Ctrl+Y does again what was undone until a new edit, only the newest 100 edits of a page can
be undone, and an undone register import comes back whole with Ctrl+Y."""

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.register import RegisterItem
from ebgov_desktop.services import undo
from ebgov_desktop.storage.change_log import UNDO_DEPTH

Y2019 = Period.parse("2019")


def _page_of(ws, key):
    t = ws.template(Y2019)
    return next(s.page for s in t.sections if s.key == t.fields[key].section)


def test_each_page_undoes_only_its_own_edits_and_redoes_them(demo_ws):
    staff_key = "staff.part_time"
    staff = _page_of(demo_ws, staff_key)
    before = demo_ws.values(Y2019)[staff_key]
    demo_ws.set_value(Y2019, staff_key, before + 5)
    item_id = demo_ws.add_item(RegisterItem("printer", "Canon LBP 2900", 1, 2020))

    # Ctrl+Z on the staff page: the figure, not the printer added later on the register page
    assert undo.next_undo_text(demo_ws, Y2019, staff).startswith("Hoàn tác: ")
    assert undo.undo(demo_ws, Y2019, staff).startswith("Đã hoàn tác: ")
    assert demo_ws.values(Y2019)[staff_key] == before
    assert any(i.id == item_id for i in demo_ws.register_items())
    assert undo.next_redo_text(demo_ws, Y2019, staff).startswith("Làm lại: ")



def test_redo_after_undo_and_a_new_edit_ends_redo(demo_ws):
    key = "staff.part_time"
    page = _page_of(demo_ws, key)
    demo_ws.set_value(Y2019, key, 40)
    demo_ws.set_value(Y2019, key, 41)
    assert undo.undo(demo_ws, Y2019, page) == f"Đã hoàn tác: {demo_ws.template(Y2019).label(key)}"
    assert demo_ws.values(Y2019)[key] == 40
    assert undo.redo(demo_ws, Y2019, page).startswith("Đã làm lại: ")
    assert demo_ws.values(Y2019)[key] == 41
    assert undo.redo(demo_ws, Y2019, page) is None  # nothing more to redo
    undo.undo(demo_ws, Y2019, page)
    demo_ws.set_value(Y2019, key, 50)  # a new edit: the undone 41 cannot come back
    assert undo.redo(demo_ws, Y2019, page) is None
    assert demo_ws.values(Y2019)[key] == 50


def test_register_edits_undo_and_redo_on_the_register_page(demo_ws):
    n = len(demo_ws.register_items())
    item_id = demo_ws.add_item(RegisterItem("printer", "Canon", 2, 2018))
    demo_ws.update_item(item_id, quantity=3)
    demo_ws.delete_item(item_id)
    assert undo.undo(demo_ws, Y2019, "equipment") == "Đã hoàn tác thay đổi sổ thiết bị"
    assert demo_ws.store.register_item(item_id).quantity == 3
    undo.undo(demo_ws, Y2019, "equipment")
    assert demo_ws.store.register_item(item_id).quantity == 2
    undo.redo(demo_ws, Y2019, "equipment")
    assert demo_ws.store.register_item(item_id).quantity == 3
    undo.redo(demo_ws, Y2019, "equipment")  # the delete again
    assert len(demo_ws.register_items()) == n


def test_an_undone_import_comes_back_whole(demo_ws):
    n = len(demo_ws.register_items())
    items = [RegisterItem("computer_desktop", f"PC {i}", 1, 2021) for i in range(3)]
    demo_ws.add_items(items, period=Y2019)
    assert undo.undo(demo_ws, Y2019, "equipment") == "Đã hoàn tác việc nhập 3 thiết bị từ tệp"
    assert len(demo_ws.register_items()) == n
    assert undo.redo(demo_ws, Y2019, "equipment") == "Đã làm lại việc nhập 3 thiết bị từ tệp"
    assert [i.description for i in demo_ws.register_items()[-3:]] == ["PC 0", "PC 1", "PC 2"]


def test_only_the_newest_edits_of_a_page_can_be_undone(demo_ws):
    key = "staff.part_time"
    page = _page_of(demo_ws, key)
    for v in range(UNDO_DEPTH + 5):
        demo_ws.set_value(Y2019, key, v)
    undone = 0
    while undo.undo(demo_ws, Y2019, page) is not None:
        undone += 1
    assert undone == UNDO_DEPTH
    assert demo_ws.values(Y2019)[key] == 4  # the five oldest stay


def test_workspace_undo_still_takes_back_any_page(demo_ws):
    demo_ws.set_value(Y2019, "staff.part_time", 77)
    assert demo_ws.undo().startswith("Đã hoàn tác: ")
