"""Tệp > "Gộp dữ liệu đơn vị cũ…": a former commune's register (and, for reference, its periods) brought
into the commune it became part of on 01/7/2025.

The officer picks the former commune's USB package or backup; a preview shows every row that would
arrive, with the former unit as its origin, and the periods kept for reference. Nothing changes until
"Gộp vào sổ"; the rows go in as one undo step (Ctrl+Z).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
)

from ..domain.errors import UserError
from ..services import merge
from .dialogs import problem_label
from .register import COLUMNS, RegisterModel

__all__ = ["MergeDialog", "ask_merge", "preview_dialog"]

_SHOWN = ("kind", "description", "quantity", "year_acquired", "condition", "location", "notes")


class MergeDialog(QDialog):
    """The preview of a merge; ``ids`` holds the new rows once "Gộp vào sổ" was pressed."""

    def __init__(self, window, preview: merge.MergePreview):
        super().__init__(window)
        self.setObjectName("merge_dialog")
        self.setWindowTitle("Gộp dữ liệu đơn vị cũ")
        self.window_ = window
        self.preview = preview
        self.ids: list[int] = []
        lay = QVBoxLayout(self)
        f = preview.former.unit
        head = QLabel(f"<b>{f.short_council_name}</b> (mã {f.code}) — từ tệp {preview.former.source.name}")
        lay.addWidget(head)
        self.summary = QLabel(preview.summary, objectName="merge.summary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.model = RegisterModel(window.template, None, self)
        self.model.set_items(preview.rows)
        self.view = QTableView(objectName="merge.rows")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        for i, column in enumerate(COLUMNS):
            self.view.setColumnHidden(i, column not in _SHOWN)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COLUMNS.index("description"), QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMNS.index("notes"), QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COLUMNS.index("kind"), 190)
        header.resizeSection(COLUMNS.index("condition"), 150)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        lay.addWidget(self.view, 1)
        self.problem = problem_label("merge.problem")
        self.problem.setText("\n".join(preview.problems))
        lay.addWidget(self.problem)
        unit = window.ws.require_unit()
        self.confirm = QCheckBox(
            f"Danh mục đơn vị hành chính không ghi {f.full_name} (mã {f.code}) sáp nhập vào "
            f"{unit.full_name}: tôi chắc chắn đây đúng là xã cũ của đơn vị mình", objectName="merge.confirm")
        self.confirm.setVisible(preview.ok and not preview.listed)
        lay.addWidget(self.confirm)
        note = QLabel("Chưa có gì thay đổi. Bấm «Gộp vào sổ» để thêm các dòng trên vào sổ thiết bị (mỗi dòng "
                      "ghi đơn vị cũ ở cột Ghi chú); Ctrl+Z hoàn tác cả lần gộp.")
        note.setWordWrap(True)
        lay.addWidget(note)
        buttons = QDialogButtonBox()
        self.run_button = buttons.addButton("&Gộp vào sổ", QDialogButtonBox.ButtonRole.AcceptRole)
        self.run_button.setObjectName("merge.run")
        self.run_button.setEnabled(preview.ok and bool(preview.rows))
        cancel = buttons.addButton("&Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("merge.cancel")
        buttons.accepted.connect(self.run)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(1100, 560)

    def run(self) -> None:
        try:
            self.ids = merge.apply_merge(self.window_.ws, self.preview, period=self.window_.period,
                                         confirm_unlisted=self.confirm.isChecked())
        except UserError as exc:
            self.problem.setText(str(exc))
            return
        self.window_.register_changed(reload=True)
        self.window_.status.setText(f"Đã gộp {len(self.ids)} dòng của {self.preview.former.unit.full_name} "
                                    "vào sổ thiết bị (Ctrl+Z để hoàn tác).")
        self.accept()


def preview_dialog(window, path: str | Path) -> MergeDialog | None:
    """The preview of merging the former commune in ``path`` (not shown yet); None after a message
    when the file cannot be used."""
    try:
        preview = merge.preview_merge(window.ws, path)
    except UserError as exc:
        window.show_message("Gộp dữ liệu đơn vị cũ", str(exc))
        return None
    return MergeDialog(window, preview)


def ask_merge(window) -> MergeDialog | None:
    """Pick the former commune's file, show the preview, merge on confirmation."""
    path, _ = QFileDialog.getOpenFileName(
        window, "Chọn gói dữ liệu hoặc bản sao lưu của xã cũ", "",
        "Gói dữ liệu, bản sao lưu (*.ebgov *.sqlite);;Mọi tệp (*)")
    if not path:
        return None
    dialog = preview_dialog(window, path)
    if dialog is not None:
        dialog.exec()
    return dialog
