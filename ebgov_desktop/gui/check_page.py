"""The Kiểm tra page: every error and warning of the period; double-click jumps to the field."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.rules import Finding
from .fields import InputProblem

__all__ = ["CheckPage", "InputProblem"]

_COLORS = {"error": QColor("#c62828"), "warning": QColor("#8a6100")}


class CheckPage(QWidget):
    """A list (``findings``) of errors then warnings, and the explanation of the selected warning."""

    jump_requested = Signal(object)  # Finding or InputProblem
    explanation_edited = Signal(str, str)  # finding id, text

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("page.check")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        self.headline = QLabel(objectName="check.headline")
        self.headline.setWordWrap(True)
        lay.addWidget(self.headline)
        self.tree = QTreeWidget(objectName="findings")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Mức độ", "Nội dung", "Giải trình"])
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(0, 110)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, 320)
        self.tree.itemActivated.connect(self._activated)  # Enter, or a double click
        self.tree.itemDoubleClicked.connect(self._activated)
        self.tree.currentItemChanged.connect(self._selected)
        lay.addWidget(self.tree, 1)
        hint = QLabel("Nhấp đúp (hoặc Enter) vào một dòng để đến ô cần sửa. Cảnh báo đúng với thực tế "
                      "thì ghi giải trình; giải trình được lưu cùng kỳ báo cáo.")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        row = QHBoxLayout()
        self.explanation_label = QLabel("Giả&i trình cho cảnh báo đã chọn:")
        self.explanation = QLineEdit(objectName="explanation")
        self.explanation.setMaxLength(5000)
        self.explanation_label.setBuddy(self.explanation)
        self.explanation.setEnabled(False)
        self.explanation.editingFinished.connect(self._explanation_done)
        row.addWidget(self.explanation_label)
        row.addWidget(self.explanation, 1)
        lay.addLayout(row)
        self._jumping = False
        self._entries: list[object] = []
        self._explanations: dict[str, str] = {}

    def set_findings(self, findings: list[Finding], problems: list[InputProblem],
                     explanations: dict[str, str]) -> None:
        current = self.tree.currentItem()
        current_id = current.data(0, QtCore.Qt.ItemDataRole.UserRole) if current else None
        self._explanations = dict(explanations)
        self._entries = list(problems) + list(findings)
        self.tree.clear()
        errors = len(problems) + sum(1 for f in findings if f.is_error)
        warnings = sum(1 for f in findings if not f.is_error)
        for entry in self._entries:
            if isinstance(entry, InputProblem):
                severity, label, message = "error", "Chưa lưu", entry.message
            else:
                severity = "error" if entry.is_error else "warning"
                label, message = entry.severity.label, entry.message
            item = QTreeWidgetItem([label, message, explanations.get(entry.id, "")])
            item.setData(0, QtCore.Qt.ItemDataRole.UserRole, entry.id)
            item.setForeground(0, QBrush(_COLORS[severity]))
            item.setToolTip(1, message)
            self.tree.addTopLevelItem(item)
            if entry.id == current_id:
                self.tree.setCurrentItem(item)
        if not self._entries:
            self.headline.setText("Không có lỗi hay cảnh báo nào. Số liệu sẵn sàng để in báo cáo.")
        else:
            self.headline.setText(f"{errors} lỗi, {warnings} cảnh báo. Lỗi phải sửa trước khi gửi báo "
                                  "cáo; cảnh báo cần xem lại hoặc ghi giải trình.")
        self._selected(self.tree.currentItem(), None)

    def entries(self) -> list[object]:
        return list(self._entries)

    def counts(self) -> tuple[int, int]:
        errors = sum(1 for e in self._entries if isinstance(e, InputProblem) or e.is_error)
        return errors, len(self._entries) - errors

    def _entry(self, item: QTreeWidgetItem | None):
        if item is None:
            return None
        return self._entries[self.tree.indexOfTopLevelItem(item)]

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        if self._jumping:
            return
        entry = self._entry(item)
        if entry is not None:
            self._jumping = True  # a double click is both "activated" and "double-clicked"
            try:
                self.jump_requested.emit(entry)
            finally:
                self._jumping = False

    def _selected(self, item, _previous) -> None:
        entry = self._entry(item)
        is_warning = isinstance(entry, Finding) and not entry.is_error
        self.explanation.setEnabled(is_warning)
        self.explanation.setText(self._explanations.get(entry.id, "") if is_warning else "")
        self.explanation.setPlaceholderText(
            "" if is_warning else "Chọn một cảnh báo trong danh sách để ghi giải trình.")

    def _explanation_done(self) -> None:
        entry = self._entry(self.tree.currentItem())
        if not isinstance(entry, Finding) or entry.is_error:
            return
        text = self.explanation.text().strip()
        if text != self._explanations.get(entry.id, ""):
            self.explanation_edited.emit(entry.id, text)
