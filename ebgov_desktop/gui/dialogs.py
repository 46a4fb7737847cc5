"""Small dialogs of the main window: a new reporting period, the errors that block an action."""

from __future__ import annotations

import datetime as _dt

from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QSpinBox,
    QVBoxLayout,
)

from ..domain.periods import Period, PeriodKind

__all__ = ["NewPeriodDialog", "BlockingErrorsDialog", "problem_label", "message_label"]

_INDEX_RANGE = {
    PeriodKind.YEAR: (0, 0, ""),
    PeriodKind.HALF: (1, 2, "6 tháng thứ:"),
    PeriodKind.NINE_MONTHS: (0, 0, ""),
    PeriodKind.QUARTER: (1, 4, "Quý:"),
    PeriodKind.MONTH: (1, 12, "Tháng:"),
    PeriodKind.AD_HOC: (1, 99, "Báo cáo đột xuất số:"),
}


def message_label(name: str, text: str = "") -> QLabel:
    """A word-wrapped message shown as plain text (a name from a file or an error's words are never
    read as markup) that the officer can select and copy."""
    label = QLabel(text, objectName=name)
    label.setWordWrap(True)
    label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def problem_label(name: str) -> QLabel:
    """The red line where a dialog or a page says what went wrong (word-wrapped; empty at first)."""
    label = QLabel(objectName=name)
    label.setWordWrap(True)
    label.setStyleSheet("color: #c62828")
    return label


class NewPeriodDialog(QDialog):
    """Choose kind and year of a new period; ``period()`` gives it."""

    def __init__(self, existing: list[Period], parent=None, *, template_choices=None):
        """``template_choices(period) -> (choices, default index)`` adds the choice of the new period's
        report template (``services.templates_exchange.template_choices``); none for a superior."""
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
        self.template_choices = template_choices
        self.template_box = QComboBox(objectName="new_period.template")
        self.template_box.setMinimumWidth(420)
        self.template_note = QLabel("Mẫu báo cáo chọn theo ngày của kỳ (từ 01/7/2025: mẫu 2025); có thể "
                                    "chọn mẫu khác. Sau khi tạo kỳ, không đổi được mẫu.")
        self.template_note.setWordWrap(True)
        if template_choices is not None:
            form.addRow("&Mẫu báo cáo:", self.template_box)
            form.addRow("", self.template_note)
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
        for box in (self.year, self.index):
            box.valueChanged.connect(self._fill_templates)
        self._fill_templates()

    def _kind_changed(self) -> None:
        low, high, label = _INDEX_RANGE[self.kind.currentData()]
        self.index.setRange(low, high)
        self.index_label.setText(label)
        self.index.setVisible(bool(label))
        self.index_label.setVisible(bool(label))
        self._fill_templates()

    def _fill_templates(self) -> None:
        """The templates of the period chosen, the one valid on its date selected."""
        if self.template_choices is None or not hasattr(self, "template_box"):
            return
        period = self.period()
        low, high, _label = _INDEX_RANGE[period.kind]
        if not low <= period.index <= high:
            return  # the number's range is being changed with the kind: filled right after
        choices, default = self.template_choices(period)
        self.template_box.clear()
        for choice in choices:
            self.template_box.addItem(choice.label, (choice.template_id, choice.version))
        self.template_box.setCurrentIndex(default)

    def template(self) -> tuple[str, int] | None:
        """(id, version) of the template chosen, or None when the dialog offers no choice."""
        return self.template_box.currentData() if self.template_choices is not None else None

    def period(self) -> Period:
        kind = PeriodKind(self.kind.currentData())  # Qt gives the enum's value back as a plain str
        return Period(self.year.value(), kind, self.index.value() if _INDEX_RANGE[kind][2] else 0)

    def _accept(self) -> None:
        if self.period() in self.existing:
            self.problem.setText(f"Kỳ báo cáo {self.period().label} đã có; chọn kỳ khác.")
            return
        self.accept()


class BlockingErrorsDialog(QDialog):
    """Why something is refused: the errors still in the data, one per line, and a way to fix them.

    ``proceed_text`` adds a button that goes on anyway (the dialog is then accepted); "Đến trang Kiểm
    tra" emits ``go_to_checks``; "Đóng" rejects.
    """

    go_to_checks = Signal()

    def __init__(self, title: str, message: str, errors: list[str], parent=None, *,
                 proceed_text: str = ""):
        super().__init__(parent)
        self.setObjectName("blocking_errors")
        self.setWindowTitle(title)
        lay = QVBoxLayout(self)
        self.message = QLabel(message, objectName="blocking_errors.message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        lay.addWidget(self.message)
        self.list = QListWidget(objectName="blocking_errors.list")
        self.list.setWordWrap(True)
        for text in errors:
            self.list.addItem(text)
        lay.addWidget(self.list)
        buttons = QDialogButtonBox()
        self.checks_button = buttons.addButton("Đến trang &Kiểm tra",
                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.checks_button.clicked.connect(self._go)
        self.proceed_button = None
        if proceed_text:
            self.proceed_button = buttons.addButton(proceed_text,
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(640, 380)

    def errors(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _go(self) -> None:
        self.go_to_checks.emit()
        self.reject()
