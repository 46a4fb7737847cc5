"""The command line: ``ebgov-desktop`` starts the window; ``ebgov-desktop SUBCOMMAND`` works headless.

Every sub-command lives in a module of this package and registers itself in ``COMMAND_MODULES``.
Exit codes: 0 done, 1 the data has errors (``check``), 2 bad input (nothing was changed).

Every error the officer can meet derives from ``UserError``: a command lets it go, and ``main`` prints
its Vietnamese message as one line ``Lỗi: …`` on stderr and exits 2 (a command raises ``CliError`` for
its own refusals). No command wraps the services' errors itself.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import re
import sys
from typing import Callable, Sequence

from .. import __version__
from ..domain.errors import UserError
from ._vi import VietnameseArgumentParser, install_vietnamese_argparse

__all__ = ["main", "CliError", "command"]

#: Modules that define sub-commands with ``@command``; order = order in ``--help``.
COMMAND_MODULES = (
    "ebgov_desktop.cli.data",
    "ebgov_desktop.cli.backup",
    "ebgov_desktop.cli.report",
    "ebgov_desktop.cli.register",
    "ebgov_desktop.cli.exchange",
    "ebgov_desktop.cli.superior",
    "ebgov_desktop.cli.template",
)

_COMMANDS: dict[str, tuple[str, Callable, Callable]] = {}


class CliError(UserError):
    """Bad input: one Vietnamese line on stderr, exit 2, nothing changed."""


def command(name: str, help: str):
    """Register ``configure(parser)`` / ``run(args)`` pairs: decorate a class with both."""

    def wrap(cls):
        _COMMANDS[name] = (help, cls.configure, cls.run)
        return cls

    return wrap


def build_parser() -> argparse.ArgumentParser:
    install_vietnamese_argparse()
    for module in COMMAND_MODULES:
        importlib.import_module(module)
    parser = VietnameseArgumentParser(
        prog="ebgov-desktop",
        description="Báo cáo ứng dụng CNTT, chính quyền điện tử cấp xã. Không có lệnh con: mở cửa sổ "
                    "chương trình.",
    )
    parser.add_argument("--version", action="version", version=f"ebgov-desktop {__version__}",
                        help="in phiên bản rồi thoát")
    parser.add_argument("--data-dir", metavar="THƯ_MỤC",
                        help="thư mục dữ liệu (mặc định: thư mục dữ liệu của người dùng)")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", title="các lệnh")
    for name, (help_text, configure, _run) in _COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        configure(p)
    return parser


def _window_start(argv: list[str]) -> tuple[bool, str | None]:
    """``(True, data_dir)`` when ``argv`` only starts the window (nothing, or ``--data-dir DIR``).

    The window then starts without importing the sub-command modules (and what they import) that the
    full parser needs for its help text; anything else goes through the full parser.
    """
    if not argv:
        return True, None
    if len(argv) == 1 and argv[0].startswith("--data-dir=") and len(argv[0]) > len("--data-dir="):
        return True, argv[0].split("=", 1)[1]
    if len(argv) == 2 and argv[0] == "--data-dir" and argv[1] and not argv[1].startswith("-"):
        return True, argv[1]
    return False, None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _force_utf8_output()
    window, data_dir = _window_start(argv)
    if window:
        from ..gui.app import run_gui

        return run_gui(data_dir=data_dir)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        from ..gui.app import run_gui

        return run_gui(data_dir=args.data_dir)
    _help, _configure, run = _COMMANDS[args.command]
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Printable(out), _Printable(err)
    try:
        return int(run(args) or 0)
    except UserError as exc:  # CliError included
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130
    except OSError as exc:
        # the reader went away (``… | head``, ``… | more``): stop quietly, as console tools do. Linux
        # says EPIPE; Windows says EINVAL when writing to a closed pipe
        if not (isinstance(exc, BrokenPipeError) or exc.errno in (errno.EPIPE, errno.EINVAL)) \
                or not _gone(out):
            raise
        sys.stdout, sys.stderr = out, err
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, out.fileno())  # Python's own flush at exit must not fail again
        except (OSError, ValueError, AttributeError):
            pass
        return 0
    finally:
        sys.stdout, sys.stderr = out, err


#: control characters a terminal would act on (escape sequences, bells, carriage returns, C1 codes,
#: bidirectional overrides), from names and reasons that came in a package or a file
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _gone(stream) -> bool:
    """Is the program's output pipe closed (its reader went away)?"""
    try:
        stream.write("\n")
        stream.flush()
    except OSError:
        return True
    return False


def printable(text: str) -> str:
    """``text`` with every terminal control character shown as ``\\x1b`` instead of acted upon."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                        else f"\\u{ord(m.group()):04x}", text)


class _Printable:
    """What a command prints goes through ``printable``: a unit name from a USB stick cannot move the
    cursor, rewrite the screen or change the terminal's title."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(printable(text))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _force_utf8_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (AttributeError, ValueError):
            pass
