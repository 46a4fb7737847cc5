"""The rotating log file in ``AppPaths.log_dir`` (platformdirs' user log dir; ``<data-dir>/logs`` with
``--data-dir``). Errors reach the officer as a Vietnamese sentence; the details land here."""

from __future__ import annotations

import datetime as _dt
import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from .. import __version__
from .paths import AppPaths

__all__ = ["LOG_FILE", "LOGGER_NAME", "setup_logging", "stop_logging", "current_log_file", "log_file",
           "format_exception", "log_exception", "RotatingLogFile"]

LOG_FILE = "ebgov-desktop.log"
LOGGER_NAME = "ebgov_desktop"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5


class RotatingLogFile(logging.FileHandler):
    """The log file, renamed to ``<file>.1`` (``.1`` to ``.2`` …, up to ``backup_count``) before a
    record would make it reach ``max_bytes`` — what ``logging.handlers.RotatingFileHandler`` does.

    Not that class: ``logging.handlers`` imports socket, pickle and queue, which the program would load
    (some 7 ms) before its window shows, for handlers it never uses.
    """

    def __init__(self, filename: Path, max_bytes: int, backup_count: int):
        super().__init__(filename, mode="a", encoding="utf-8", delay=True)
        self.max_bytes = max_bytes
        self.backup_count = backup_count

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self._roll_over()
        except Exception:  # noqa: BLE001 - as logging does: a failing log never stops the program
            self.handleError(record)
            return
        super().emit(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if self.max_bytes <= 0 or (os.path.exists(self.baseFilename)
                                   and not os.path.isfile(self.baseFilename)):
            return False
        if self.stream is None:
            self.stream = self._open()
        self.stream.seek(0, 2)
        return self.stream.tell() + len(f"{self.format(record)}\n") >= self.max_bytes

    def _roll_over(self) -> None:
        if self.stream:
            self.stream.close()
            self.stream = None
        if self.backup_count > 0:
            for i in range(self.backup_count - 1, 0, -1):
                older, newer = f"{self.baseFilename}.{i}", f"{self.baseFilename}.{i + 1}"
                if os.path.exists(older):
                    os.replace(older, newer)
            if os.path.exists(self.baseFilename):
                os.replace(self.baseFilename, f"{self.baseFilename}.1")


_handler: RotatingLogFile | None = None


def log_file(paths: AppPaths) -> Path:
    return paths.log_dir / LOG_FILE


def setup_logging(paths: AppPaths, *, level: int = logging.INFO, max_bytes: int = MAX_BYTES,
                  backup_count: int = BACKUP_COUNT) -> Path:
    """Send the program's log to the rotating file of ``paths`` (again: moves it there)."""
    global _handler
    target = log_file(paths)
    target.parent.mkdir(parents=True, exist_ok=True)
    logger = logging.getLogger(LOGGER_NAME)
    if _handler is not None:
        logger.removeHandler(_handler)
        _handler.close()
    _handler = RotatingLogFile(target, max_bytes, backup_count)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] "
                                            "%(message)s"))
    logger.addHandler(_handler)
    logger.setLevel(level)
    # sys.platform, not platform.platform(): that one runs `uname` at every start (and the module
    # is not needed before the window shows)
    logger.info("ebgov-desktop %s started (Python %s, %s)", __version__, _python_version(),
                sys.platform)
    return target


def _python_version() -> str:
    return ".".join(str(n) for n in sys.version_info[:3])


def stop_logging() -> None:
    """Detach the log file (tests; a second workspace in the same process)."""
    global _handler
    if _handler is not None:
        logging.getLogger(LOGGER_NAME).removeHandler(_handler)
        _handler.close()
        _handler = None


def current_log_file() -> Path | None:
    """The file the log goes to now, if ``setup_logging`` was called."""
    return Path(_handler.baseFilename) if _handler is not None else None


def format_exception(exc_type: type[BaseException], exc: BaseException,
                     tb: TracebackType | None, context: str = "") -> str:
    """The details an officer copies to the technician: version, time, where, the traceback."""
    import platform

    lines = [
        f"ebgov-desktop {__version__}",
        f"Thời điểm: {_dt.datetime.now():%H:%M:%S %d/%m/%Y}",
        f"Python {_python_version()} trên {platform.platform()}",
    ]
    if context:
        lines.append(f"Nơi xảy ra: {context}")
    lines.append("")
    lines.append("".join(traceback.format_exception(exc_type, exc, tb)).rstrip())
    return "\n".join(lines)


def log_exception(exc_type: type[BaseException], exc: BaseException,
                  tb: TracebackType | None, context: str = "") -> str:
    """Write an uncaught exception (with its traceback) to the log; returns the details text."""
    details = format_exception(exc_type, exc, tb, context)
    logging.getLogger(LOGGER_NAME).error("Uncaught exception%s\n%s",
                                         f" in {context}" if context else "", details)
    for h in logging.getLogger(LOGGER_NAME).handlers:
        try:
            h.flush()
        except Exception:  # noqa: BLE001 - a broken handler must not hide the crash
            pass
    if _handler is None:
        print(details, file=sys.stderr)
    return details
