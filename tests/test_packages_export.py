"""Export at the commune: refused with errors, revision bookkeeping, atomic write, failing drives, keys."""

import errno
import os
import stat
import sys
from pathlib import Path

import pytest

import ebgov_desktop.services.packages as packages
import ebgov_desktop.storage.atomic as atomic  # the one writer every file goes through
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.services import keys
from ebgov_desktop.services.packages import (
    ExchangeError,
    candidate_target_dirs,
    export_package,
    export_preview,
)
from ebgov_desktop.services.revisions import current_revision


@pytest.fixture
def usb(tmp_path):
    d = tmp_path / "usb"
    d.mkdir()
    return d


def test_export_writes_the_named_file_and_records_the_revision(demo_ws, usb):
    preview = export_preview(demo_ws, demo_ws.snapshot(Period.parse("2019")))
    assert preview.allowed and preview.revision == 1 and not preview.already_exported
    assert preview.file_name == "46_19894_2019_r1.ebgov"
    result = export_package(demo_ws, demo_ws.snapshot(Period.parse("2019")), usb)
    assert result.path == usb / "46_19894_2019_r1.ebgov" and result.path.stat().st_size == result.size
    assert result.digest == demo_ws.dataset(Period.parse("2019")).digest()
    assert result.fingerprint == keys.fingerprint(demo_ws.paths) == preview.fingerprint
    assert sorted(p.name for p in usb.iterdir()) == ["46_19894_2019_r1.ebgov"]  # no temporary left
    assert current_revision(demo_ws, Period.parse("2019")).exported


def test_revision_goes_up_only_when_the_data_changed(demo_ws, usb):
    assert export_package(demo_ws, demo_ws.snapshot(Period.parse("2019")), usb).revision == 1
    assert export_package(demo_ws, demo_ws.snapshot(Period.parse("2019")), usb).revision == 1
    demo_ws.set_value(Period.parse("2019"), "tthc.digitized", 5)
    assert export_preview(demo_ws, demo_ws.snapshot(Period.parse("2019"))).file_name.endswith("_r2.ebgov")
    assert export_package(demo_ws, demo_ws.snapshot(Period.parse("2019")), usb).revision == 2
    assert sorted(p.name for p in usb.iterdir()) == ["46_19894_2019_r1.ebgov", "46_19894_2019_r2.ebgov"]


def test_export_is_refused_while_errors_remain_and_lists_them(demo_ws, usb):
    demo_ws.set_value(Period.parse("2019"), "staff.civil_servants_with_computer", 99)
    preview = export_preview(demo_ws, demo_ws.snapshot(Period.parse("2019")))
    assert not preview.allowed
    with pytest.raises(ExchangeError) as info:
        export_package(demo_ws, demo_ws.snapshot(Period.parse("2019")), usb)
    assert info.value.errors == preview.errors and info.value.errors
    assert "Chưa xuất được" in str(info.value)
    assert all(f"- {f.message}" in str(info.value) for f in info.value.errors)
    assert list(usb.iterdir()) == []


def _no_final_file(usb: Path):
    assert [p for p in usb.iterdir()] == []


class _FullDisk:
    """A file on a drive that fills up after ``room`` bytes (the temporary file is really made)."""

    def __init__(self, path, mode, room):
        self.fh = open(path, mode)
        self.room = room

    def write(self, data):
        self.fh.write(data[: self.room])
        raise OSError(errno.ENOSPC, "No space left on device")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()


@pytest.mark.parametrize("room", [0, 1000])
def test_full_drive_leaves_no_file_and_no_revision(demo_ws, usb, monkeypatch, room):
    monkeypatch.setattr(atomic, "open", lambda p, m: _FullDisk(p, m, room), raising=False)
    with pytest.raises(ExchangeError, match="đã đầy"):
        export_package(demo_ws, demo_ws.snapshot(Period.parse("2019")), usb)
    _no_final_file(usb)
    assert not current_revision(demo_ws, Period.parse("2019")).exported


def test_full_drive_at_flush_time(demo_ws, usb, monkeypatch):
    keys.private_key(demo_ws.paths)

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(ExchangeError, match="đã đầy"):
        export_package(demo_ws, demo_ws.snapshot(Period.parse("2019")), usb)
    _no_final_file(usb)


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_read_only_drive_gives_a_vietnamese_message(demo_ws, usb, monkeypatch, code):
    def refuse(path, *a, **k):
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(atomic, "open", refuse, raising=False)
    with pytest.raises(ExchangeError, match="chỉ cho đọc hoặc không có quyền ghi"):
        export_package(demo_ws, demo_ws.snapshot(Period.parse("2019")), usb)
    _no_final_file(usb)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="root and Windows ignore POSIX directory permissions")
def test_really_read_only_directory(demo_ws, usb):  # pragma: no cover - not as root
    usb.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ExchangeError, match="chỉ cho đọc"):
            export_package(demo_ws, demo_ws.snapshot(Period.parse("2019")), usb)
    finally:
        usb.chmod(0o700)


def test_pulled_out_drive(demo_ws, tmp_path, usb, monkeypatch):
    with pytest.raises(ExchangeError, match="rút ra"):
        export_package(demo_ws, demo_ws.snapshot(Period.parse("2019")), tmp_path / "E")
    real_replace = os.replace

    def pulled(src, dst):
        Path(src).unlink()
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "replace", pulled)
    with pytest.raises(ExchangeError, match="rút ra"):
        export_package(demo_ws, demo_ws.snapshot(Period.parse("2019")), usb)
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    _no_final_file(usb)


def test_a_drive_that_returns_other_bytes_is_caught_on_read_back(demo_ws, usb, monkeypatch):
    real = Path.read_bytes

    def corrupt(self):
        data = bytearray(real(self))
        data[len(data) // 2] ^= 0x10
        return bytes(data)

    monkeypatch.setattr(Path, "read_bytes", corrupt)
    with pytest.raises(ExchangeError, match="Đọc lại tệp vừa ghi"):
        export_package(demo_ws, demo_ws.snapshot(Period.parse("2019")), usb)
    monkeypatch.undo()
    _no_final_file(usb)
    assert not current_revision(demo_ws, Period.parse("2019")).exported


def test_the_key_is_made_once_and_kept_private(demo_ws, data_dir):
    path = keys.key_path(demo_ws.paths)
    assert not path.exists()
    first = keys.private_key(demo_ws.paths)
    assert path.exists() and keys.private_key(demo_ws.paths) == first
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert path.is_relative_to(data_dir)  # inside the data dir: backed up with it
    assert len(keys.fingerprint(demo_ws.paths)) == 24


def test_a_damaged_key_file_is_not_silently_replaced(demo_ws, usb):
    keys.private_key(demo_ws.paths)
    keys.key_path(demo_ws.paths).write_text("garbage")
    with pytest.raises(ExchangeError, match="bị hỏng"):
        export_package(demo_ws, demo_ws.snapshot(Period.parse("2019")), usb)
    assert keys.key_path(demo_ws.paths).read_text() == "garbage"


@pytest.mark.skipif(sys.platform == "win32", reason="mount points are POSIX; Windows asks GetDriveTypeW "
                    "(tests/test_windows.py)")
def test_removable_drives_are_offered_first(tmp_path, monkeypatch):
    media = tmp_path / "media"
    stick = media / "officer" / "USB_XA"
    stick.mkdir(parents=True)
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setattr(packages.os.path, "ismount", lambda p: Path(p) == stick)
    dirs = candidate_target_dirs(home=home, mount_roots=[media, tmp_path / "run-media-missing"])
    assert dirs[0].path == stick and dirs[0].removable and "USB" in dirs[0].label
    assert [d.removable for d in dirs] == [True, False, False]
    assert dirs[1].path == home / "Documents" and dirs[1].label.startswith("Tài liệu")
