"""The new-period dialog: every period kind, chosen by keyboard."""

from PySide6.QtCore import Qt

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.gui.dialogs import NewPeriodDialog


def test_nine_months_is_offered_and_needs_no_number(qtbot):
    dialog = NewPeriodDialog([Period.parse("2024")])
    qtbot.addWidget(dialog)
    dialog.show()
    kinds = [dialog.kind.itemText(i) for i in range(dialog.kind.count())]
    assert kinds == ["Năm", "6 tháng", "9 tháng", "Quý", "Tháng", "Đột xuất"]
    dialog.kind.setFocus()
    qtbot.keyClicks(dialog.kind, "9")
    assert dialog.kind.currentText() == "9 tháng"
    assert not dialog.index.isVisibleTo(dialog)
    assert dialog.period() == Period.parse("2025-9T")
    assert (dialog.period().code, dialog.period().label) == ("2025-9T", "9 tháng đầu năm 2025")
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Return)
    assert dialog.result() == NewPeriodDialog.DialogCode.Accepted


def test_the_template_follows_the_period_date_and_can_be_changed(qtbot):
    from ebgov_desktop.services.templates_exchange import template_choices

    dialog = NewPeriodDialog([Period.parse("2024")], template_choices=lambda p: template_choices(None, p))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.period() == Period.parse("2025")
    assert dialog.template() == ("cds-xa-2025", 1)
    assert dialog.template_box.currentText().startswith("mẫu 2025: Báo cáo kết quả phát triển khoa học")
    dialog.kind.setFocus()
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)  # 6 tháng đầu năm 2025 ends 14/6/2025: before the reform
    assert dialog.period() == Period.parse("2025-H1") and dialog.template() == ("bc-ungdung-cntt", 1)
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)
    assert dialog.period() == Period.parse("2025-9T") and dialog.template() == ("cds-xa-2025", 1)
    dialog.template_box.setFocus()
    qtbot.keyClick(dialog.template_box, Qt.Key.Key_Down)  # the officer may choose the older one
    assert dialog.template() == ("bc-ungdung-cntt", 1)
    assert "Sau khi tạo kỳ, không đổi được mẫu" in dialog.template_note.text()


def test_without_choices_the_dialog_has_no_template_row(qtbot):
    dialog = NewPeriodDialog([])
    qtbot.addWidget(dialog)
    assert dialog.template() is None and not dialog.template_box.isVisibleTo(dialog)
