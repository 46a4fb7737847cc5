"""The "Tổng hợp" page: communes × indicators with totals and averages, the summed register, and one
commune's data read-only (all its pages and its register) as it sent them.

The tables are ``services.superior.consolidated_table`` / ``register_table`` — what "Xuất Excel…"
writes — so the window and the workbook show the same cells. Only the percentages are shown at first
(the table fits 1366 px); "Hiện tử số và mẫu số" shows every column of the sheet.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...services import superior as sup
from ...services.workspace import Workspace
from .models import ROW_ROLE, TableModel, first_upper
from .table_page import PackagesPage, sorted_table

__all__ = ["ConsolidatedPage", "CommuneDialog", "percent_columns"]


def percent_columns(headers) -> list[int]:
    """Columns of the percentages (every third after code and name)."""
    return [i for i in range(2, len(headers)) if (i - 2) % 3 == 2]


def make_commune_report(state, paths, package_id: int, out: Path):
    """Worker: one commune's own report; None when cancelled (the service leaves no file)."""
    with Workspace.open(paths=paths) as ws:
        return sup.commune_report(ws, package_id, out, state=state)


class ConsolidatedPage(PackagesPage):
    def __init__(self, window, parent=None):
        super().__init__(window, "consolidated", parent)
        self.view_data: sup.ConsolidatedView | None = None
        lay = self.layout()
        self.summary = QLabel(objectName="consolidated.summary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        bar = QHBoxLayout()
        self.details = QCheckBox("Hiện tử số và &mẫu số", objectName="consolidated.details")
        self.details.toggled.connect(self._show_columns)
        bar.addWidget(self.details)
        bar.addStretch(1)
        bar.addWidget(self.open_button)
        bar.addWidget(self.print_button)
        lay.addLayout(bar)

        split = QSplitter(Qt.Orientation.Vertical)
        self.model, self.proxy, self.view = sorted_table(self, "consolidated", self.open_selected,
                                                         header_width=13)
        self.view.viewport().installEventFilter(self)
        split.addWidget(self.view)

        holder = QWidget()
        hl = QVBoxLayout(holder)
        hl.setContentsMargins(0, 4, 0, 0)
        hl.addWidget(QLabel("<b>Thiết bị tổng hợp</b> (theo loại và tình trạng, không kể thiết bị đã "
                            "thanh lý)"))
        self.register_model = TableModel(self)
        self.register_view = QTableView(objectName="register_sum")
        self.register_view.setModel(self.register_model)
        self.register_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.register_view.verticalHeader().setDefaultSectionSize(22)
        self.register_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        hl.addWidget(self.register_view)
        split.addWidget(holder)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lay.addWidget(split, 1)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def refresh(self) -> None:
        w = self.window
        try:
            view = sup.consolidated(w.ws, w.period)
        except UserError as exc:
            self.summary.setText(str(exc))
            self.model.set_table([], [])
            self.register_model.set_table([], [])
            return
        self.view_data = view
        headers, rows = sup.consolidated_table(view)
        codes = [r[0] for r in rows]
        self.model.set_table(headers, rows, codes, footer_rows=sup.INDICATOR_FOOTER_ROWS)
        self.register_model.set_table(*sup.register_table(view))
        n = view.communes
        head = f"{view.board.sentence}. " if view.board.rows else ""
        self.summary.setText(
            f"{head}Bảng tổng hợp số liệu của {n} đơn vị đã gửi "
            f"{view.period.label}; ba dòng cuối là tổng cộng (tổng tử số / tổng mẫu số), trung bình "
            "tỷ lệ của các đơn vị và số đơn vị có số liệu của từng chỉ tiêu. Bấm vào tiêu đề cột để sắp "
            "xếp; nhấn Enter hoặc bấm đúp một dòng để xem toàn bộ số liệu của xã." if n else
            f"{head}Chưa có số liệu nào của {view.period.label}: hãy nhập gói dữ liệu "
            "(Tệp › Nhập gói dữ liệu…).")
        c = view.consolidation
        if c.other_template:  # the sums are of one template: say who reported on another
            names = ", ".join(f"{first_upper(ds.unit.full_name)} (biểu mẫu {_in_words(ds.template)})"
                              for ds in c.other_template)
            self.summary.setText(self.summary.text() + f" Tổng hợp theo biểu mẫu {_in_words(c.template)}; "
                                 "đơn vị báo cáo theo biểu mẫu khác, không cộng vào bảng: "
                                 f"{names}.")
        self._show_columns()
        self._update_buttons()

    def _show_columns(self) -> None:
        headers = self.model.headers
        keep = set(percent_columns(headers)) | {0, 1}
        every = self.details.isChecked()
        for col in range(len(headers)):
            self.view.setColumnHidden(col, not every and col not in keep)
        if headers:
            self._fit_columns()

    def _fit_columns(self) -> None:
        """The percentages share the width left by code and name (no horizontal scrolling at
        1366 px); with every column shown, fixed widths and the table scrolls."""
        headers = self.model.headers
        if not headers:
            return
        header = self.view.horizontalHeader()
        header.resizeSection(0, 64)
        header.resizeSection(1, 150)
        shown = [c for c in range(2, len(headers)) if not self.view.isColumnHidden(c)]
        if not shown:
            return
        if self.details.isChecked():
            width = 88
        else:
            free = self.view.viewport().width() - 64 - 150 - 2
            width = max(64, free // len(shown))
        for col in shown:
            header.resizeSection(col, width)

    def eventFilter(self, watched, event):
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return False

    def visible_headers(self) -> list[str]:
        return [h for i, h in enumerate(self.model.headers) if not self.view.isColumnHidden(i)]

    def selected_package(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid() or self.view_data is None:
            return None
        code = index.data(ROW_ROLE)
        return self.view_data.package_ids.get(code) if code else None

    def _code_of(self, payload: str) -> str:
        return payload  # the commune's code

    def _update_buttons(self) -> None:
        ok = self.selected_package() is not None
        self.open_button.setEnabled(ok)
        self.print_button.setEnabled(ok)


class CommuneDialog(QDialog):
    """One commune's data, read-only: every page of the form and its register, as it sent them."""

    print_requested = Signal(int)

    def __init__(self, ws, package_id: int, parent=None):
        super().__init__(parent)
        from ..fields import FieldPage
        from ..register import RegisterModel

        self.setObjectName("commune_dialog")
        self.package_id = package_id
        ds = sup.commune_dataset(ws, package_id)
        self.dataset = ds
        self.setWindowTitle(f"Số liệu của {ds.unit.full_name} — {ds.period.label} (chỉ xem)")
        values = dict(ds.values)
        for k, v in ds.unit.to_dict().items():
            values[f"unit.{k}"] = v or None
        lay = QVBoxLayout(self)
        note = QLabel(f"<b>{first_upper(ds.unit.full_name)}</b> (mã {ds.unit.code}), {ds.period.label}. "
                      "Số liệu đúng như đơn vị đã gửi; chỉ xem, không sửa được ở cấp trên.")
        note.setWordWrap(True)
        lay.addWidget(note)
        self.tabs = QTabWidget(objectName="commune.pages")
        self.pages: dict[str, QWidget] = {}
        for page in ds.template.pages:  # the commune's own template
            if page.key == "check":
                continue
            if page.key == "equipment":
                model = RegisterModel(ds.template, None, self)
                model.set_items(list(ds.register))
                view = QTableView(objectName="commune.register")
                view.setModel(model)
                view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
                view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
                view.resizeColumnsToContents()
                widget = view
            else:
                widget = FieldPage(page.key, lambda: values, template=ds.template)
                widget.setObjectName(f"commune.page.{page.key}")
                for key, editor in widget.editors.items():
                    editor.show_value(values.get(key))
                    _read_only(editor)
                widget.update_ratios()
            self.pages[page.key] = widget
            self.tabs.addTab(widget, page.label.replace("&", "&&"))
        lay.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox()
        self.print_button = buttons.addButton("&In báo cáo của xã…", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(lambda: self.print_requested.emit(self.package_id))
        close = buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.setStyleSheet("QLineEdit[readOnly=\"true\"], QPlainTextEdit[readOnly=\"true\"] "
                           "{ background: #f1f1f1; }")
        self.resize(1100, 680)

    def editor(self, key: str):
        for widget in self.pages.values():
            editors = getattr(widget, "editors", {})
            if key in editors:
                return editors[key]
        raise KeyError(key)


def _read_only(editor) -> None:
    if isinstance(editor, (QLineEdit, QPlainTextEdit)):
        editor.setReadOnly(True)
    elif isinstance(editor, QComboBox):
        editor.setEnabled(False)
    editor.setProperty("readOnly", True)


def _in_words(template) -> str:
    """A template as an officer reads it: «its title», phiên bản N (never its machine code)."""
    return f"«{template.title}», phiên bản {template.version}"
