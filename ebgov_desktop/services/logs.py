"""The rotating log file in ``AppPaths.log_dir`` (platformdirs' user log dir; ``<data-dir>/logs`` with
``--data-dir``). Errors reach the officer as a Vietnamese sentence; the details land here."""

from __future__ import annotations

import datetime as _dt
import logging
import logging.handlers
import platform
import sys
import traceback
from pathlib import Path
from types import TracebackType

from .. import __version__
from .paths import AppPaths

__all__ = ["LOG_FILE", "LOGGER_NAME", "setup_logging", "stop_logging", "current_log_file", "log_file", "format_exception", "log_exception"]

LOG_FILE = "ebgov-desktop.log"
LOGGER_NAME = "ebgov_desktop"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5

_handler: logging.handlers.RotatingFileHandler | None = None


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
    _handler = logging.handlers.RotatingFileHandler(
        target, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8", delay=True)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] "
                                            "%(message)s"))
    logger.addHandler(_handler)
    logger.setLevel(level)
    # sys.platform, not platform.platform(): that one runs `uname` at every start
    logger.info("ebgov-desktop %s started (Python %s, %s)", __version__, platform.python_version(),
                sys.platform)
    return target


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
    lines = [
        f"ebgov-desktop {__version__}",
        f"Thời điểm: {_dt.datetime.now().isoformat(timespec='seconds')}",
        f"Python {platform.python_version()} trên {platform.platform()}",
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
