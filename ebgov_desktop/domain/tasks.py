"""The one way long work reports progress and learns it should stop: ``TaskState``.

Plain Python (no Qt), the pattern of Orange's ``TaskState`` / a ``threading.Event``. A long function
(a report, an import, a workbook, a backup) takes ``state: TaskState | None``; it calls
``state.set_progress(done, total, message)`` and polls ``state.cancelled`` where stopping is safe, then
returns early (``None`` or a result marked cancelled) after removing its own temporary files. The window
wraps a state in ``gui.tasks.run_task`` (progress as a Qt signal, the Hủy button sets the flag); the
command line and the benchmarks pass a plain ``TaskState()`` or nothing.

``Cancelled`` is for the one place a worker cannot simply return: inside a library's loop (reportlab's
page layout). The worker's own code raises it there after seeing the flag, and the service that
started the work catches it; it never crosses a service's boundary.
"""

from __future__ import annotations

import threading
from typing import Callable

__all__ = ["TaskState", "Cancelled"]


class Cancelled(Exception):
    """Raised by a worker's own code inside a library loop once ``state.cancelled`` is seen."""


class TaskState:
    """Progress with a message, and a cancel flag the worker polls. Thread-safe."""

    def __init__(self, on_progress: Callable[[int, int, str], None] | None = None):
        self._cancel = threading.Event()
        self._on_progress = on_progress
        self.done = 0
        self.total = 0
        self.message = ""

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def set_progress(self, done: int, total: int, message: str = "") -> None:
        self.done, self.total, self.message = int(done), int(total), message
        if self._on_progress is not None:
            self._on_progress(self.done, self.total, message)

    def check(self) -> None:
        """Raise ``Cancelled`` when asked to stop (only inside a library loop; elsewhere return)."""
        if self._cancel.is_set():
            raise Cancelled
