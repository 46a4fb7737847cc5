"""The one atomic writer (storage.atomic.atomic_write) and that every kept file goes through it."""

import errno
import re
from pathlib import Path

import pytest

from ebgov_desktop.storage.atomic import atomic_write

ROOT = Path(__file__).resolve().parents[1]


def test_written_whole_and_no_temporary_file_left(tmp_path):
    out = atomic_write(tmp_path / "a.bin", data=b"abc")
    assert out.read_bytes() == b"abc" and [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_a_cancel_inside_the_writer_leaves_nothing_and_keeps_the_old_file(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"old")

    class Cancelled(Exception):
        pass

    def write(fh):
        fh.write(b"half")
        raise Cancelled

    with pytest.raises(Cancelled):
        atomic_write(tmp_path / "a.pdf", write=write)
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"] and (tmp_path / "a.pdf").read_bytes() == b"old"


def test_a_failed_read_back_removes_the_file(tmp_path):
    def check(path):
        raise OSError(errno.EIO, "read back differs")

    with pytest.raises(OSError):
        atomic_write(tmp_path / "p.ebgov", data=b"x", check=check)
    assert list(tmp_path.iterdir()) == []


def test_every_kept_file_is_written_through_atomic_write():
    """No other module renames a temporary file into place; the exceptions are not 'kept files'
    written from content: the log rotation, the key file (os.link: never replaces another key),
    settings.json (best effort, never blocks) and the backup folder renamed as a whole."""
    allowed = {"storage/atomic.py", "services/logs.py", "services/keys.py", "services/settings.py",
               "services/backup.py"}
    for path in (ROOT / "ebgov_desktop").rglob("*.py"):
        rel = path.relative_to(ROOT / "ebgov_desktop").as_posix()
        text = path.read_text(encoding="utf-8")
        if rel not in allowed:
            assert not re.search(r"os\.(replace|rename|fsync)\(", text), rel
    backup = (ROOT / "ebgov_desktop" / "services" / "backup.py").read_text(encoding="utf-8")
    assert backup.count("os.replace(") == 2  # restore's keep-aside renames and the USB folder
