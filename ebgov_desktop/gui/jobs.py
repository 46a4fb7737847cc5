"""Long jobs started from a window's menu: what the commune window's report actions
(``report_actions.ReportActions``) and the superior window share.

``BackgroundJobs`` is a mixin: one job at a time (``busy``), run off the GUI thread by
``tasks.run_task`` with a window-modal progress dialog and Hủy (``progress``), the actions that start
jobs greyed while it runs; a failure the officer can act on is told in a message, anything else goes to
the crash dialog. ``_ask_file`` asks where to save, starting in the folder chosen last (``last_dir``);
``tell`` shows a message that does not block the window (``message_box``).

The host says which widget the dialogs belong to (``_jobs_parent``), which actions are greyed
(``_job_actions``), the title of a failure's message (``_JOB_FAILED_TITLE``) and its name
(``_JOBS_NAME``: objectNames ``<name>_progress`` and ``<name>_message``, and the crash log's
``<name> task``). What the dialogs and the task need is imported when first used: the host is made
before the window's first paint.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

    from .tasks import Task

__all__ = ["BackgroundJobs", "kb"]


def kb(size: int) -> str:
    """A file's size as the status line says it: ``12 KB`` (1 KB at least)."""
    return f"{max(1, round(size / 1024))} KB"


class BackgroundJobs:
    _JOBS_NAME = "job"
    _JOB_FAILED_TITLE = "Chưa làm xong"

    task: Task | None = None
    progress: QProgressDialog | None = None
    message_box: QMessageBox | None = None
    last_dir: Path | None = None

    def _jobs_parent(self) -> QWidget:  # pragma: no cover - every host says
        raise NotImplementedError

    def _job_actions(self) -> Iterable:
        """The actions greyed while a job runs."""
        return ()

    @property
    def busy(self) -> bool:
        return self.task is not None

    def tell(self, title: str, text: str, *, warning: bool = False) -> QMessageBox:
        """A message that does not block the window (tests read ``message_box``)."""
        from PySide6 import QtCore
        from PySide6.QtWidgets import QMessageBox

        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._jobs_parent())
        box.setObjectName(f"{self._JOBS_NAME}_message")
        box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        box.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()
        return box

    def _default_dir(self) -> Path:
        """Where a save dialog starts: the folder chosen last, else Documents, else home."""
        if self.last_dir is not None and self.last_dir.is_dir():
            return self.last_dir
        home = Path.home()
        return home / "Documents" if (home / "Documents").is_dir() else home

    def _ask_file(self, title: str, name: str, file_filter: str, suffix: str) -> Path | None:
        """Where to save ``name`` (None: the officer cancelled); ``suffix`` is added when left out."""
        from PySide6.QtWidgets import QFileDialog

        chosen, _f = QFileDialog.getSaveFileName(self._jobs_parent(), title,
                                                 str(self._default_dir() / name), file_filter)
        if not chosen:
            return None
        out = Path(chosen)
        if out.suffix.lower() != suffix:
            out = out.with_name(out.name + suffix)
        self.last_dir = out.parent
        return out

    def _start_job(self, label: str, window_title: str, fn: Callable, *args: Any,
                   on_done: Callable, min_width: int = 0) -> Task:
        """Run ``fn(state, *args)`` off the GUI thread with the progress dialog; ``on_done(result)``."""
        from .tasks import progress_dialog, run_task

        dialog = progress_dialog(self._jobs_parent(), label, window_title, f"{self._JOBS_NAME}_progress",
                                 min_width=min_width)
        self.progress = dialog
        self._set_jobs_enabled(False)
        task = run_task(fn, *args, on_done=on_done, on_error=self._job_failed,
                        on_progress=self._job_progressed, on_finished=self._job_finished)
        dialog.canceled.connect(task.cancel)
        self.task = task
        return task

    def _set_jobs_enabled(self, enabled: bool) -> None:
        for action in self._job_actions():
            action.setEnabled(enabled)

    def _job_progressed(self, done: int, total: int, text: str) -> None:
        from .tasks import show_progress

        if self.progress is not None:
            show_progress(self.progress, done, total, text)

    def _job_finished(self) -> None:
        self.task = None
        self._set_jobs_enabled(True)
        if self.progress is not None:
            self.progress.close()

    def _job_failed(self, exc: BaseException, _details: str) -> None:
        from ..domain.errors import UserError

        if isinstance(exc, UserError):
            self.tell(self._JOB_FAILED_TITLE, str(exc), warning=True)
            return
        from .crash import report_exception

        report_exception(exc, f"{self._JOBS_NAME} task")
