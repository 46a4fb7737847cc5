"""The window of a superior-level workspace (huyện, thị xã, thành phố, tỉnh).

Same habits as the commune window (a period selector on the toolbar, pages as tabs, menus Tệp / Trang /
Báo cáo / Trợ giúp, ``add_action``), five pages: "Đơn vị cấp xã" (the expected list), "Tình hình nộp"
(the board), "Tổng hợp" (communes × indicators), "Báo cáo tổng hợp" (the officer's text and document
settings) and "Biểu mẫu" (the templates sent down to the communes, ``templates_page.py``). Every long
job (import, PDF, Excel, a commune's own report) runs off the GUI thread (``gui/tasks.py``) in its own
workspace connection, with progress and Hủy.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from ...domain.errors import UserError
from ...domain.periods import Period
from ...services import superior as sup
from ...services.settings import Settings
from ...services.workspace import Workspace, WorkspaceError
from ..jobs import BackgroundJobs, kb
from ..report_actions import open_in_viewer
from ..tasks import Task
from ..window_actions import WindowActions
from .consolidated import make_commune_report
from .report_page import ReportTextPage, make_consolidated_pdf, make_workbook

__all__ = ["SuperiorWindow", "PAGES"]

#: (key, tab label) of the pages
PAGES = (("units", "Đơn vị cấp xã"), ("board", "Tình hình nộp"), ("consolidated", "Tổng hợp"),
         ("report", "Báo cáo tổng hợp"), ("templates", "Biểu mẫu"))
PAGE_KEYS = [k for k, _ in PAGES]


class SuperiorWindow(BackgroundJobs, WindowActions, QMainWindow):
    #: Emitted once, after the first paint (the daily start backup starts then, as in the commune
    #: window).
    first_painted = Signal()
    _NEW_PERIOD_TEXT = "Kỳ báo cáo khác…"
    _GEOMETRY_KEY = "superior.geometry"
    _JOBS_NAME = "superior"

    def __init__(self, ws: Workspace, settings: Settings, period: Period | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("superior_window")
        self.ws = ws
        self.settings = settings
        self.menus: dict[str, Any] = {}
        self.dialog = None
        if period is None:
            known = self.periods()
            remembered = settings.get("superior.period")
            period = next((p for p in known if p.code == remembered), known[0] if known else
                          Period.parse(str(_dt.date.today().year)))
        self.period: Period = period

        from .board import BoardPage
        from .consolidated import ConsolidatedPage
        from .templates_page import TemplatesPage
        from .units import UnitsPage

        self.tabs = QTabWidget(objectName="pages")
        self.tabs.setDocumentMode(True)
        self.units_page = UnitsPage(self)
        self.board_page = BoardPage(self)
        self.consolidated_page = ConsolidatedPage(self)
        self.report_page = ReportTextPage(self)
        self.templates_page = TemplatesPage(self)
        self.pages = {"units": self.units_page, "board": self.board_page,
                      "consolidated": self.consolidated_page, "report": self.report_page,
                      "templates": self.templates_page}
        for key, label in PAGES:
            self.tabs.addTab(self.pages[key], label)
        self.setCentralWidget(self.tabs)
        for page in (self.board_page, self.consolidated_page):
            page.open_commune.connect(self.open_commune)
            page.print_commune.connect(self.print_commune)
        self._stale = set(PAGE_KEYS)

        self._build_period_toolbar()
        self._build_menus()
        self.status = QLabel(objectName="status")
        self.statusBar().addWidget(self.status, 1)
        start = settings.get("superior.page")
        self.tabs.setCurrentIndex(PAGE_KEYS.index(start) if start in PAGE_KEYS else 1)
        self.tabs.currentChanged.connect(self._page_changed)
        self._page_changed(self.tabs.currentIndex())
        self.update_title()
        self._restore_geometry()
        self._painted = False
        self.tabs.installEventFilter(self)

    # -- construction ------------------------------------------------------------------------------
    def periods(self) -> list[Period]:
        """Periods with packages or report text, newest first."""
        try:
            return sup.board_periods(self.ws)
        except UserError:
            return list(reversed(self.ws.periods()))

    def _periods_shown(self) -> list[Period]:
        """The selector: the periods with packages or report text and the one shown, newest first."""
        known = self.periods()
        return known if self.period in known else sorted(known + [self.period], reverse=True)

    def _build_menus(self) -> None:
        self._add_menus("file", "pages", "report", "help")
        self.import_action = self._action("&Nhập gói dữ liệu…", "Ctrl+I", self.open_import_dialog,
                                          "import_packages")
        self.menus["file"].addAction(self.import_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.import_action)
        self.menus["file"].addAction(self._action("Nhập &danh sách đơn vị từ tệp…", None,
                                                  self._import_list, "import_list"))
        self.menus["file"].addAction(self._action("Kỳ báo cáo &khác…", "Ctrl+N", self.new_period,
                                                  "new_period"))
        self._add_quit_action("T&hoát")
        self._set_pages_menu(PAGES, self.go_to_page)
        self.pdf_action = self._action("Xuất báo cáo tổng hợp &PDF…", "Ctrl+E", self.export_pdf,
                                       "export_consolidated_pdf")
        self.xlsx_action = self._action("Xuất &Excel…", "Ctrl+Shift+E", self.export_xlsx, "export_xlsx")
        self.refresh_action = self._action("&Đọc lại số liệu", "F5", self.data_changed, "refresh")
        for action in (self.pdf_action, self.xlsx_action):
            self.menus["report"].addAction(action)
            self.toolbar.addAction(action)
        self.menus["report"].addSeparator()
        self.menus["report"].addAction(self.refresh_action)
        self._add_help_actions()
        self.menus["help"].addAction(self._action("&Thông tin chương trình…", None, self.about, "about"))

    # -- pages -------------------------------------------------------------------------------------
    def show_page(self, key: str) -> QWidget:
        self.tabs.setCurrentIndex(PAGE_KEYS.index(key))
        return self.page(key)

    def go_to_page(self, key: str) -> QWidget:
        """Alt+1 … Alt+5: show the page with the keyboard in its first field."""
        widget = self.show_page(key)
        self.focus_first(widget)
        return widget

    def page(self, key: str) -> QWidget:
        """The page of ``key``, up to date."""
        if key in self._stale:
            self._stale.discard(key)
            self.pages[key].refresh()
        return self.pages[key]

    def current_page_key(self) -> str:
        return PAGE_KEYS[self.tabs.currentIndex()]

    def _page_changed(self, index: int) -> None:
        key = PAGE_KEYS[index]
        self.page(key)
        self.settings.set("superior.page", key)

    def data_changed(self, fresh: tuple[str, ...] = ()) -> None:
        """The list or the packages changed: every page reads again (the current one now) but those
        in ``fresh``, already shown from what the change reported."""
        self.report_page.commit_focused()
        self._stale = set(PAGE_KEYS) - set(fresh)
        self._fill_periods()
        self.page(self.current_page_key())

    def reload(self) -> None:
        self.data_changed()
        self.update_title()

    def commit_focused(self) -> None:
        self.report_page.commit_focused()

    def report_values(self) -> dict:
        return dict(self.ws.values(self.period)) if self.ws.has_period(self.period) else {}

    # -- periods -----------------------------------------------------------------------------------
    def set_period(self, period: Period) -> None:
        self.commit_focused()
        self.period = period
        self.settings.set("superior.period", period.code)
        self.data_changed()
        self.update_title()

    def new_period(self) -> None:
        from ..dialogs import NewPeriodDialog

        dialog = NewPeriodDialog(self.periods(), self)
        dialog.setWindowTitle("Chọn kỳ báo cáo")
        # the commune's wording (register carried over…) does not apply here
        intro = dialog.layout().itemAt(0).widget()
        intro.setText("Chọn kỳ báo cáo để xem tình hình nộp, bảng tổng hợp và viết báo cáo tổng hợp "
                      "(ví dụ khi chưa nhập gói nào của kỳ đó).")
        intro.setWordWrap(True)
        buttons = dialog.findChild(QDialogButtonBox)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Chọn kỳ báo cáo")
        if dialog.exec():
            self.set_period(dialog.period())

    # -- messages ----------------------------------------------------------------------------------
    def saved(self) -> None:
        self.status.setText(f"Đã lưu lúc {_dt.datetime.now():%H:%M:%S}.")

    def show_message(self, title: str, text: str) -> None:
        self.tell(title, text, warning=True)

    def update_title(self) -> None:
        unit = self.ws.unit
        name = (sup.office(self.ws) or unit.short_council_name) if unit else "ebgov"
        self.setWindowTitle(f"{name} — Tổng hợp {self.period.label}")  # Qt adds " — ebgov"

    def about(self) -> QMessageBox:
        from ... import __version__

        return self.tell("Thông tin chương trình",
                         f"ebgov — tổng hợp báo cáo ứng dụng CNTT, chính quyền điện tử của các đơn vị "
                         f"cấp xã.\nPhiên bản {__version__}. Chạy không cần mạng.")

    # -- import ------------------------------------------------------------------------------------
    def open_import_dialog(self):
        from .import_dialog import ImportDialog

        self.commit_focused()
        dialog = ImportDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._imported)
        dialog.confirm_keys.connect(self._confirm_keys)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _imported(self, report, boards=None) -> None:
        """After an import: the pages read again, but the board of the period shown is the one the
        import computed (``boards``: period code → ``Board``), not a second one."""
        periods = {r.period for r in report.results if r.outcome.stored and r.period}
        if self.period.code not in periods and len(periods) == 1:
            self.period = Period.parse(next(iter(periods)))
            self.settings.set("superior.period", self.period.code)
            self.update_title()
        board = (boards or {}).get(self.period.code)
        if board is not None:
            self.board_page.show_board(board)
        self.data_changed(fresh=("board",) if board is not None else ())
        self.status.setText(report.summary)

    def _confirm_keys(self, period: str) -> None:
        """"Xác nhận khóa…" of the import dialog: the board, at the units whose key waits."""
        if period and period != self.period.code:
            self.set_period(Period.parse(period))
        self.show_page("board").show_waiting_keys()

    def _import_list(self) -> None:
        self.show_page("units").import_list()

    # -- background jobs (``jobs.BackgroundJobs``) -------------------------------------------------
    def _jobs_parent(self) -> QWidget:
        return self

    def _job_actions(self):
        return (self.pdf_action, self.xlsx_action)

    def _run(self, title: str, fn, *args, on_done: Callable) -> Task | None:
        """``fn(state, paths, *args)`` in the background unless a job runs already."""
        if self.busy:
            return None
        self.commit_focused()
        return self._start_job(title, title.rstrip("…"), fn, self.ws.paths, *args, on_done=on_done)

    def document_complete_ok(self) -> bool:
        """While the signature block or Nơi nhận is empty: say so, go on only if the officer says so
        (the report would print without them)."""
        from PySide6.QtWidgets import QMessageBox

        from ...services.report import document_warnings

        warnings = document_warnings(self.ws, self.period)
        if not warnings:
            return True
        answer = QMessageBox.question(
            self, "Xuất báo cáo tổng hợp",
            "\n".join(f"• {w}" for w in warnings) + "\n\nBáo cáo in ra sẽ thiếu các phần này (nhập ở trang "
            "«Báo cáo tổng hợp»). Vẫn xuất?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def export_pdf(self) -> Task | None:
        if self.busy:
            return None
        try:
            unit = sup.require_superior(self.ws)
        except WorkspaceError as exc:
            self.show_message("Xuất báo cáo tổng hợp", str(exc))
            return None
        if not self.document_complete_ok():
            return None
        out = self._ask_file("Lưu báo cáo tổng hợp", sup.default_consolidated_name(unit, self.period),
                             "Tệp PDF (*.pdf)", ".pdf")
        if out is None:
            return None
        return self._run("Đang làm báo cáo tổng hợp…", make_consolidated_pdf, self.period.code, out,
                         on_done=self._pdf_done)

    def _pdf_done(self, result) -> None:
        if result is None:
            self.status.setText("Đã hủy xuất báo cáo tổng hợp.")
            return
        self.status.setText(f"Đã ghi báo cáo tổng hợp {self.period.label} ({result.sentence}; "
                            f"{result.pages} trang, {kb(result.size)}) ra {result.path}.")
        if not open_in_viewer(result.path):
            self.tell("Xuất báo cáo tổng hợp", f"Đã ghi báo cáo ra tệp:\n{result.path}\nMáy này chưa có "
                      "chương trình xem PDF nên chưa mở được tệp.")

    def export_xlsx(self) -> Task | None:
        if self.busy:
            return None
        try:
            unit = sup.require_superior(self.ws)
        except WorkspaceError as exc:
            self.show_message("Xuất Excel", str(exc))
            return None
        out = self._ask_file("Lưu bảng tổng hợp Excel",
                             sup.default_consolidated_name(unit, self.period, ".xlsx"),
                             "Bảng tính Excel (*.xlsx)", ".xlsx")
        if out is None:
            return None
        return self._run("Đang ghi bảng Excel…", make_workbook, self.period.code, out,
                         on_done=self._xlsx_done)

    def _xlsx_done(self, path) -> None:
        self.status.setText(f"Đã ghi bảng Excel (tình hình nộp, chỉ tiêu các đơn vị, thiết bị tổng hợp) "
                            f"ra {path}.")

    # -- one commune -------------------------------------------------------------------------------
    def open_commune(self, package_id: int):
        from .consolidated import CommuneDialog

        try:
            dialog = CommuneDialog(self.ws, package_id, self)
        except UserError as exc:
            self.show_message("Xem số liệu của xã", str(exc))
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.print_requested.connect(self.print_commune)
        self.dialog = dialog
        dialog.open()
        return dialog

    def print_commune(self, package_id: int) -> Task | None:
        from ...services.report import default_report_name

        if self.busy:
            return None
        try:
            ds = sup.commune_dataset(self.ws, package_id)
        except UserError as exc:
            self.show_message("In báo cáo của xã", str(exc))
            return None
        out = self._ask_file(f"Lưu báo cáo của {ds.unit.full_name}",
                             default_report_name(ds.unit, ds.period), "Tệp PDF (*.pdf)", ".pdf")
        if out is None:
            return None
        self._printing = ds.unit.full_name
        return self._run(f"Đang làm báo cáo của {ds.unit.full_name}…", make_commune_report, package_id,
                         out, on_done=self._commune_done)

    def _commune_done(self, result) -> None:
        if result is None:
            self.status.setText("Đã hủy.")
            return
        self.status.setText(f"Đã ghi báo cáo của {self._printing} ({result.pages} trang, lần gửi "
                            f"{result.revision.number}, mã số liệu {result.revision.short_digest}) ra "
                            f"{result.path}.")
        open_in_viewer(result.path)
