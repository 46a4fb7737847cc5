"""The superior window (huyện Quảng Điền, 36 communes): import dialog with dry run, progress and a cancel
half-way; the board 36/36 then 34/36; the consolidated table equal to the xlsx the window writes; one
commune read-only and its own report; the officer's text in the PDF; the welcome dialog for a district."""

import threading

import pytest
from gui_keys import focus, leave, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from superior_data import DISTRICT, fingerprint_of, make_communes, write_packages

from ebgov_desktop.domain.consolidation import BoardStatus
from ebgov_desktop.domain.formatting import vn_decimal
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.services import packages
from ebgov_desktop.services import superior as sup
from ebgov_desktop.services.settings import Settings
from ebgov_desktop.services.workspace import Workspace


@pytest.fixture(scope="module")
def communes():
    return make_communes(36)


@pytest.fixture(scope="module")
def usb(communes, tmp_path_factory):
    folder = tmp_path_factory.mktemp("usb")
    write_packages(communes, folder / "BaoCao2019")
    return folder


MISSING = (5, 30)


def the_list(communes, path):
    lines = ["Mã;Tên;Loại;Mã khóa"] + [f"{c.code};{c.dataset.unit.name};xã;{fingerprint_of(c)}" for c in communes]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def reported_files(usb, communes):
    """The 2019 packages of every commune but the MISSING ones."""
    return [f for f in sorted((usb / "BaoCao2019").iterdir())
            if not any(f"_{communes[i].code}_" in f.name for i in MISSING)]


def answer_yes(monkeypatch) -> list[str]:
    """Every question box answered Yes; the list gets each question's text."""
    from PySide6.QtWidgets import QMessageBox

    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    return asked


def district(data_dir, communes, files=()):
    ws = Workspace.open(data_dir)
    ws.set_unit(DISTRICT)
    assert sup.import_expected(ws, the_list(communes, data_dir.parent / "ds.csv")).ok
    if files:
        sup.import_packages(ws, files, backup=False)
    return ws


def open_window(qtbot, ws, paths, page="board"):
    from ebgov_desktop.gui.superior.window import SuperiorWindow

    window = SuperiorWindow(ws, Settings(paths.settings_file))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(page)
    return window


def cells(model, role=Qt.ItemDataRole.EditRole):
    return [[model.index(r, c).data(role) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def board_names(page):
    return [page.proxy.index(r, 1).data() for r in range(page.proxy.rowCount())]


def test_import_dialog_dry_run_confirm_progress_and_cancel_half_way(qtbot, paths, data_dir, communes, usb,
                                                                    monkeypatch):
    ws = district(data_dir, communes)
    window = open_window(qtbot, ws, paths)
    assert window.board_page.sentence.text() == "0/36 xã đã báo cáo"
    dialog = window.open_import_dialog()
    qtbot.waitExposed(dialog)

    # the dry run: one row per package, nothing changes
    dialog.set_sources([usb])
    qtbot.waitUntil(lambda: dialog.stage == "confirm")
    rows = cells(dialog.model)
    assert len(rows) == 36
    assert rows[0][1:5] == [f"{communes[0].dataset.unit.name} (mã {communes[0].code})", "2019", 1, "Mới"]
    assert {r[4] for r in rows} == {"Mới"}
    assert "36 mới" in dialog.message.text() and "Bấm “Nhập” để nhập 36 gói" in dialog.message.text()
    assert dialog.run_button.isEnabled()
    assert sup.board(ws, "2019").sentence == "0/36 xã đã báo cáo"
    assert packages.list_packages(ws) == []

    # the import stops half-way: the worker waits inside the 18th package until Dừng is clicked; the
    # cancel acts inside that package (issue #12): it is left untouched, the 17 before it stay imported
    real = packages._import_one
    calls, reached, resume = [], threading.Event(), threading.Event()

    def slow(*args, **kwargs):
        calls.append(1)
        if len(calls) == 18:
            reached.set()
            resume.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(packages, "_import_one", slow)
    dialog.run_button.click()
    try:
        qtbot.waitUntil(lambda: reached.is_set() and dialog.progress.value() == 17)
        assert dialog.progress.isVisible() and dialog.progress.maximum() == 36
        assert not dialog.close_button.isEnabled()
        dialog.cancel_button.click()
    finally:
        resume.set()
    qtbot.waitUntil(lambda: dialog.stage != "import")
    assert dialog.stage == "done", dialog.message.text()
    assert "Đã dừng theo yêu cầu sau 17/36 gói" in dialog.message.text()
    assert "17 mới" in dialog.message.text()
    assert "17/36 xã đã báo cáo" in dialog.message.text()

    # nothing partial: every package is either fully in (same data, same digest) or absent
    stored = {p.unit_code: p for p in packages.list_packages(ws)}
    assert len(stored) == 17
    for c in communes:
        if c.code in stored:
            assert packages.package_dataset(ws, stored[c.code].id).digest() == c.dataset.digest()
    assert set(stored) == {c.code for c in communes[:17]}
    assert window.board_page.sentence.text() == "17/36 xã đã báo cáo"

    # choosing the stick again imports the rest; the finished ones are recognised
    monkeypatch.setattr(packages, "_import_one", real)
    dialog.set_sources([usb])
    qtbot.waitUntil(lambda: dialog.stage == "confirm")
    assert [r[4] for r in cells(dialog.model)].count("Đã có, không thay đổi") == 17
    dialog.run_button.click()
    qtbot.waitUntil(lambda: dialog.stage != "import")
    assert dialog.stage == "done", dialog.message.text()
    assert "Báo cáo năm 2019: 36/36 xã đã báo cáo." in dialog.message.text()
    assert window.board_page.sentence.text() == "36/36 xã đã báo cáo"
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_board_shows_36_of_36_then_34_naming_the_two_missing(qtbot, paths, data_dir, tmp_path, communes,
                                                             usb):
    ws = district(data_dir, communes, [usb])
    window = open_window(qtbot, ws, paths)
    page = window.board_page
    assert page.sentence.text() == "36/36 xã đã báo cáo"
    assert page.view.objectName() == "board" and page.proxy.rowCount() == 36
    assert page.model.headers == sup.board_table(sup.board(ws, "2019"))[0]
    assert "Đã nhận đủ báo cáo" in page.missing.text()
    page.status_box.setCurrentIndex(page.status_box.findText(BoardStatus.RECEIVED_WARNINGS.label))
    assert page.proxy.rowCount() == 5
    page.status_box.setCurrentIndex(0)
    focus(page.filter)
    type_text(page.filter, "huong tho")  # no diacritics: finds Hương Thọ
    assert board_names(page) == ["xã Hương Thọ"]
    ws.close()

    # another district where two communes have not sent their packages
    other = tmp_path / "other"
    other.mkdir()
    files = reported_files(usb, communes)
    from ebgov_desktop.services.paths import app_paths

    ws2 = district(other, communes, files)
    window2 = open_window(qtbot, ws2, app_paths(other).ensure())
    page = window2.board_page
    assert page.sentence.text() == "34/36 xã đã báo cáo"
    missing = [communes[i].dataset.unit.full_name for i in MISSING]
    # a count with a filter, not a list of names above the table
    assert page.show_missing.isVisible() and page.show_missing.text() == "Chưa báo cáo: 2 — xem"
    assert not page.show_keys.isVisible() and not page.show_unexpected.isVisible()
    page.show_missing.click()
    assert page.status_box.currentIndex() == 1  # Chưa báo cáo
    assert board_names(page) == missing
    assert page.shown_label.text() == "2/36 dòng"
    ws2.close()


def test_consolidated_table_equals_the_xlsx_the_window_writes(qtbot, paths, data_dir, tmp_path, communes, usb,
                                                              monkeypatch):
    from openpyxl import load_workbook

    answer_yes(monkeypatch)  # an empty signature block or Nơi nhận is said before the PDF is made
    files = reported_files(usb, communes)
    ws = district(data_dir, communes, files)
    window = open_window(qtbot, ws, paths, "consolidated")
    page = window.consolidated_page
    assert page.view.objectName() == "consolidated"
    model = page.model
    assert model.rowCount() == 34 + 3
    # fits 1366 px: only the percentages at first, every column with the check box
    assert page.visible_headers()[:3] == ["Mã đơn vị", "Tên đơn vị", model.headers[4]]
    qtbot.waitUntil(lambda: page.view.horizontalScrollBar().maximum() == 0)
    page.details.setChecked(True)
    assert page.visible_headers() == model.headers

    out = tmp_path / "tong hop.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "")))
    window.xlsx_action.trigger()
    qtbot.waitUntil(lambda: not window.busy)
    assert "Đã ghi bảng Excel" in window.status.text()
    wb = load_workbook(out)
    read = [list(r) for r in wb["Chỉ tiêu các đơn vị"].iter_rows(values_only=True)]
    assert read[0] == model.headers
    assert [[None if v == "" else v for v in r] for r in read[1:]] == \
        [[None if v == "" else v for v in r] for r in cells(model)]
    board = [list(r) for r in wb["Tình hình nộp"].iter_rows(values_only=True)]
    window.show_page("board")
    assert board[0] == window.board_page.model.headers
    assert [[None if v == "" else v for v in r] for r in board[1:]] == \
        [[None if v == "" else v for v in r] for r in cells(window.board_page.model)]
    register = [list(r) for r in wb["Thiết bị tổng hợp"].iter_rows(values_only=True)]
    assert register == [page.register_model.headers] + cells(page.register_model)

    # shown the Vietnamese way; sorting keeps Tổng cộng, Trung bình and Số đơn vị at the bottom
    total = model.rows[-3]
    col = 4
    assert model.index(34, col).data() == vn_decimal(total[col])
    page.view.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    shown = [page.proxy.index(r, col).data(Qt.ItemDataRole.EditRole) for r in range(34)]
    assert shown == sorted(shown, key=lambda v: -1 if v is None else v, reverse=True)
    footer = ["Tổng cộng", "Trung bình các đơn vị", "Số đơn vị có số liệu"]
    assert [page.proxy.index(r, 1).data() for r in (34, 35, 36)] == footer
    page.view.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    assert [page.proxy.index(r, 1).data() for r in (34, 35, 36)] == footer
    assert page.proxy.index(36, col).data() == "34"  # the average is over the 34 that sent it


def test_one_commune_read_only_and_its_own_report(qtbot, paths, data_dir, tmp_path, communes, usb,
                                                  monkeypatch):
    from pypdf import PdfReader

    from ebgov_desktop.gui.superior import window as superior_window

    ws = district(data_dir, communes, [usb])
    window = open_window(qtbot, ws, paths, "consolidated")
    page = window.consolidated_page
    c = communes[3]
    assert page.select_code(c.code)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    dialog = window.dialog
    assert dialog.objectName() == "commune_dialog" and dialog.isVisible()
    editor = dialog.editor("staff.civil_servants")
    assert editor.isReadOnly() and editor.text() == str(c.dataset.values["staff.civil_servants"])
    assert dialog.editor("unit.name").text() == c.dataset.unit.name
    register = dialog.pages["equipment"].model()
    assert register.rowCount() == len(c.dataset.register)

    out = tmp_path / "xa.pdf"
    opened = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "")))
    monkeypatch.setattr(superior_window, "open_in_viewer", lambda path: opened.append(path) or True)
    dialog.print_button.click()
    qtbot.waitUntil(lambda: bool(opened))
    digest = c.dataset.digest()
    assert f"mã số liệu {digest[:16]}) ra {out}." in window.status.text()  # the same digest the commune printed
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(out)).pages).split())
    assert c.dataset.unit.name.upper() in text.upper()
    assert digest[:16] in text.replace(" ", "")


def test_officer_text_goes_into_the_consolidated_pdf(qtbot, paths, data_dir, tmp_path, communes, usb,
                                                     monkeypatch):
    from pypdf import PdfReader

    from ebgov_desktop.gui.superior import window as superior_window

    asked = answer_yes(monkeypatch)  # an empty signature block or Nơi nhận is said before the PDF is made
    files = reported_files(usb, communes)
    ws = district(data_dir, communes, files)
    window = open_window(qtbot, ws, paths, "report")
    page = window.report_page
    focus(page.office)
    type_text(page.office, "Phòng Văn hóa và Thông tin")
    leave(page.office)
    assert sup.office(ws) == "Phòng Văn hóa và Thông tin"
    assert page.header.text() == "UBND HUYỆN QUẢNG ĐIỀN\nPHÒNG VĂN HÓA VÀ THÔNG TIN"
    editor = page.editors["text.recommendations"]
    focus(editor)
    type_text(editor, "Đề nghị tỉnh cấp thêm chữ ký số cho cấp xã")
    leave(editor)
    assert ws.values(Period.parse("2019"))["text.recommendations"] == ["Đề nghị tỉnh cấp thêm chữ ký số cho cấp xã"]

    out = tmp_path / "tonghop.pdf"
    opened = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "")))
    monkeypatch.setattr(superior_window, "open_in_viewer", lambda path: opened.append(path) or True)
    page.pdf_button.click()
    qtbot.waitUntil(lambda: bool(opened))
    assert asked and "Chưa nhập: Họ tên người ký" in asked[0] and "Vẫn xuất?" in asked[0]
    assert "34/36 xã đã báo cáo" in window.status.text()
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(str(out)).pages]
    text = " ".join(pages)
    assert "34/36 xã đã báo cáo" in text
    assert "Đề nghị tỉnh cấp thêm chữ ký số cho cấp xã" in text
    # the annex's average row is printed on the page of the last commune, never alone
    (annex_end,) = [p for p in pages if "Trung bình các đơn vị" in p]
    assert communes[35].dataset.unit.full_name in annex_end
    assert "PHÒNG VĂN HÓA VÀ THÔNG TIN" in text


def test_expected_list_add_rename_merge_and_list_errors(qtbot, paths, data_dir, tmp_path, communes):
    ws = district(data_dir, communes[:3])
    window = open_window(qtbot, ws, paths, "units")
    page = window.units_page
    assert page.view.objectName() == "units" and page.proxy.rowCount() == 3
    dialog = page.add()
    for key, text in (("code", "19999"), ("name", "Phong Điền Mới")):
        focus(dialog.inputs[key])
        type_text(dialog.inputs[key], text)
    dialog.ok.click()
    assert [c.full_name for c in sup.list_expected(ws)][-1] == "xã Phong Điền Mới"
    assert page.selected()[0].code == "19999"

    dialog = page.rename()
    dialog.inputs["name"].setText("Phong Điền")
    dialog.inputs["kind"].setCurrentIndex(dialog.inputs["kind"].findData("thi_tran"))
    focus(dialog.inputs["day"])
    type_text(dialog.inputs["day"], "01/7/2025")
    dialog.ok.click()
    assert sup.name_history(ws, "19999") == ["ban đầu: xã Phong Điền Mới",
                                             "từ ngày 01/7/2025: thị trấn Phong Điền"]
    assert "thị trấn Phong Điền" in page.history.text()

    # two communes merge into the first one's code
    page.view.clearSelection()
    page.select_code(communes[0].code)
    page.view.selectionModel().select(page.proxy.index(1, 0), page.view.selectionModel().SelectionFlag.Select
                                      | page.view.selectionModel().SelectionFlag.Rows)
    dialog = page.merge()
    dialog.inputs["name"].setText("Quảng Thọ Phú")
    dialog.inputs["day"].setText("2025-07-01")
    dialog.ok.click()
    merged = {c.code: c for c in sup.list_expected(ws)}
    assert merged[communes[1].code].merged_into == communes[0].code
    assert merged[communes[0].code].name == "Quảng Thọ Phú"

    # a list with errors: every error named, nothing changed
    bad = tmp_path / "ds.csv"
    bad.write_text("Mã;Tên;Loại\n1990A;Quảng Phú;xã\n19903;;xã\n", encoding="utf-8")
    before = sup.list_expected(ws)
    dialog = page.import_list(str(bad))
    errors = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert [e.split(":")[0] for e in errors] == ["Dòng 2, cột 'Mã'", "Dòng 3, cột 'Tên'"]
    assert dialog.import_button is None
    assert sup.list_expected(ws) == before
    dialog.reject()


def test_welcome_creates_a_district_and_opens_the_superior_window(qtbot, paths):
    from ebgov_desktop.gui.app import open_window
    from ebgov_desktop.gui.superior.window import SuperiorWindow
    from ebgov_desktop.gui.welcome import WelcomeDialog

    dialog = WelcomeDialog(paths)
    qtbot.addWidget(dialog)
    dialog.show()
    kind = dialog.inputs["unit.kind"]
    assert not dialog.office.isVisible()
    kind.setCurrentIndex(kind.findData("tinh"))
    assert dialog.office.isVisible() and not dialog.inputs["unit.district"].isVisible()
    for key, text in (("unit.name", "Thừa Thiên Huế"), ("unit.code", "46"),
                      ("unit.province", "Thừa Thiên Huế")):
        focus(dialog.inputs[key])
        type_text(dialog.inputs[key], text)
    focus(dialog.office)
    type_text(dialog.office, "Sở Khoa học và Công nghệ")
    dialog.year.setValue(2025)
    dialog.create_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    ws = dialog.workspace
    assert ws.unit.kind.value == "tinh" and sup.office(ws) == "Sở Khoa học và Công nghệ"
    assert ws.values(Period.parse("2025"))["doc.symbol"] == "BC-SKHCN"
    ws.close()

    window = open_window(paths)
    qtbot.addWidget(window)
    assert isinstance(window, SuperiorWindow)
    assert window.windowTitle() == "Sở Khoa học và Công nghệ — Tổng hợp năm 2025"
    window.ws.close()


def test_conflict_and_key_change_are_decided_on_the_board(qtbot, paths, data_dir, tmp_path, communes, usb):
    import dataclasses

    from superior_data import package_bytes

    from ebgov_desktop.exchange import signing

    ws = district(data_dir, communes, [usb])
    a, b = communes[1], communes[2]
    changed = dataclasses.replace(a.dataset, values={**a.dataset.values, "tthc.digitized": 3})
    (tmp_path / "c.ebgov").write_bytes(package_bytes(a, dataset=changed))
    newer = dataclasses.replace(b.dataset, values={**b.dataset.values, "tthc.digitized": 4})
    (tmp_path / "k.ebgov").write_bytes(package_bytes(b, dataset=newer, revision=2,
                                                     key=signing.new_private_key()))
    sup.import_packages(ws, [tmp_path / "c.ebgov", tmp_path / "k.ebgov"], backup=False)
    window = open_window(qtbot, ws, paths)
    page = window.board_page
    assert page.sentence.text() == "35/36 xã đã báo cáo"
    assert page.select_code(a.code) and page.conflict_button.isEnabled() and not page.key_button.isEnabled()
    page.conflict_button.click()
    dialog = page.dialog
    assert dialog.list.count() == 2 and "(đang dùng)" in dialog.list.item(0).text()
    dialog.list.setCurrentRow(1)  # the unit said on the phone: the second one is right
    dialog.choose.click()
    assert page.sentence.text() == "36/36 xã đã báo cáo"
    assert sup.commune_dataset(ws, sup.board(ws, "2019").rows[1].package_id).values["tthc.digitized"] == 3

    assert page.select_code(b.code) and page.key_button.isEnabled()
    assert "Khóa mới — cần xác nhận" in page.selected().reason
    page.key_button.click()
    dialog = page.dialog
    focus(dialog.heard)
    type_text(dialog.heard, "0000-1111")
    dialog.accept_button.click()
    assert "khác mã khóa của gói" in dialog.problem.text() and dialog.isVisible()
    heard = sup.key_change(ws, page.selected().key_change_id).fingerprint.lower().replace("-", " ")
    dialog.heard.setText(heard)  # read out on the phone, typed with spaces
    dialog.accept_button.click()
    assert not dialog.isVisible()
    row = page.selected()
    assert row.unit.code == b.code and row.revision == 2 and row.key_change_id is None
    assert "Đã xác nhận khóa" in window.status.text()


def test_keyboard_pages_filter_and_import(qtbot, paths, data_dir, communes, usb):
    """Alt+1…4 change page, Alt+M reaches the board's search, Enter on a row opens the commune, Ctrl+I
    opens the import dialog; nothing needs the mouse."""
    from PySide6.QtWidgets import QApplication

    from ebgov_desktop.gui.superior.window import PAGE_KEYS

    ws = district(data_dir, communes, [usb])
    window = open_window(qtbot, ws, paths, "units")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    for key in ("board", "consolidated", "report", "board"):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + PAGE_KEYS.index(key)), Qt.KeyboardModifier.AltModifier)
        assert window.current_page_key() == key
    page = window.board_page
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert page.filter.hasFocus()
    type_text(page.filter, "sia")
    assert board_names(page) == ["xã Sịa"]
    page.view.setFocus()
    page.view.setCurrentIndex(page.proxy.index(0, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert window.dialog.objectName() == "commune_dialog"
    assert window.dialog.editor("unit.name").text() == "Sịa"
    window.dialog.reject()
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert window.dialog.objectName() == "import_dialog" and window.dialog.isVisible()
    window.dialog.reject()


def test_another_period_shows_its_own_board_and_report_defaults(qtbot, paths, data_dir, communes, usb):
    from ebgov_desktop.domain.periods import Period

    ws = district(data_dir, communes, [usb])
    sup.set_office(ws, "Phòng Văn hóa và Thông tin")
    window = open_window(qtbot, ws, paths)
    assert window.period_box.currentText() == "Năm 2019"
    window.set_period(Period.parse("2020"))
    assert window.board_page.sentence.text() == "0/36 xã đã báo cáo"
    assert window.windowTitle() == "Phòng Văn hóa và Thông tin — Tổng hợp năm 2020"
    page = window.show_page("report")
    assert page.editors["doc.title"].text() == "Tổng hợp tình hình ứng dụng công nghệ thông tin cấp xã năm 2020"
    assert page.editors["doc.symbol"].text() == "BC-PVHTT"
    assert [window.period_box.itemText(i) for i in range(window.period_box.count())] == \
        ["Năm 2020", "Năm 2019", "Kỳ báo cáo khác…"]
    window.period_box.setCurrentIndex(1)
    window.period_box.activated.emit(1)
    assert window.period == Period.parse("2019") and window.current_page_key() == "report"
    assert window.report_page.editors["doc.title"].text().endswith("năm 2019")


def test_pdf_export_can_be_cancelled_and_leaves_no_file(qtbot, paths, data_dir, tmp_path, communes, usb,
                                                        monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ebgov_desktop.gui.superior import window as superior_window

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    ws = district(data_dir, communes, [usb])
    window = open_window(qtbot, ws, paths, "report")
    out = tmp_path / "huy.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "")))
    opened = []
    monkeypatch.setattr(superior_window, "open_in_viewer", lambda path: opened.append(path) or True)
    real, started, resume = sup.consolidated, threading.Event(), threading.Event()

    def waiting(*args, **kwargs):  # the worker waits here until the officer has pressed Hủy
        started.set()
        resume.wait(30)
        return real(*args, **kwargs)

    from ebgov_desktop.services.superior import reports

    monkeypatch.setattr(reports, "consolidated", waiting)  # what make_consolidated_report calls
    window.pdf_action.trigger()
    try:
        qtbot.waitUntil(started.is_set)
        assert window.busy and window.progress.isVisible() and not window.pdf_action.isEnabled()
        from PySide6.QtWidgets import QPushButton

        (cancel,) = window.progress.findChildren(QPushButton)
        assert cancel.text() == "Hủy"
        cancel.click()
    finally:
        resume.set()
    qtbot.waitUntil(lambda: not window.busy)
    assert window.status.text() == "Đã hủy xuất báo cáo tổng hợp."
    assert not out.exists() and not (tmp_path / "huy.pdf.tmp").exists() and opened == []
    assert window.pdf_action.isEnabled()


def test_a_new_key_alone_on_the_stick_is_accepted_from_the_window(qtbot, paths, data_dir, tmp_path, communes,
                                                                 usb):
    """Issue #12, point 7: the dry run shows "Khóa mới — cần xác nhận" with both fingerprints, Nhập keeps
    the package aside, and the board accepts the key after a phone call, with the stick gone."""
    import dataclasses

    from superior_data import package_bytes

    from ebgov_desktop.exchange import signing

    ws = district(data_dir, communes, [usb])
    c = communes[4]
    new_key = signing.new_private_key()
    newer = dataclasses.replace(c.dataset, values={**c.dataset.values, "tthc.digitized": 5})
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "k.ebgov").write_bytes(package_bytes(c, dataset=newer, revision=2, key=new_key))
    window = open_window(qtbot, ws, paths)
    dialog = window.open_import_dialog()
    qtbot.waitExposed(dialog)
    dialog.set_sources([stick])
    qtbot.waitUntil(lambda: dialog.stage == "confirm")
    (row,) = cells(dialog.model)
    new_fp = signing.fingerprint(signing.public_key_of(new_key))
    assert row[4] == "Khóa mới — cần xác nhận"
    assert new_fp in row[5] and fingerprint_of(c) in row[5]
    assert dialog.run_button.isEnabled()
    dialog.run_button.click()
    qtbot.waitUntil(lambda: dialog.stage == "done")
    dialog.close_button.click()
    (stick / "k.ebgov").unlink()  # the stick went back to the commune

    page = window.board_page
    assert page.select_code(c.code) and page.key_button.isEnabled()
    page.key_button.click()
    key_dialog = page.dialog
    assert new_fp in key_dialog.findChild(type(key_dialog.problem), "key.intro").text()
    assert "giữ gói chờ xác nhận khóa" in key_dialog.history.toPlainText()
    key_dialog.heard.setText(new_fp)
    key_dialog.accept_button.click()
    assert not key_dialog.isVisible()
    row = page.selected()
    assert row.status is BoardStatus.RECEIVED and row.revision == 2 and row.key_change_id is None
    assert sup.commune_dataset(ws, row.package_id).values["tthc.digitized"] == 5
