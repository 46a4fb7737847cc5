"""Live checks: a broken rule is marked at the field and listed on Kiểm tra; fixing clears both."""

from gui_keys import focus, press, retype, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ebgov_desktop.domain.periods import Period


def listed(window):
    return [e.rule_id for e in window.pages["check"].entries() if hasattr(e, "rule_id")]


def test_resolved_more_than_received_is_marked_listed_and_cleared(qtbot, demo_window):
    window = demo_window
    assert "it_qualified" not in listed(window)
    page = window.show_page("staff")
    edit = page.editors["staff.it_qualified"]
    retype(edit, "30")  # more qualified staff than staff (22)
    assert edit.mark[0] == "error"
    assert "không được lớn hơn" in edit.toolTip()
    assert page.editors["staff.civil_servants"].mark[0] == "error"
    assert "it_qualified" in listed(window)
    assert "1 lỗi" in window.tabs.tabText(6)
    retype(edit, "21")
    assert edit.mark is None and page.editors["staff.civil_servants"].mark is None
    assert "it_qualified" not in listed(window)


def test_dossier_balance_broken_in_the_window_then_fixed(qtbot, demo_window):
    window = demo_window
    page = window.show_page("tthc")
    for key, text in (("tthc.carried_over", "0"), ("tthc.received_online", "0"),
                      ("tthc.received_direct", "388"), ("tthc.received_postal", "0"),
                      ("tthc.pending_in_time", "0"), ("tthc.pending_overdue", "0")):
        retype(page.editors[key], text)
    assert "dossier_balance" not in listed(window)
    retype(page.editors["tthc.resolved_late"], "5")  # resolved (393) > received (388)
    assert "dossier_balance" in listed(window)
    assert page.editors["tthc.resolved_late"].mark[0] == "error"
    assert page.editors["tthc.received_direct"].mark[0] == "error"
    retype(page.editors["tthc.resolved_late"], "0")
    assert "dossier_balance" not in listed(window)
    assert page.editors["tthc.resolved_late"].mark is None


def test_double_click_on_kiem_tra_jumps_to_the_field(qtbot, demo_window):
    window = demo_window
    retype(window.show_page("apps").editors["email.regular_users"], "25")  # > mailboxes (20)
    check = window.show_page("check")
    row = next(i for i, e in enumerate(check.entries()) if getattr(e, "rule_id", "") == "regular_users")
    item = check.tree.topLevelItem(row)
    QApplication.processEvents()
    check.tree.scrollToItem(item)
    rect = check.tree.visualItemRect(item)
    qtbot.mouseClick(check.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(check.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_page_key() == "apps"
    assert QApplication.focusWidget() is window.editors["email.regular_users"]


def test_a_warning_keeps_its_explanation_with_the_period(qtbot, demo_window):
    window = demo_window
    retype(window.show_page("unit_doc").editors["doc.date"], "1/3/2019")  # before the end of figures
    check = window.show_page("check")
    row = next(i for i, e in enumerate(check.entries()) if getattr(e, "rule_id", "") == "document_date")
    check.tree.setCurrentItem(check.tree.topLevelItem(row))
    assert check.explanation.isEnabled()
    focus(check.explanation)
    type_text(check.explanation, "Báo cáo gửi trước theo yêu cầu của Đoàn kiểm tra")
    press(check.explanation, Qt.Key.Key_Return, text="\r")
    assert window.ws.explanations(Period.parse("2019")) == {"document_date": "Báo cáo gửi trước theo yêu cầu của Đoàn kiểm tra"}
    assert check.tree.topLevelItem(row).text(2).startswith("Báo cáo gửi trước")


def test_a_register_row_breaking_a_rule_is_marked(qtbot, demo_window):
    window = demo_window
    page = window.show_page("equipment")
    model = page.model
    first = window.ws.register_items()[0]
    from ebgov_desktop.gui.register import COLUMNS

    assert model.setData(model.index(0, COLUMNS.index("cpnet")), "9")  # more than the 4 computers
    assert "register_rows" in listed(window)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is not None
    assert "CPNet" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert model.setData(model.index(0, COLUMNS.index("cpnet")), "4")
    assert "register_rows" not in listed(window)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is None
    assert window.ws.register_items()[0].id == first.id
