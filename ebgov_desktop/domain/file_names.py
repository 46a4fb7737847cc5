"""A file's name as the program shows and keeps it.

A name on a FAT stick written by another system may not be UTF-8: Python then holds its bytes as lone
surrogates (``'g\\udcf3i.ebgov'``), which SQLite, the log, the console and Qt all refuse — one such
file stopped a whole import with a traceback. ``shown_name`` gives the name with every undecodable
byte as U+FFFD; the file itself is still opened by its real path.
"""

from __future__ import annotations

import os

__all__ = ["shown_name", "shown_path"]


def shown_name(path: str | os.PathLike) -> str:
    """The last part of ``path``, safe to store, log and print (undecodable bytes as U+FFFD)."""
    return shown_path(os.path.basename(os.fspath(path)) or os.fspath(path))


def shown_path(path: str | os.PathLike) -> str:
    """The whole of ``path``, safe to store, log and print (undecodable bytes as U+FFFD)."""
    name = os.fspath(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace") \
            if _escapes_only(name) else name.encode("utf-8", "replace").decode("utf-8")
    return name


def _escapes_only(name: str) -> bool:
    """True when every surrogate of ``name`` is an escaped byte (U+DC80–U+DCFF: ``surrogateescape``)."""
    return all(not "\ud800" <= c <= "\udfff" or "\udc80" <= c <= "\udcff" for c in name)
