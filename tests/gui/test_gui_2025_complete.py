"""Must show (issue #21), on the 2025 template through the window: an empty report lists its missing
figures on Kiểm tra (F9), asks before export, and the province board shows "Thiếu số liệu"; F1 on every
page opens that page's topic; the task annex is entered as a table and printed as one (PDF and Word)."""

import docx
from gui_keys import choose_in_cell, focus, press, type_cell, type_text
from gui_windows import shown_window
from pdf_read import pdf_text, squeeze
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from ebgov_desktop.domain.completeness import required_keys
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.gui import help_window, report_actions
from ebgov_desktop.services import keys, packages
from ebgov_desktop.services import superior as sup
from ebgov_desktop.services.packages import TargetDir
from ebgov_desktop.services.paths import app_paths
from ebgov_desktop.services.templates_exchange import find_template
from ebgov_desktop.services.workspace import Workspace

PERIOD = Period.parse("2025")
HUE = "46"


def commune_window(qtbot, tmp_path):
    """A commune of Huế with an empty 2025 report on the 2025 template."""
    paths = app_paths(tmp_path / "xa").ensure()
    ws = Workspace.open(paths=paths)
    ws.set_unit(Unit(code="19867", kind=UnitKind.XA, name="Quảng Điền", province="Huế", province_code=HUE))
    ws.create_period(PERIOD, find_template(ws, "cds-xa-2025"))
    window = shown_window(qtbot, ws, paths.settings_file, PERIOD)
    window.build_all_pages()
    focus(window.editors["doc.number"])  # the officer is in the window
    assert window.template.id == "cds-xa-2025"
    return window


def test_an_empty_2025_report_is_not_ready(qtbot, tmp_path, monkeypatch):
    window = commune_window(qtbot, tmp_path)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert window.current_page_key() == "check"
    check = window.pages["check"]
    qtbot.waitUntil(lambda: check.tree.topLevelItemCount() > 0)  # the checks run after the first paint
    messages = [check.tree.topLevelItem(i).text(1) for i in range(check.tree.topLevelItemCount())]
    required = required_keys(window.template)
    assert len(required) == 29  # the core figures of each page (33 flags, 4 of them unit details)
    for key in required:  # every required figure of the template is named
        assert f"Chưa nhập: {window.template.fields[key].label}." in messages, key
    assert any("Khối chữ ký" in m or "người ký" in m for m in messages)
    assert any("Nơi nhận" in m for m in messages)

    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    opened = []
    monkeypatch.setattr(report_actions, "open_in_viewer", lambda path: opened.append(path) or True)
    window.report_actions.export_pdf_action.trigger()
    assert asked and f"Còn {len(required)} chỉ tiêu bắt buộc chưa nhập:" in asked[-1]
    assert window.report_actions.task is None and opened == []  # "No": nothing made

    # "Yes": the package goes to the USB stick, and the province's board says "Thiếu số liệu"
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    usb = tmp_path / "USB"
    usb.mkdir()
    monkeypatch.setattr(packages, "candidate_target_dirs",
                        lambda: [TargetDir(usb, f"Ổ đĩa rời (USB): {usb}", True)])
    window.report_actions.export_usb_action.trigger()
    assert "Gói dữ liệu sẽ thiếu các số liệu này" in asked[-1]
    dialog = window.report_actions.export_dialog
    dialog.findChild(type(dialog.write_button), "export.write").click()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60000)
    dialog.close()
    window.close()
    files = sorted(usb.glob("*.ebgov"))
    assert len(files) == 1

    from ebgov_desktop.gui.superior.window import SuperiorWindow
    from ebgov_desktop.services.settings import Settings

    tinh_paths = app_paths(tmp_path / "tinh").ensure()
    tinh = Workspace.open(paths=tinh_paths)
    tinh.set_unit(Unit(code=HUE, kind=UnitKind.TINH, name="Huế", province="Huế", province_code=HUE))
    sup.add_expected(tinh, "19867", "Quảng Điền", UnitKind.XA,
                     fingerprint=keys.fingerprint(app_paths(tmp_path / "xa")))
    sup.import_packages(tinh, files, backup=False)
    board = SuperiorWindow(tinh, Settings(tinh_paths.settings_file))
    qtbot.addWidget(board)
    board.show()
    qtbot.waitExposed(board)
    board.show_page("board")
    page = board.board_page
    rows = [[page.proxy.index(r, c).data() for c in range(page.proxy.columnCount())]
            for r in range(page.proxy.rowCount())]
    row = next(r for r in rows if "xã Quảng Điền" in r)
    assert "Thiếu số liệu" in row and "Đã nhận" not in row
    board.close()


def test_f1_on_every_2025_page_opens_its_topic(qtbot, tmp_path):
    window = commune_window(qtbot, tmp_path)
    titles = dict(help_window.topics())
    for page in window.template.pages:
        window.show_page(page.key)
        qtbot.keyClick(window, Qt.Key.Key_F1)
        topic = window.help_window.current
        assert page.label in titles[topic], (page.key, topic)
        if page.key not in ("equipment", "check"):  # the register and the check are the same in every form
            assert topic.startswith("mau2025-"), (page.key, topic)
        # the topic names each field of the page, with the template's help text
        text = " ".join((help_window.help_dir() / topic).read_text(encoding="utf-8").split())
        for section in window.template.sections_on_page(page.key):
            for field in window.template.fields_in_section(section.key):
                assert " ".join(field.help.replace("&", "&amp;").split()) in text, field.key
    window.help_window.close()


def test_the_task_annex_is_entered_as_a_table_and_printed_as_one(qtbot, tmp_path, monkeypatch):
    window = commune_window(qtbot, tmp_path)
    window.show_page("assessment")
    editor = window.editors["annex.tasks"]
    table = editor.table
    assert [table.horizontalHeaderItem(c).text() for c in range(3)] == ["Nhiệm vụ", "Kết quả", "Đánh giá"]
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    type_cell(table, 0, 0, "Phủ cáp quang các thôn")
    type_cell(table, 0, 1, "16/18 thôn")
    choose_in_cell(table, 0, 2, "Hoàn thành")
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    type_cell(table, 1, 0, "Thành lập tổ công nghệ số")
    choose_in_cell(table, 1, 2, "Đang thực hiện")
    assert window.ws.values(PERIOD)["annex.tasks"] == [
        "Phủ cáp quang các thôn | 16/18 thôn | Hoàn thành", "Thành lập tổ công nghệ số |  | Đang thực hiện"]
    # the rows move and go, and a "|" in a cell is refused with a message, nothing saved
    table.setCurrentCell(1, 0)
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert window.ws.values(PERIOD)["annex.tasks"][0].startswith("Thành lập tổ công nghệ số")
    type_cell(table, 0, 1, "a | b")
    assert "không dùng dấu “|” trong ô" in window.status.text()
    assert window.ws.values(PERIOD)["annex.tasks"][0] == "Thành lập tổ công nghệ số |  | Đang thực hiện"
    type_cell(table, 0, 1, "12/18 thôn")
    # typed into a cell and left open (no Enter), then another period: nothing is lost
    table.setCurrentCell(1, 1)
    focus(table)
    press(table, Qt.Key.Key_F2)
    type_text(QApplication.focusWidget(), "toàn xã")
    q4 = window.ws.create_period(Period.parse("2025-Q4"), window.template)
    window.set_period(q4)
    assert window.ws.values(PERIOD)["annex.tasks"][1] == "Phủ cáp quang các thôn | toàn xã | Hoàn thành"
    assert editor.rows() == [] and "annex.tasks" not in window.ws.values(q4)  # nothing carried over
    focus(window.editors["text.causes"])
    assert "annex.tasks" not in window.ws.values(q4)
    window.set_period(PERIOD)
    type_cell(table, 1, 1, "16/18 thôn")

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    opened = []
    monkeypatch.setattr(report_actions, "open_in_viewer", lambda path: opened.append(path) or True)
    for suffix, action in ((".pdf", window.report_actions.export_pdf_action),
                           (".docx", window.report_actions.export_docx_action)):
        out = tmp_path / f"bao-cao{suffix}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, o=out: (str(o), "")))
        action.trigger()
        qtbot.waitUntil(lambda o=out: o in opened, timeout=60000)
        qtbot.waitUntil(lambda: window.report_actions.task is None, timeout=60000)
    text = squeeze(pdf_text(tmp_path / "bao-cao.pdf"))
    assert squeeze("BẢNG KẾT QUẢ THỰC HIỆN NHIỆM VỤ (Kèm theo Báo cáo của Ủy ban nhân dân xã Quảng Điền) "
                   "STT Nhiệm vụ Kết quả Đánh giá") in text
    assert squeeze("1 Thành lập tổ công nghệ số 12/18 thôn Đang thực hiện") in text
    assert squeeze("2 Phủ cáp quang các thôn 16/18 thôn Hoàn thành") in text
    tables = docx.Document(tmp_path / "bao-cao.docx").tables
    annex = next(t for t in tables if [c.text for c in t.rows[0].cells] == ["STT", "Nhiệm vụ", "Kết quả",
                                                                            "Đánh giá"])
    assert [[c.text for c in row.cells] for row in annex.rows[1:]] == [
        ["1", "Thành lập tổ công nghệ số", "12/18 thôn", "Đang thực hiện"],
        ["2", "Phủ cáp quang các thôn", "16/18 thôn", "Hoàn thành"]]
    window.close()
