""""Nhập gói dữ liệu…": pick files or a folder (a whole USB stick), see what would happen (a dry run,
nothing changes), then import off the GUI thread with a progress bar and Dừng.

Plan, then apply: the dry run's report carries its plan (what reading each file gave, by the file's
SHA-256), and the import takes it, so a package is verified once; after the import the board of each
period touched is computed once, shown in the summary and handed to the window (``imported``). Units
not counted yet because their key waits for confirmation are said, with a button to confirm them.

Each package is imported in its own transaction (``services.packages``): Dừng acts even inside a
package being read (it is left untouched), leaves every finished one imported and every other one
untouched. The dry run and the
import each open their own workspace in the worker (SQLite connections are per thread).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from ...domain.errors import UserError
from ...services import superior as sup
from ...services.packages import Outcome
from ...services.workspace import Workspace, WorkspaceError
from ..dialogs import message_label
from ..tasks import Task, run_task, show_progress
from .models import TableModel

__all__ = ["ImportDialog", "dry_run", "do_import", "PREVIEW_HEADERS"]

_KEYS_BUTTON = "Xác nhận &khóa của các đơn vị…"

PREVIEW_HEADERS = ["Tệp", "Đơn vị", "Kỳ", "Lần gửi", "Kết quả", "Lý do"]
_ORDER = [Outcome.NEW, Outcome.NEWER, Outcome.CONFLICT, Outcome.WRONG_KEY, Outcome.INVALID, Outcome.OLDER,
          Outcome.IDENTICAL]


def dry_run(state, paths, sources: list[str]):
    """Worker: what importing ``sources`` would do; nothing changes."""
    with Workspace.open(paths=paths) as ws:
        return sup.import_packages(ws, sources, dry_run=True, state=state)


def do_import(state, paths, sources: list[str], learn: bool, plan=None):
    """Worker: the import (verifying only the files whose bytes changed since the dry run's ``plan``);
    stops between two packages when asked. Returns the report and the board of each period it
    touched (period code → ``Board``), computed once here."""
    with Workspace.open(paths=paths) as ws:
        report = sup.import_packages(ws, sources, state=state, learn=learn, plan=plan)
        periods = sorted({r.period for r in report.results if r.outcome.recorded and r.period})
        boards = {}
        for code in periods:
            try:
                boards[code] = b = sup.board(ws, code)
                _ = b.search  # the window's filter keys, folded here in the worker
            except WorkspaceError:
                continue
        return report, boards


def _preview_rows(report) -> list[list]:
    """One row per package: what changes first (new, newer, conflicts), then refusals, then the
    packages already imported."""
    rows = []
    for r in sorted(report.results, key=lambda r: _ORDER.index(r.outcome)):
        unit = f"{r.unit_name} (mã {r.unit_code})" if r.unit_code else ""
        rows.append([r.file.name, unit, r.period, r.revision, r.outcome.label, r.reason])
    return rows


class ImportDialog(QDialog):
    """Steps: choose → dry run table → Nhập (progress, Dừng) → summary. ``imported`` after a real
    import (also a stopped one), so the window reads the board again."""

    imported = Signal(object, object)  # ImportReport, {period code: Board} of the periods touched
    #: "Xác nhận khóa…" after an import: the window shows the units whose key waits (period code)
    confirm_keys = Signal(str)

    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.setObjectName("import_dialog")
        self.setWindowTitle("Nhập gói dữ liệu của các đơn vị")
        self.window_ = window
        self.paths = window.ws.paths
        self.sources: list[str] = []
        self.preview = None  # the dry run's ImportReport
        self.report = None
        self.boards: dict = {}
        self.task: Task | None = None
        self.stage = "choose"
        self._generation = 0
        lay = QVBoxLayout(self)
        intro = QLabel("Chọn các tệp gói dữ liệu (.ebgov) hoặc cả một thư mục, ví dụ cả ổ USB: chương "
                       "trình tìm mọi gói trong thư mục và các thư mục con. Trước khi nhập, bảng dưới "
                       "cho biết từng gói sẽ được xử lý thế nào; chưa có gì thay đổi cho tới khi bấm "
                       "“Nhập”.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        pick = QHBoxLayout()
        self.files_button = QPushButton("Chọn &tệp…", objectName="import.files")
        self.folder_button = QPushButton("Chọn thư &mục (ổ USB)…", objectName="import.folder")
        self.files_button.clicked.connect(self.choose_files)
        self.folder_button.clicked.connect(self.choose_folder)
        pick.addWidget(self.files_button)
        pick.addWidget(self.folder_button)
        pick.addStretch(1)
        lay.addLayout(pick)
        self.source_list = QListWidget(objectName="import.sources")
        self.source_list.setMaximumHeight(64)
        lay.addWidget(self.source_list)

        self.model = TableModel(self)
        self.table = QTableView(objectName="import.preview")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(22)
        lay.addWidget(self.table, 1)

        self.learn = QCheckBox("Thêm vào danh sách các đơn vị gửi gói mà &chưa có trong danh sách",
                               objectName="import.learn")
        lay.addWidget(self.learn)
        self.progress = QProgressBar(objectName="import.progress")
        self.progress.setFormat("%v/%m gói")
        self.progress.hide()
        lay.addWidget(self.progress)
        self.message = message_label("import.summary")
        lay.addWidget(self.message)
        buttons = QHBoxLayout()
        self.keys_button = QPushButton(_KEYS_BUTTON, objectName="import.keys")
        self.keys_button.setToolTip("Mở trang Tình hình nộp ở các đơn vị có khóa ký chờ xác nhận: gọi "
                                    "điện đối chiếu mã khóa với từng đơn vị rồi xác nhận.")
        self.keys_button.hide()
        self.keys_button.clicked.connect(self._confirm_keys)
        buttons.addWidget(self.keys_button)
        buttons.addStretch(1)
        self.run_button = QPushButton("&Nhập", objectName="import.run")
        self.run_button.setEnabled(False)
        self.cancel_button = QPushButton("&Dừng", objectName="import.cancel")
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton("Đón&g", objectName="import.close")
        self.run_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        for b in (self.run_button, self.cancel_button, self.close_button):
            buttons.addWidget(b)
        lay.addLayout(buttons)
        self.resize(1000, 560)

    # -- choose ------------------------------------------------------------------------------------
    def _start_dir(self) -> str:
        last = self.window_.settings.get("superior.import_dir")
        return last if last and Path(last).is_dir() else str(Path.home())

    def choose_files(self) -> None:
        chosen, _f = QFileDialog.getOpenFileNames(self, "Chọn gói dữ liệu", self._start_dir(),
                                                  "Gói dữ liệu (*.ebgov);;Mọi tệp (*)")
        if chosen:
            self.window_.settings.set("superior.import_dir", str(Path(chosen[0]).parent))
            self.set_sources(chosen)

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Chọn thư mục hoặc ổ USB có gói dữ liệu",
                                                  self._start_dir())
        if chosen:
            self.window_.settings.set("superior.import_dir", chosen)
            self.set_sources([chosen])

    def set_sources(self, sources) -> Task | None:
        """Show the sources and start the dry run."""
        if self.busy:
            return None
        self.sources = [str(s) for s in sources]
        self.source_list.clear()
        self.source_list.addItems(self.sources)
        self.preview = None
        self.report = None
        self.keys_button.hide()
        self.run_button.setEnabled(False)
        self.model.set_table(PREVIEW_HEADERS, [])
        self.stage = "dry_run"
        self.message.setText("Đang đọc và kiểm tra các gói (chưa thay đổi dữ liệu)…")
        return self._start(dry_run, self.sources, on_done=self._previewed)

    @property
    def busy(self) -> bool:
        return self.task is not None

    def _start(self, fn, *args, on_done) -> Task:
        self.progress.setValue(0)
        self.progress.setMaximum(1)
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self.files_button.setEnabled(False)
        self.folder_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self._generation += 1
        generation = self._generation  # a finished signal of an earlier job must not end this one
        self.task = run_task(fn, self.paths, *args, on_done=on_done, on_error=self._failed,
                             on_progress=self._progressed,
                             on_finished=lambda: self._finished(generation))
        return self.task

    def _progressed(self, done: int, total: int, text: str) -> None:
        show_progress(self.progress, done, total)
        if text and self.stage == "import":
            self.message.setText(f"Đang nhập {text}…")

    def _finished(self, generation: int | None = None) -> None:
        if generation is not None and generation != self._generation:
            return
        self.task = None
        self.cancel_button.setEnabled(False)
        self.files_button.setEnabled(True)
        self.folder_button.setEnabled(True)
        self.close_button.setEnabled(True)

    def _failed(self, exc: BaseException, _details: str) -> None:
        self._finished()
        if isinstance(exc, UserError):
            self.message.setText(str(exc))
            self.stage = "choose"
            self.run_button.setEnabled(False)
            return
        from ..crash import report_exception

        report_exception(exc, "package import")

    def _previewed(self, report) -> None:
        self._finished()  # the worker is done: the stage and the buttons change together
        self.preview = report
        self.model.set_table(PREVIEW_HEADERS, _preview_rows(report))
        header = self.table.horizontalHeader()
        for col, width in enumerate((230, 190, 60, 60, 200)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if report.cancelled:
            self.message.setText("Đã dừng việc kiểm tra; chưa có gì thay đổi. Hãy chọn lại tệp.")
            self.stage = "choose"
            return
        stored = sum(1 for r in report.results if r.outcome.stored)
        held = sum(1 for r in report.results if r.outcome is Outcome.WRONG_KEY)
        if not report.results:
            self.message.setText("Không tìm thấy gói dữ liệu (.ebgov) nào ở chỗ đã chọn. Hãy chọn lại.")
            self.stage = "choose"
            return
        todo = []
        if stored:
            todo.append(f"nhập {stored} gói (mỗi gói nhập trọn vẹn hoặc không nhập)")
        if held:
            todo.append(f"giữ lại {held} gói ký bằng khóa mới, chờ xác nhận mã khóa qua điện thoại ở "
                        "trang Tình hình nộp (“Xác nhận / chấp nhận khóa…”)")
        keys = f"\n{report.keys_sentence}" if report.keys_sentence else ""
        self.message.setText(report.summary + keys + (
            f"\nBấm “Nhập” để {'; '.join(todo)}." if todo else "\nKhông có gói nào cần nhập."))
        self.stage = "confirm"
        self.run_button.setEnabled(bool(todo))
        if todo:
            self.run_button.setDefault(True)
            self.run_button.setFocus()

    # -- import ------------------------------------------------------------------------------------
    def start_import(self) -> Task | None:
        if self.busy or self.preview is None:
            return None
        self.run_button.setEnabled(False)
        self.stage = "import"
        self.message.setText("Đang nhập…")
        return self._start(do_import, self.sources, self.learn.isChecked(), self.preview.plan,
                           on_done=self._imported)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.message.setText("Đang dừng: gói đang đọc dở không được nhập, các gói đã nhập được giữ nguyên…")

    def _imported(self, outcome) -> None:
        self._finished()
        report, boards = outcome
        self.report = report
        self.boards = boards
        self.stage = "done"
        self.model.set_table(PREVIEW_HEADERS, _preview_rows(report))
        done = len(report.results)
        total = len(self.preview.results) if self.preview is not None else done
        lines = [report.summary.replace(" Đã dừng theo yêu cầu.", "")]
        if report.cancelled:
            lines.append(f"Đã dừng theo yêu cầu sau {done}/{total} gói: các gói đã nhập được giữ "
                         f"nguyên, {total - done} gói còn lại chưa nhập (chọn lại để nhập tiếp).")
        lines += [f"Báo cáo {b.period.label}: {b.sentence}." for b in boards.values()]
        if report.keys_sentence:
            lines.append(report.keys_sentence.replace("rồi xác nhận khóa.",
                                                      f"rồi bấm “{_KEYS_BUTTON.replace('&', '')}”."))
        self.keys_button.setVisible(bool(report.waiting_keys))
        self.message.setText("\n".join(lines))
        self.imported.emit(report, boards)
        if report.waiting_keys:
            self.keys_button.setDefault(True)
            self.keys_button.setFocus()

    def _confirm_keys(self) -> None:
        """Close, and let the window show the units whose key waits (the first period that has one)."""
        if self.report is None or self.busy:
            return
        period = next((r.period for r in self.report.waiting_keys if r.period), "")
        self.accept()
        self.confirm_keys.emit(period)

    def reject(self) -> None:
        if self.busy:  # the close button is disabled while working; Esc asks to stop first
            self.cancel()
            return
        super().reject()
