"""The welcome dialog: the unit picked from the official list, Enter moving on, every problem at once."""

from gui_keys import focus, press, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ebgov_desktop.gui.welcome import WelcomeDialog
from ebgov_desktop.services import superior as sup


def dialog_for(qtbot, paths, year=2019):
    dialog = WelcomeDialog(paths)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.year.setValue(year)
    return dialog


def test_a_commune_is_found_without_diacritics_and_fills_code_kind_and_names(qtbot, paths):
    dialog = dialog_for(qtbot, paths)
    box = dialog.province_box
    box.setCurrentIndex(box.findData("46"))
    focus(dialog.search)
    type_text(dialog.search, "quang tho")
    rows = [dialog.results.item(i).text() for i in range(dialog.results.count())]
    assert rows == ["19894  Xã Quảng Thọ — huyện Quảng Điền, Huế"]
    dialog.results.setCurrentRow(0)
    values = {k: dialog.inputs[k].text() for k in ("unit.name", "unit.code", "unit.district", "unit.province")}
    assert values == {"unit.name": "Quảng Thọ", "unit.code": "19894", "unit.district": "Quảng Điền",
                      "unit.province": "Huế"}
    assert dialog.inputs["unit.kind"].currentData() == "xa"
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.problem.text()
    assert (dialog.workspace.unit.code, dialog.workspace.unit.province_code) == ("19894", "46")
    dialog.workspace.close()


def test_the_list_follows_the_year_a_phuong_fills_its_kind(qtbot, paths):
    dialog = dialog_for(qtbot, paths, year=2026)
    assert dialog.province_box.count() == 35  # 34 and the prompt
    focus(dialog.search)
    type_text(dialog.search, "thuan an")
    texts = [dialog.results.item(i).text() for i in range(dialog.results.count())]
    hue = next(i for i, t in enumerate(texts) if t.startswith("19900"))
    dialog.results.setCurrentRow(hue)
    assert dialog.inputs["unit.kind"].currentData() == "phuong"
    assert dialog.inputs["unit.district"].text() == ""
    dialog.year.setValue(2019)
    assert dialog.province_box.count() == 64


def test_a_code_not_in_the_list_needs_a_confirmation(qtbot, paths):
    dialog = dialog_for(qtbot, paths)
    for key, text in (("unit.name", "Quảng Thọ"), ("unit.code", "19901"), ("unit.province", "Huế")):
        dialog.inputs[key].setText(text)
    dialog.create_unit()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "mã xã 19901 không có trong danh mục đơn vị hành chính trước 01/7/2025" in dialog.problem.text()
    assert dialog.unlisted.isVisible() and not dialog.unlisted.isChecked()
    dialog.unlisted.setChecked(True)
    dialog.create_unit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.workspace.unit.code == "19901"
    dialog.workspace.close()


def test_enter_moves_to_the_next_field_and_never_submits_a_half_filled_form(qtbot, paths):
    dialog = dialog_for(qtbot, paths)
    name = dialog.inputs["unit.name"]
    focus(name)
    type_text(name, "Quảng Thọ\n")
    assert QApplication.focusWidget() is dialog.inputs["unit.code"]
    type_text(dialog.inputs["unit.code"], "19894\n")
    assert QApplication.focusWidget() is dialog.inputs["unit.district"]
    press(dialog.inputs["unit.district"], Qt.Key.Key_Return, text="\r")
    assert dialog.isVisible() and dialog.workspace is None and dialog.problem.text() == ""


def test_every_problem_is_shown_at_once_in_form_order(qtbot, paths):
    dialog = dialog_for(qtbot, paths)
    dialog.inputs["unit.code"].setText("12")
    dialog.create_unit()
    lines = dialog.problem.text().splitlines()
    assert lines == ["• Tên đơn vị: hãy nhập tên đơn vị.",
                     "• Mã đơn vị hành chính: mã xã '12' phải gồm đúng 5 chữ số (mã đơn vị hành chính của "
                     "Tổng cục Thống kê).",
                     "• Tỉnh / thành phố: hãy nhập tên tỉnh / thành phố."]


def test_a_province_picked_from_the_list_gets_its_communes(qtbot, paths):
    dialog = dialog_for(qtbot, paths, year=2026)
    kind = dialog.inputs["unit.kind"]
    kind.setCurrentIndex(kind.findData("tinh"))
    dialog.province_box.setCurrentIndex(dialog.province_box.findData("46"))
    assert (dialog.inputs["unit.code"].text(), dialog.inputs["unit.name"].text()) == ("46", "Huế")
    dialog.create_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.problem.text()
    communes = sup.list_expected(dialog.workspace)
    assert len(communes) == 40 and "xã Quảng Điền" in [c.full_name for c in communes]
    dialog.workspace.close()


def test_a_district_is_picked_from_the_list_before_2025(qtbot, paths):
    dialog = dialog_for(qtbot, paths, year=2019)
    kind = dialog.inputs["unit.kind"]
    kind.setCurrentIndex(kind.findData("huyen"))
    dialog.province_box.setCurrentIndex(dialog.province_box.findData("46"))
    focus(dialog.search)
    type_text(dialog.search, "quang dien")
    assert dialog.results.count() == 1
    dialog.results.setCurrentRow(0)
    assert dialog.inputs["unit.code"].text() == "477"
    dialog.create_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.problem.text()
    assert len(sup.list_expected(dialog.workspace)) == 11
    dialog.workspace.close()


def test_a_pasted_name_longer_than_its_field_is_kept_whole_and_refused_with_its_limit(qtbot, paths):
    dialog = dialog_for(qtbot, paths)
    long_name = "Quảng Thọ " * 25  # 250 characters, as a paste of a whole sentence would be
    for key, text in (("unit.name", long_name), ("unit.code", "19894"), ("unit.province", "Huế")):
        dialog.inputs[key].setText(text)
    assert dialog.inputs["unit.name"].text() == long_name  # nothing cut without a word
    dialog.create_unit()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "Tên đơn vị: dài 249 ký tự, quá giới hạn 200 ký tự" in dialog.problem.text()
    assert "tối đa 200 ký tự" in dialog.inputs["unit.name"].toolTip()
