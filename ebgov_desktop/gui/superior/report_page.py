"""The page "Báo cáo tổng hợp": the office, the document settings and the officer's text for the
consolidated report, and the workers that make its PDF and its workbook."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...services import superior as sup
from ..dialogs import problem_label
from ..fields import field_tooltip, make_editor

__all__ = ["ReportTextPage", "REPORT_SECTIONS", "make_consolidated_pdf", "make_workbook"]

#: the fields of the superior period's template the consolidated report prints (services.superior.report_data), by group
REPORT_SECTIONS = (
    ("Văn bản báo cáo", ("doc.superior_line", "doc.number", "doc.symbol", "doc.place", "doc.date",
                         "doc.title", "doc.basis", "doc.closing")),
    ("Ký ban hành và nơi nhận", ("doc.signer_authority", "doc.signer_deputy", "doc.signer_title",
                                 "doc.signer_name", "doc.recipients")),
    ("Nhận xét, đánh giá của cấp trên (in trong báo cáo tổng hợp)",
     ("comments.infrastructure", "comments.apps", "comments.tthc", "text.difficulties", "text.causes",
      "text.directions", "text.recommendations")),
)


def make_consolidated_pdf(state, paths, period_code: str, out: Path):
    """Worker: the consolidated report; None when cancelled (the service leaves no file)."""
    return sup.export_consolidated(None, period_code, out, paths=paths, state=state)


def make_workbook(state, paths, period_code: str, out: Path):
    """Worker: the workbook of the three tables; None when cancelled."""
    return sup.export_workbook(None, period_code, out, paths=paths, state=state)


class ReportTextPage(QScrollArea):
    """The office name, the document settings and the text the officer writes for the consolidated
    report: the period template's editors, saved when the officer leaves a field (like the commune's pages)."""

    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.window = window
        self.setObjectName("page.report")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(16, 12, 24, 12)
        box = QGroupBox("Cơ quan ban hành báo cáo")
        form = QFormLayout(box)
        self.office = QLineEdit(objectName="superior.office")
        self.office.setPlaceholderText("để trống khi Ủy ban nhân dân ban hành; ví dụ: Sở Khoa học và "
                                       "Công nghệ")
        self.office.editingFinished.connect(self._office_done)
        label = QLabel("&Cơ quan (tùy chọn):")
        label.setBuddy(self.office)
        form.addRow(label, self.office)
        self.header = QLabel(objectName="superior.header")
        form.addRow(QLabel("Tiêu đề in ở góc trái:"), self.header)
        outer.addWidget(box)
        self.editors: dict[str, QWidget] = {}
        fields = window.ws.template_for(window.period).fields  # the superior's period's template
        for title, keys in REPORT_SECTIONS:
            box = QGroupBox(title)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for key in (k for k in keys if k in fields):
                spec = fields[key]
                editor = make_editor(spec)
                editor.commit_requested.connect(lambda e=editor: self.commit(e))
                if hasattr(editor, "hint"):  # text pasted in an old encoding: said on the status line
                    editor.hint.connect(lambda text: self.window.status.setText(text))
                label = QLabel(spec.label)
                label.setWordWrap(True)
                label.setMinimumWidth(240)
                label.setMaximumWidth(420)
                label.setToolTip(field_tooltip(spec))
                label.setBuddy(editor)
                form.addRow(label, editor)
                self.editors[key] = editor
            outer.addWidget(box)
        self.problem = problem_label("report.problem")
        outer.addWidget(self.problem)
        buttons = QHBoxLayout()
        self.pdf_button = QPushButton("Xuất báo cáo tổng hợp &PDF…", objectName="report.pdf")
        self.xlsx_button = QPushButton("Xuất &Excel…", objectName="report.xlsx")
        self.pdf_button.clicked.connect(window.export_pdf)
        self.xlsx_button.clicked.connect(window.export_xlsx)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.xlsx_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        outer.addStretch(1)
        self.setWidget(body)

    def refresh(self) -> None:
        w = self.window
        try:  # the period's own values (title, symbol of the office…) exist once the page is seen
            if w.ws.unit is not None and not w.ws.unit.kind.is_commune:
                sup.ensure_period(w.ws, w.period)
        except UserError as exc:
            self.problem.setText(str(exc))
        values = w.report_values()
        self.office.setText(sup.office(w.ws))
        self._show_header()
        for key, editor in self.editors.items():
            editor.show_value(values.get(key))
            editor.set_mark(None)
        self.problem.setText("")

    def _show_header(self) -> None:
        unit = self.window.ws.unit
        if unit is None:
            return
        above, lines = sup.header_lines(unit, sup.office(self.window.ws))
        self.header.setText("\n".join(([above] if above else []) + list(lines)))

    def _office_done(self) -> None:
        try:
            if self.office.text().strip() != sup.office(self.window.ws):
                sup.set_office(self.window.ws, self.office.text())
                self.window.saved()
        except UserError as exc:
            self.problem.setText(str(exc))
            return
        self._show_header()
        self.window.update_title()

    def commit(self, editor) -> bool:
        key = editor.objectName()
        if not editor.is_dirty():
            return True
        w = self.window
        try:
            value = editor.field_value()
            period = sup.ensure_period(w.ws, w.period)
            w.ws.set_value(period, key, value)
        except UserError as exc:
            editor.set_mark("input", str(exc))
            self.problem.setText(str(exc))
            return False
        editor.set_mark(None)
        self.problem.setText("")
        editor.show_value(w.ws.values(period).get(key))
        w.saved()
        return True

    def commit_focused(self) -> None:
        widget = QApplication.focusWidget()
        key = widget.objectName() if widget is not None else ""
        if key in self.editors and self.editors[key] is widget:
            self.commit(widget)
