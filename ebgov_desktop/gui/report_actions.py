"""The Báo cáo menu's actions: "Xuất báo cáo PDF…", "In…" and "Xuất dữ liệu ra USB…".

Each action takes the window's fresh snapshot of the period (``WindowChecks.fresh_snapshot``: the checks
run once and shown); the errors and missing figures it tells of are the snapshot's, and the PDF is
made off the GUI thread (``gui/tasks.py``) by ``services.report.make_report`` from that very snapshot
(plain data, no connection); a progress dialog with a Hủy button shows how far it is. "In…" (Ctrl+P)
is refused while errors remain (the list is shown; warnings never block), otherwise the PDF is made in
a temporary folder and shown in the program's own print preview (``gui/print_preview.py``: its pages
rendered from that very PDF, printed through Qt's QPrinter and the system print dialog), so printing
never depends on the PDF viewer a PC happens to have. "Xuất báo cáo PDF…" opens the saved file in the
system's PDF viewer.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6 import QtCore
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from ..domain.errors import UserError
from ..domain.system_errors import os_reason
from .jobs import BackgroundJobs, kb

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ..services.snapshot import PeriodSnapshot
    from .dialogs import BlockingErrorsDialog
    from .tasks import Task

# The actions are made with the window, before its first paint; what they open (message boxes, file
# and progress dialogs, the background task) is imported when they are first used.

__all__ = ["ReportActions", "open_in_viewer", "install"]


def open_in_viewer(path: Path) -> bool:
    """Open ``path`` in the system's PDF viewer; False when the system has none."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def make_pdf(state, snap: PeriodSnapshot, out: Path, force: bool):
    """The background worker: the report of the snapshot the officer was shown, to ``out``.

    Returns ``ReportResult``, None when cancelled (the service leaves no file)."""
    from ..services.report import make_report

    return make_report(snap, out, force=force, state=state)


def make_docx(state, snap: PeriodSnapshot, out: Path, force: bool):
    """The background worker: the Word copy of the report of the snapshot, to ``out``."""
    from ..services import report

    return report.make_docx(snap, out, force=force, state=state)


#: kind → (menu words, file filter, suffix, worker)
_KINDS = {"pdf": ("báo cáo PDF", "Tệp PDF (*.pdf)", ".pdf", make_pdf),
          "docx": ("báo cáo Word", "Tệp Word (*.docx)", ".docx", make_docx)}


class ReportActions(BackgroundJobs, QObject):
    """Owns the report and export actions of a ``MainWindow`` (``window.report_actions``); the jobs
    (progress, Hủy, messages, the save dialog's folder) are ``jobs.BackgroundJobs``."""

    _JOBS_NAME = "report"
    _JOB_FAILED_TITLE = "Chưa làm được báo cáo"

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.errors_dialog: BlockingErrorsDialog | None = None
        self.export_dialog = None
        self.preview_dialog = None
        self.export_pdf_action = self._action("Xuất báo cáo &PDF…", "Ctrl+E", self.export_pdf,
                                              "export_pdf")
        self.print_action = self._action("&In…", QKeySequence.StandardKey.Print, self.print_report,
                                         "print")
        self.export_docx_action = self._action("Xuất báo cáo &Word (.docx)…", None, self.export_docx,
                                               "export_docx")
        self.export_usb_action = self._action("Xuất dữ liệu ra &USB…", "Ctrl+U", self.export_usb,
                                              "export_usb")

    def _action(self, text: str, shortcut, slot: Callable, name: str) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(f"action.{name}")
        action.setShortcuts([QKeySequence(shortcut)])  # not setShortcut: see window_actions._action
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def install(self) -> None:
        w = self.window
        w.menus["report"].addSeparator()
        w.add_action("report", self.export_pdf_action, toolbar=True)
        w.add_action("report", self.export_docx_action)
        w.add_action("report", self.print_action)
        w.menus["report"].addSeparator()
        w.add_action("report", self.export_usb_action, toolbar=True)

    # -- shared ------------------------------------------------------------------------------------
    def _jobs_parent(self) -> QWidget:
        return self.window

    def _job_actions(self):
        return (self.export_pdf_action, self.export_docx_action, self.print_action)

    def incomplete_ok(self, snap: PeriodSnapshot, title: str, what: str) -> bool:
        """While required figures are empty: say which, and go on only if the officer says so."""
        missing = snap.missing_required()
        if not missing:
            return True
        from PySide6.QtWidgets import QMessageBox

        shown = "\n".join(f"• {m}" for m in missing[:12]) + (
            f"\n… và {len(missing) - 12} chỉ tiêu khác" if len(missing) > 12 else "")
        answer = QMessageBox.question(
            self.window, title,
            f"Còn {len(missing)} chỉ tiêu bắt buộc chưa nhập:\n{shown}\n\n{what} sẽ thiếu các số liệu "
            "này (cấp trên sẽ thấy «Thiếu số liệu»). Vẫn tiếp tục?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def blocking_errors(self, snap: PeriodSnapshot) -> list[str]:
        """Messages of every error that blocks printing or exporting: fields that could not be saved,
        then the rule errors of the snapshot. Warnings never block."""
        return [p.message for p in self.window.input_problems()] + [f.message for f in snap.errors]

    def _nothing_blocks(self, snap: PeriodSnapshot, refused_title: str, refusal: str, title: str,
                        what: str) -> bool:
        """Before printing or exporting: with errors, the list of them ("Số liệu … còn N lỗi nên chưa
        ``refusal``") and False; with required figures empty, go on only if the officer says so."""
        errors = self.blocking_errors(snap)
        if errors:
            self._refuse(refused_title, f"Số liệu {snap.period.label} còn {len(errors)} lỗi nên "
                         f"chưa {refusal}", errors)
            return False
        return self.incomplete_ok(snap, title, what)

    def _refuse(self, title: str, message: str, errors: list[str], *,
                proceed_text: str = "") -> BlockingErrorsDialog:
        from .dialogs import BlockingErrorsDialog

        dialog = BlockingErrorsDialog(title, message, errors, self.window, proceed_text=proceed_text)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.go_to_checks.connect(lambda: self.window.show_page("check"))
        self.errors_dialog = dialog
        dialog.open()
        return dialog

    # -- PDF ---------------------------------------------------------------------------------------
    def export_pdf(self) -> None:
        self._export("pdf")

    def export_docx(self) -> None:
        """Báo cáo > Xuất báo cáo Word (.docx)…: the same report as an editable Word copy."""
        self._export("docx")

    def _export(self, kind: str) -> None:
        if self.busy:
            return
        words = _KINDS[kind][0]
        snap = self._snapshot(f"Xuất {words}")
        if snap is None:
            return
        errors = self.blocking_errors(snap)
        if errors:
            dialog = self._refuse(
                f"Xuất {words}",
                f"Số liệu {snap.period.label} còn {len(errors)} lỗi. Báo cáo xuất lúc này mang số liệu "
                "sai: chỉ dùng để xem lại, không ký, không gửi, và chưa in được. Các lỗi cần sửa:",
                errors, proceed_text="Vẫn xuất để &xem lại")
            dialog.accepted.connect(lambda: self._ask_and_export(snap, force=True, kind=kind))
            return
        if not self.incomplete_ok(snap, f"Xuất {words}", "Báo cáo"):
            return
        self._ask_and_export(snap, force=False, kind=kind)

    def _snapshot(self, title: str) -> PeriodSnapshot | None:
        """The window's checks run afresh (``fresh_snapshot``); None, after saying why, when the
        period cannot be read (its template gone, no unit)."""
        try:
            return self.window.fresh_snapshot()
        except UserError as exc:
            self.tell(title, str(exc), warning=True)
            return None

    def _ask_and_export(self, snap: PeriodSnapshot, force: bool, kind: str = "pdf") -> None:
        from ..services.report import default_report_name

        words, file_filter, suffix, _worker = _KINDS[kind]
        name = default_report_name(snap.unit, snap.period).removesuffix(".pdf") + suffix
        out = self._ask_file(f"Lưu {words}", name, file_filter, suffix)
        if out is None:
            return
        self._run(snap, f"Đang làm {words}…", out, force=force, print_it=False,
                  on_done=self._exported if kind == "pdf" else self._exported_docx, kind=kind)

    def _exported_docx(self, result) -> None:
        w = self.window
        draft = " — bản nháp, số liệu còn lỗi" if result.draft else ""
        self._written(f"Đã ghi bản Word (có thể chỉnh sửa{draft}) của báo cáo {w.period.label} "
                      f"({kb(result.size)}) ra {result.path}. Bản chính thức là bản PDF.", result.path,
                      "Xuất báo cáo Word",
                      f"Đã ghi bản Word của báo cáo ra tệp:\n{result.path}\nMáy này chưa có chương "
                      "trình mở tệp Word (.docx); hãy cài Microsoft Word, LibreOffice hoặc WPS Office, "
                      "hoặc chép tệp sang máy khác.")

    def _written(self, status: str, path: Path, title: str, no_viewer: str) -> None:
        """A file was written: say so in the status line and open it, or tell why it could not be."""
        self.window.status.setText(status)
        if not open_in_viewer(path):
            self.tell(title, no_viewer)

    def _run(self, snap: PeriodSnapshot, title: str, out: Path, *, force: bool, print_it: bool,
             on_done: Callable, kind: str = "pdf") -> Task:
        # min_width: the steps' texts fit without the dialog jumping in size
        return self._start_job(title, "In báo cáo" if print_it else f"Xuất {_KINDS[kind][0]}",
                               _KINDS[kind][3], snap, out, force, on_done=on_done, min_width=460)

    def _exported(self, result) -> None:
        w = self.window
        if result is None:
            w.status.setText("Đã hủy xuất báo cáo PDF.")
            return
        self._written(f"Đã ghi báo cáo {w.period.label} ({result.pages} trang, {kb(result.size)}) "
                      f"ra {result.path}.", result.path, "Xuất báo cáo PDF",
                      f"Đã ghi báo cáo ra tệp:\n{result.path}\nMáy này chưa có chương trình xem PDF "
                      "nên chưa mở được tệp; hãy cài một chương trình xem PDF hoặc chép tệp sang "
                      "máy khác để xem và in.")

    # -- print -------------------------------------------------------------------------------------
    def print_report(self) -> None:
        if self.busy:
            return
        from ..services.report import default_report_name

        snap = self._snapshot("In báo cáo")
        if snap is None or not self._nothing_blocks(
                snap, "Chưa in được báo cáo", "in được báo cáo (cảnh báo không chặn việc in). Hãy sửa "
                "các lỗi sau rồi in lại:", "In báo cáo", "Bản in"):
            return
        try:
            folder = Path(tempfile.mkdtemp(prefix="ebgov-in-"))
        except OSError as exc:
            self.tell("In báo cáo", f"Không tạo được thư mục tạm để in ({os_reason(exc)}).", warning=True)
            return
        self._run(snap, "Đang chuẩn bị bản in…", folder / default_report_name(snap.unit, snap.period),
                  force=False, print_it=True, on_done=lambda result: self._preview(result, folder))

    def _preview(self, result, folder: Path):
        """The print preview of the report just made (its temporary folder goes when it closes)."""
        w = self.window
        if result is None:
            shutil.rmtree(folder, ignore_errors=True)
            w.status.setText("Đã hủy in báo cáo.")
            return None
        from .print_preview import PrintPreviewDialog

        dialog = PrintPreviewDialog(result.path, f"Báo cáo {w.period.label}", w, folder=folder)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.printed.connect(lambda pages: w.status.setText(
            f"Đã gửi báo cáo {w.period.label} ({pages} trang) tới máy in."))
        self.preview_dialog = dialog
        dialog.resize(min(w.width(), 980), w.height() - 40)
        dialog.open()
        w.status.setText(f"Báo cáo {w.period.label}: {result.pages} trang, xem trước khi in.")
        return dialog

    # -- USB ---------------------------------------------------------------------------------------
    def export_usb(self) -> None:
        """Refused (with the list) while errors remain; otherwise the export dialog."""
        from ..services.packages import export_preview

        w = self.window
        snap = self._snapshot("Xuất dữ liệu ra USB")
        if snap is None or not self._nothing_blocks(
                snap, "Chưa xuất được dữ liệu", "xuất được dữ liệu ra USB (cảnh báo không chặn). Hãy "
                "sửa các lỗi sau rồi xuất lại:", "Xuất dữ liệu ra USB", "Gói dữ liệu"):
            return
        try:
            preview = export_preview(w.ws, snap)
        except UserError as exc:
            self.tell("Xuất dữ liệu ra USB", str(exc), warning=True)
            return
        from .export_dialog import ExportDialog

        dialog = ExportDialog(w.ws, w.period, preview, w)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(lambda result: w.status.setText(
            f"Đã xuất dữ liệu {w.period.label} ra {result.path} (lần gửi {result.revision})."))
        self.export_dialog = dialog
        dialog.open()


def install(window) -> ReportActions:
    actions = ReportActions(window)
    actions.install()
    return actions
