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
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Return)
    assert dialog.result() == NewPeriodDialog.DialogCode.Accepted
