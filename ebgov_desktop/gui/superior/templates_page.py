"""The "Biểu mẫu" page of the superior window: the report templates (biểu mẫu) this office can send down.

Lists every template (the program's own, those its IT officer wrote, those received), imports a template
file after the engine's check, checks a file without importing it (every problem with its line),
previews a template's form and a sample PDF with example figures, and writes it signed with the office's
key to a folder (the USB stick) for the communes: ``services/templates_exchange.py`` does the work.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...services import templates_exchange as tx
from .models import ROW_ROLE, TableModel, TableProxy

__all__ = ["TemplatesPage", "TemplatePreviewDialog", "ProblemsDialog", "HEADERS"]

HEADERS = ["Mã biểu mẫu", "Phiên bản", "Cấp", "Hiệu lực", "Nguồn", "Tên"]
_LEVELS = {"xa": "xã", "huyen": "huyện", "tinh": "tỉnh"}


def _make_sample(state, paths, template_id: str, version: int, out: Path):
    """Worker: the sample PDF of a template with example figures; None when cancelled."""
    return tx.sample_report(paths, template_id, version, out, state=state)


class ProblemsDialog(QDialog):
    """The result of a check: "hợp lệ" or every problem with its line."""

    def __init__(self, title: str, message: str, problems: list[str], parent=None):
        super().__init__(parent)
        self.setObjectName("template_problems")
        self.setWindowTitle(title)
        lay = QVBoxLayout(self)
        self.message = QLabel(message, objectName="template_problems.message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.message)
        self.list = QListWidget(objectName="template_problems.list")
        self.list.setWordWrap(True)
        for text in problems:
            self.list.addItem(text)
        self.list.setVisible(bool(problems))
        lay.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(680, 360 if problems else 160)


class TemplatePreviewDialog(QDialog):
    """The form a template makes, page by page, filled with example figures (nothing is saved)."""

    def __init__(self, template, values: dict, parent=None):
        super().__init__(parent)
        from ..fields import FieldPage

        self.setObjectName("template_preview")
        self.setWindowTitle(f"Xem trước biểu mẫu: {template.title} (phiên bản {template.version})")
        lay = QVBoxLayout(self)
        note = QLabel("Biểu mẫu xã sẽ nhập, với số liệu ví dụ. Không có gì được lưu.")
        note.setWordWrap(True)
        lay.addWidget(note)
        self.tabs = QTabWidget(objectName="template_preview.pages")
        self.pages: dict[str, FieldPage] = {}
        for page in template.pages:
            if not template.sections_on_page(page.key):
                continue  # the register and Kiểm tra pages have no fields of their own
            widget = FieldPage(page.key, lambda: values, template=template)
            for key, editor in widget.editors.items():
                if key in values:
                    editor.show_value(values[key])
            widget.update_ratios()
            self.pages[page.key] = widget
            self.tabs.addTab(widget, page.label.replace("&", "&&"))
        lay.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(1100, 680)


class TemplatesPage(QWidget):
    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.window = window
        self.setObjectName("page.templates")
        self.dialog: QDialog | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        intro = QLabel("Biểu mẫu báo cáo các xã dùng. Cấp trên nhập biểu mẫu do cán bộ CNTT soạn (tệp "
                       ".toml), kiểm tra, xem trước rồi ghi ra USB kèm chữ ký số của đơn vị để gửi "
                       "xuống xã; xã nhập bằng «Nhập biểu mẫu từ cấp trên…» và đối chiếu mã khóa ký "
                       "qua điện thoại.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.model = TableModel(self)
        self.proxy = TableProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(objectName="templates")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.activated.connect(lambda _i: self.preview())
        lay.addWidget(self.view, 1)
        self.status = QLabel(objectName="templates.status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.status)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (
                ("import", "&Nhập tệp biểu mẫu…", self.import_file),
                ("check", "Kiểm tr&a tệp…", self.check_file),
                ("preview", "&Xem trước biểu mẫu", self.preview),
                ("sample", "&PDF mẫu với số liệu ví dụ…", self.sample_pdf),
                ("export", "Ghi ra &USB (có chữ ký)…", self.export)):
            button = QPushButton(text, objectName=f"templates.{name}")
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(button)
            self.buttons[name] = button
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.rows: list[tx.TemplateRow] = []
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())

    # -- data --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            self.rows = tx.available_templates(self.window.ws)
        except UserError as exc:
            self.status.setText(str(exc))
            self.rows = []
        self.model.set_table(HEADERS, [[r.template_id, r.version, _LEVELS.get(r.level, r.level),
                                        r.validity, r.source, r.title] for r in self.rows], self.rows)
        self.view.resizeColumnsToContents()
        self.view.setColumnWidth(4, min(self.view.columnWidth(4), 260))
        if self.rows and not self.view.selectionModel().hasSelection():
            self.view.selectRow(0)
        self._selection_changed()

    def selected(self) -> tx.TemplateRow | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.proxy.data(rows[0], ROW_ROLE)

    def select(self, template_id: str, version: int | None = None) -> None:
        for i in range(self.proxy.rowCount()):
            row = self.proxy.data(self.proxy.index(i, 0), ROW_ROLE)
            if row.template_id == template_id and (version is None or row.version == version):
                self.view.selectRow(i)
                return

    def _selection_changed(self) -> None:
        row = self.selected()
        for name in ("preview", "sample", "export"):
            self.buttons[name].setEnabled(row is not None)

    def _dir(self) -> Path:
        return self.window._default_dir()

    # -- actions -----------------------------------------------------------------------------------
    def _ask_open(self, title: str) -> Path | None:
        chosen, _f = QFileDialog.getOpenFileName(self, title, str(self._dir()),
                                                 "Biểu mẫu (*.toml);;Mọi tệp (*)")
        return Path(chosen) if chosen else None

    def import_file(self, path: str | Path | None = None) -> None:
        """Import a template file the office's IT officer wrote (checked first)."""
        path = Path(path) if path else self._ask_open("Nhập tệp biểu mẫu")
        if path is None:
            return
        try:
            result = tx.import_template(self.window.ws, path)
        except UserError as exc:
            self.status.setText(str(exc))
            return
        self.refresh()
        self.select(result.identity.template_id, result.identity.version)
        self.status.setText(result.message)

    def check_file(self, path: str | Path | None = None) -> ProblemsDialog | None:
        from ...services.templates import check_template, template_warnings

        path = Path(path) if path else self._ask_open("Kiểm tra tệp biểu mẫu")
        if path is None:
            return None
        problems = check_template(path)
        # a usable template may still let the officer enter a figure that is printed nowhere
        warnings = [] if problems else template_warnings(path)
        lines = [f"Dòng {p.line}: {p.message}" if p.line else p.message for p in problems or warnings]
        if problems:
            message = (f"{path.name}: có {len(problems)} lỗi; biểu mẫu chưa dùng được. Sửa tệp rồi kiểm "
                       "tra lại.")
        elif warnings:
            message = (f"{path.name}: biểu mẫu dùng được, nhưng có {len(warnings)} cảnh báo (trường nhập "
                       "được mà báo cáo không in ra).")
        else:
            message = f"{path.name}: biểu mẫu hợp lệ, không có lỗi."
        self.status.setText(message)
        self.dialog = ProblemsDialog("Kiểm tra biểu mẫu", message, lines, self)
        self.dialog.open()
        return self.dialog

    def preview(self) -> TemplatePreviewDialog | None:
        row = self.selected()
        if row is None:
            return None
        template = tx.find_template(self.window.ws, row.template_id, row.version)
        if template is None:
            self.status.setText(f"Không đọc được biểu mẫu {row.template_id}.")
            return None
        self.dialog = TemplatePreviewDialog(template, tx.example_values(template), self)
        self.dialog.open()
        return self.dialog

    def sample_pdf(self, out: str | Path | None = None):
        """A sample report of the selected template with example figures (background task)."""
        row = self.selected()
        if row is None:
            return None
        if out is None:
            out = self.window._ask_file("PDF mẫu với số liệu ví dụ",
                                        f"BM_{row.template_id}_v{row.version}_mau.pdf",
                                        "Tệp PDF (*.pdf)", ".pdf")
            if out is None:
                return None
        return self.window._run("Đang làm PDF mẫu…", _make_sample, row.template_id, row.version,
                                Path(out), on_done=self._sample_done)

    def _sample_done(self, path) -> None:
        if path is None:  # cancelled: no file
            return
        self.status.setText(f"Đã làm PDF mẫu: {path}")
        from ..report_actions import open_in_viewer

        open_in_viewer(path)

    def export(self, out_dir: str | Path | None = None) -> tx.TemplateExportResult | None:
        row = self.selected()
        if row is None:
            return None
        if out_dir is None:
            chosen = QFileDialog.getExistingDirectory(self, "Chọn ổ USB hoặc thư mục để ghi biểu mẫu",
                                                      str(self._dir()))
            if not chosen:
                return None
            out_dir = chosen
        try:
            result = tx.export_template(self.window.ws, row.template_id, out_dir, version=row.version)
        except UserError as exc:
            self.status.setText(str(exc))
            return None
        self.status.setText(f"Đã ghi {result.path} (có chữ ký số). Mã khóa ký của đơn vị: "
                            f"{result.fingerprint} — đọc mã này cho xã khi xã gọi điện đối chiếu.")
        return result
