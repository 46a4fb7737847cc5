"""The board at a province's scale: a count with a filter instead of a wall of names, the table never
moves; the import's summary says which units wait for their key, with a button to confirm them; the
board is computed once after an import."""

import pytest
from PySide6.QtCore import QPoint
from superior_data import DISTRICT, fingerprint_of, make_communes, write_packages

from ebgov_desktop.domain.consolidation import BoardStatus
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.gui.superior.board import STATUS_FILTERS, WAITING_KEYS
from ebgov_desktop.services import superior as sup
from ebgov_desktop.services.packages import set_listed_fingerprints
from ebgov_desktop.services.settings import Settings
from ebgov_desktop.services.workspace import Workspace


@pytest.fixture(scope="module")
def communes():
    return make_communes(8)


@pytest.fixture
def province(data_dir, communes):
    ws = Workspace.open(data_dir)
    ws.set_unit(DISTRICT)
    for c in communes:
        sup.add_expected(ws, c.code, c.dataset.unit.name)
    yield ws
    ws.close()


def open_window(qtbot, ws, paths):
    from ebgov_desktop.gui.superior.window import SuperiorWindow

    window = SuperiorWindow(ws, Settings(paths.settings_file))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("board")
    return window


def table_top(page) -> int:
    return page.view.mapTo(page, QPoint(0, 0)).y()


def names(page):
    return [page.proxy.index(r, 1).data() for r in range(page.proxy.rowCount())]


def test_a_count_with_a_filter_and_the_table_never_moves(qtbot, paths, province, communes, tmp_path):
    set_listed_fingerprints(province, {c.code: fingerprint_of(c) for c in communes[:6]})
    window = open_window(qtbot, province, paths)
    page = window.board_page
    top = table_top(page)
    assert page.sentence.text() == "0/8 xã đã báo cáo"
    assert page.show_missing.text() == "Chưa báo cáo: 8 — xem"
    assert top < 160  # the table starts near the top of a 768-pixel screen, whatever the count

    # six communes with a confirmed key, two whose key waits, one sender not on the list
    stray = make_communes(1, code_base=29000)
    files = write_packages(communes + stray, tmp_path / "usb")
    sup.import_packages(province, files, backup=False)
    window.set_period(Period.parse("2019"))
    assert page.sentence.text() == "6/8 xã đã báo cáo"
    assert [b.text() for b in (page.show_missing, page.show_keys, page.show_unexpected)] == \
        ["Chưa báo cáo: 2 — xem", "Chờ xác nhận khóa: 3 — xem", "Ngoài danh sách: 1 — xem"]
    assert table_top(page) == top
    page.show_missing.click()
    assert names(page) == [c.dataset.unit.full_name for c in communes[6:]]
    assert page.shown_label.text() == "2/9 dòng"
    page.show_unexpected.click()
    assert names(page) == [stray[0].dataset.unit.full_name]
    page.show_keys.click()
    assert len(names(page)) == 3
    assert all(page.proxy.index(r, 2).data() == BoardStatus.UNCONFIRMED.label for r in range(3))
    page.status_box.setCurrentIndex(0)
    assert page.proxy.rowCount() == 9

    # all counted: one sentence where the count was, the table still in its place
    for c in communes[6:]:
        sup.accept_key_change(province, sup.board(province, "2019").rows[communes.index(c)].key_change_id,
                              fingerprint_of(c))
    window.data_changed()
    assert page.sentence.text() == "8/8 xã đã báo cáo"
    assert not page.show_missing.isVisible()
    assert page.missing.text() == "Đã nhận đủ báo cáo năm 2019."
    assert table_top(page) == top


def test_the_import_says_which_keys_wait_and_opens_them(qtbot, paths, province, communes, tmp_path,
                                                        monkeypatch):
    write_packages(communes[:5], tmp_path / "usb")
    window = open_window(qtbot, province, paths)
    computed = []
    real_board = sup.board
    monkeypatch.setattr(sup, "board", lambda *a, **k: computed.append(a[1]) or real_board(*a, **k))
    dialog = window.open_import_dialog()
    qtbot.waitExposed(dialog)
    dialog.set_sources([tmp_path / "usb"])
    qtbot.waitUntil(lambda: dialog.stage == "confirm")
    assert "5 đơn vị sẽ chưa được tính là đã báo cáo vì khóa ký" in dialog.message.text()
    assert not dialog.keys_button.isVisible()
    dialog.run_button.click()
    qtbot.waitUntil(lambda: dialog.stage == "done")
    text = dialog.message.text()
    assert "5 tệp: 5 mới." in text and "Báo cáo năm 2019: 0/8 xã đã báo cáo." in text
    assert ("5 đơn vị chưa được tính là đã báo cáo vì khóa ký của đơn vị chưa được xác nhận: hãy gọi "
            "điện cho từng đơn vị đối chiếu mã khóa rồi bấm “Xác nhận khóa của các đơn vị…”.") in text
    assert computed == ["2019"]  # the board of the import, computed once, is the one the window shows
    assert window.board_page.show_keys.text() == "Chờ xác nhận khóa: 5 — xem"

    assert dialog.keys_button.isVisible()
    dialog.keys_button.click()
    assert not dialog.isVisible()
    page = window.board_page
    assert window.current_page_key() == "board"
    assert STATUS_FILTERS[page.status_box.currentIndex()][1] == WAITING_KEYS
    assert names(page) == [c.dataset.unit.full_name for c in communes[:5]]
    key_dialog = page.dialog
    assert key_dialog.objectName() == "key_dialog" and key_dialog.isVisible()
    assert communes[0].dataset.unit.full_name in key_dialog.findChild(type(page.missing), "key.intro").text()
    key_dialog.heard.setText(fingerprint_of(communes[0]))
    key_dialog.accept_button.click()
    assert page.sentence.text() == "1/8 xã đã báo cáo"
    assert page.show_keys.text() == "Chờ xác nhận khóa: 4 — xem"
