"""Background work: a plain function run in ``QThreadPool`` with progress, cancel and error reporting.

The worker knows nothing of widgets; it takes the plain ``domain.tasks.TaskState`` every service
takes (progress with a message, a cancel flag it polls)::

    def make_reports(state: TaskState, units):
        for n, unit in enumerate(units):
            if state.cancelled:
                return None
            ...
            state.set_progress(n + 1, len(units), f"Đang làm {unit}")
        return result

    task = run_task(make_reports, units, on_done=show, on_error=show_error)
    task.cancel()

Callbacks run on the GUI thread; without ``on_error`` a failure is logged and shown by the crash
dialog (``gui/crash.py``). A worker that touches the workspace opens its own ``Workspace``
(SQLite connections are per thread).
"""

from __future__ import annotations

import traceback
from typing import Any, Callable

from PySide6 import QtCore
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..domain.tasks import TaskState

__all__ = ["TaskState", "Task", "run_task", "show_progress", "progress_dialog"]


class Task(QObject):
    """A running worker; its signals arrive on the GUI thread."""

    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object, str)  # exception, formatted traceback
    finished = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.state = TaskState(on_progress=self.progress.emit)
        self.result: Any = None
        self.error: BaseException | None = None

    def cancel(self) -> None:
        self.state.cancel()

    @property
    def cancelled(self) -> bool:
        return self.state.cancelled


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn: Callable, args, kwargs):
        super().__init__()
        self.task, self.fn, self.args, self.kwargs = task, fn, args, kwargs
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(self.task.state, *self.args, **self.kwargs)
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI thread, never lost
            self.task.error = exc
            self.task.failed.emit(exc, traceback.format_exc())
        else:
            self.task.result = result
            self.task.done.emit(result)
        finally:
            self.task.finished.emit()


_RUNNING: set[Task] = set()  # keeps tasks alive until they finish


def _release(task: Task) -> None:
    _RUNNING.discard(task)
    task.deleteLater()


def run_task(fn: Callable, *args, on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException, str], None] | None = None,
             on_progress: Callable[[int, int, str], None] | None = None,
             on_finished: Callable[[], None] | None = None,
             pool: QThreadPool | None = None, **kwargs) -> Task:
    """Run ``fn(state, *args, **kwargs)`` off the GUI thread.

    Connect callbacks here, not to the returned task's signals: a quick worker may have finished
    (and emitted them) before the caller gets the task back. ``on_finished`` runs after
    ``on_done``/``on_error``, whatever the outcome.
    """
    # Parented to the application: its C++ object then belongs to the GUI thread and is deleted there
    # (deleteLater below), never by the worker thread dropping its last Python reference.
    task = Task(QtCore.QCoreApplication.instance())
    if on_done is not None:
        task.done.connect(on_done, QtCore.Qt.ConnectionType.QueuedConnection)
    if on_error is None:  # nobody handles it: log it and show the crash dialog
        def on_error(exc: BaseException, _details: str) -> None:
            from .crash import report_exception

            report_exception(exc, f"background task {getattr(fn, '__name__', fn)}")
    task.failed.connect(on_error, QtCore.Qt.ConnectionType.QueuedConnection)
    if on_progress is not None:
        task.progress.connect(on_progress, QtCore.Qt.ConnectionType.QueuedConnection)
    if on_finished is not None:
        task.finished.connect(on_finished, QtCore.Qt.ConnectionType.QueuedConnection)
    _RUNNING.add(task)
    task.finished.connect(lambda: _release(task), QtCore.Qt.ConnectionType.QueuedConnection)
    (pool or QThreadPool.globalInstance()).start(_Runnable(task, fn, args, kwargs))
    return task


def show_progress(bar, done: int, total: int, text: str = "") -> None:
    """Show a worker's ``(done, total, text)`` on a QProgressDialog or QProgressBar.

    Only a QProgressDialog takes the text as its label; a bar's owner shows the text itself.
    """
    bar.setMaximum(max(total, 1))
    bar.setValue(min(done, max(total, 1)))
    if text and hasattr(bar, "setLabelText"):
        bar.setLabelText(text)


def progress_dialog(parent, label: str, window_title: str, object_name: str, *, min_width: int = 0):
    """The window-modal progress dialog of a background job, shown at once at 0 %, with Hủy (connect
    its ``canceled`` to the task's ``cancel``); closed by the caller when the job finishes."""
    from PySide6.QtWidgets import QProgressDialog

    dialog = QProgressDialog(label, "Hủy", 0, 100, parent)
    dialog.setObjectName(object_name)
    dialog.setWindowTitle(window_title)
    dialog.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(0)
    if min_width:
        dialog.setMinimumWidth(min_width)
    dialog.setValue(0)
    dialog.show()
    return dialog
