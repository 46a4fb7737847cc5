"""The window: each page says how complete it is, Kiểm tra lists the required figures left empty, and
printing or exporting warns while they are."""

from gui_keys import retype
from PySide6.QtWidgets import QMessageBox

from ebgov_desktop.gui import report_actions


def test_each_page_shows_how_complete_it_is_and_what_required_figure_is_missing(qtbot, demo_window):
    demo_window.findings()  # the checks run right after the first paint; the counts come with them
    page = demo_window.show_page("staff")
    label = page.findChild(type(page.completeness), "completeness.staff")
    total = page.completeness.text()
    assert label is page.completeness and label.isVisible()
    assert total.startswith("<b>Đã nhập ") and " chỉ tiêu</b>" in total and "thiếu" not in total
    entered, of = total.split("Đã nhập ")[1].split(" chỉ tiêu")[0].split("/")
    assert entered == of
    retype(page.editors["staff.civil_servants"], "")
    text = page.completeness.text()
    assert f"Đã nhập {int(entered) - 1}/{of} chỉ tiêu" in text
    assert "còn thiếu 1 chỉ tiêu bắt buộc: Số cán bộ, công chức" in text
    check = demo_window.show_page("check")
    messages = [check.tree.topLevelItem(i).text(1) for i in range(check.tree.topLevelItemCount())]
    assert "Chưa nhập: Số cán bộ, công chức." in messages


def test_export_and_print_warn_while_required_figures_are_empty(qtbot, demo_window, monkeypatch):
    page = demo_window.show_page("staff")
    retype(page.editors["staff.civil_servants"], "")
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    opened = []
    monkeypatch.setattr(report_actions, "open_in_viewer", lambda path: opened.append(path) or True)
    actions = demo_window.report_actions
    actions.export_pdf_action.trigger()
    assert asked and "Còn 1 chỉ tiêu bắt buộc chưa nhập:\n• Số cán bộ, công chức" in asked[-1]
    assert actions.task is None and opened == []  # "No": nothing made
    actions.export_usb()
    assert "Gói dữ liệu sẽ thiếu các số liệu này" in asked[-1]
    actions.print_report()
    assert "Bản in sẽ thiếu" in asked[-1] and len(asked) == 3
