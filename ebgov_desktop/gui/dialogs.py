"""Small dialogs of the main window: a new reporting period."""

from __future__ import annotations

import datetime as _dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)

from ..domain.periods import Period, PeriodKind

__all__ = ["NewPeriodDialog"]

_INDEX_RANGE = {
    PeriodKind.YEAR: (0, 0, ""),
    PeriodKind.HALF: (1, 2, "6 tháng thứ:"),
    PeriodKind.QUARTER: (1, 4, "Quý:"),
    PeriodKind.MONTH: (1, 12, "Tháng:"),
    PeriodKind.AD_HOC: (1, 99, "Báo cáo đột xuất số:"),
}


class NewPeriodDialog(QDialog):
    """Choose kind and year of a new period; ``period()`` gives it."""

    def __init__(self, existing: list[Period], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Kỳ báo cáo mới")
        self.existing = set(existing)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Kỳ báo cáo mới mang theo sổ thiết bị và thông tin ký, nơi nhận của kỳ "
                             "trước; các số liệu khác để trống để nhập mới."))
        form = QFormLayout()
        self.kind = QComboBox(objectName="new_period.kind")
        for kind in PeriodKind:
            self.kind.addItem(kind.label, kind)
        self.year = QSpinBox(objectName="new_period.year")
        self.year.setRange(1990, 2100)
        latest = max(existing).year + 1 if existing else _dt.date.today().year
        self.year.setValue(latest)
        self.index = QSpinBox(objectName="new_period.index")
        self.index_label = QLabel()
        form.addRow("&Loại kỳ:", self.kind)
        form.addRow("&Năm:", self.year)
        form.addRow(self.index_label, self.index)
        lay.addLayout(form)
        self.problem = QLabel(objectName="new_period.problem")
        self.problem.setStyleSheet("color: #c62828")
        lay.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Tạo kỳ báo cáo")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        low, high, label = _INDEX_RANGE[self.kind.currentData()]
        self.index.setRange(low, high)
        self.index_label.setText(label)
        self.index.setVisible(bool(label))
        self.index_label.setVisible(bool(label))

    def period(self) -> Period:
        kind = self.kind.currentData()
        return Period(self.year.value(), kind, 0 if kind is PeriodKind.YEAR else self.index.value())

    def _accept(self) -> None:
        if self.period() in self.existing:
            self.problem.setText(f"Kỳ báo cáo {self.period().label} đã có; chọn kỳ khác.")
            return
        self.accept()
