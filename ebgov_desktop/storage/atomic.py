"""The one way a file the officer keeps is written: ``atomic_write``.

Temporary name beside the target, flushed and fsynced, renamed over the target, the folder fsynced, then
read back and checked. A failure (a full USB stick, a cancel, a check that fails) leaves no file under
the final name and no temporary file; the caller turns the ``OSError`` / the check's error into its
Vietnamese message. Used by the PDF reports, the USB package, the Excel workbook, the dataset JSON,
the backups and the copy taken before a migration. In ``storage`` (files on disk) so that the store
itself can use it; plain ``os``, no SQL.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import BinaryIO, Callable

__all__ = ["atomic_write", "fsync_dir", "remove_quietly", "temporary_name", "is_leftover"]

#: what a killed ``atomic_write`` leaves: the temporary file, and SQLite's journal of a temporary
#: database copy (a start backup killed inside the backup API leaves ``….sqlite.tmp-journal``)
_LEFTOVER_ENDINGS = (".tmp", ".tmp-journal", ".tmp-wal", ".tmp-shm")


def temporary_name(dest: Path) -> Path:
    """Where ``atomic_write`` writes before the rename (``<name>.tmp`` beside the target)."""
    return dest.with_name(dest.name + ".tmp")


def is_leftover(name: str) -> bool:
    """True for the name of a file a killed ``atomic_write`` may leave behind."""
    return name.endswith(_LEFTOVER_ENDINGS)


def remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def fsync_dir(path: Path) -> None:
    """Make a rename inside ``path`` durable (POSIX; Windows has no directory handles for this)."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(str(path), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(dest: str | os.PathLike, *, data: bytes | None = None,
                 write: Callable[[BinaryIO], None] | None = None,
                 write_path: Callable[[Path], None] | None = None,
                 check: Callable[[Path], None] | None = None) -> Path:
    """Write ``dest`` atomically from exactly one of: ``data`` (bytes), ``write(fh)`` (a binary file
    object) or ``write_path(tmp)`` (for libraries that want a path: openpyxl, SQLite's backup API).

    ``check(dest)`` reads the renamed file back and raises if it is wrong; the file is then removed.
    Any exception (including a cancel raised from inside ``write``) propagates after the temporary
    file is removed."""
    if sum(x is not None for x in (data, write, write_path)) != 1:
        raise TypeError("atomic_write needs exactly one of data, write, write_path")
    dest = Path(dest)
    if dest.is_dir():  # Windows says PermissionError (access denied) when the rename meets a folder
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(dest))
    tmp = temporary_name(dest)
    remove_quietly(tmp)
    try:
        if write_path is not None:
            write_path(tmp)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        else:
            with open(tmp, "wb") as fh:
                if data is not None:
                    fh.write(data)
                else:
                    write(fh)
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except BaseException:
        remove_quietly(tmp)
        raise
    fsync_dir(dest.parent)
    if check is not None:
        try:
            check(dest)
        except BaseException:
            remove_quietly(dest)
            raise
    return dest
