"""What only Windows does to the officer's files: run for real by ``.ci/windows`` (the suite under Wine).

Some tests run everywhere (a Windows rule emulated on POSIX, so that a Linux run catches a regression
too); the ones that need the Windows API skip elsewhere, with the reason.
"""

import ctypes
import os
import re
import subprocess
import sys

import pytest

from ebgov_desktop.cli import main
from ebgov_desktop.services.backup import export_copy
from ebgov_desktop.services.packages.export import candidate_target_dirs

WINDOWS = sys.platform == "win32"
only_windows = pytest.mark.skipif(not WINDOWS, reason="needs the Windows API (run by .ci/windows under Wine)")
T0 = __import__("datetime").datetime(2024, 3, 10, 9, 30)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


# -- backup to a USB stick --------------------------------------------------------------------------
@pytest.fixture
def windows_fsync(monkeypatch):
    """Windows' FlushFileBuffers refuses a handle opened read-only (access denied): the same rule on
    POSIX, so that the copy to a stick is held to it everywhere. On Windows the real os.fsync decides."""
    if WINDOWS:
        return
    import fcntl

    real = os.fsync

    def fsync(fd):
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            raise PermissionError(13, "Access is denied")
        return real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def test_backup_copy_with_the_signing_key_to_a_usb_folder_succeeds(demo_ws, tmp_path, windows_fsync):
    """It failed on every Windows PC: the copied key files were flushed through read-only handles, and the
    officer was told the stick was write-protected."""
    paths = demo_ws.paths
    paths.keys_dir.mkdir()
    (paths.keys_dir / "commune.key").write_bytes(b"secret-key-bytes")
    usb = tmp_path / "USB (E)"
    usb.mkdir()
    folder = export_copy(paths, usb, store=demo_ws.store, now=T0)
    assert (folder / "keys" / "commune.key").read_bytes() == b"secret-key-bytes"
    assert [p.name for p in usb.iterdir()] == [folder.name]


def test_cli_backup_out_to_a_usb_folder_succeeds(tmp_path, capsys, windows_fsync):
    d = tmp_path / "xa"
    assert run(capsys, "demo", "--data-dir", d)[0] == 0
    assert run(capsys, "key", "--data-dir", d)[0] == 0  # the signing key exists: it is copied too
    usb = tmp_path / "usb"
    usb.mkdir()
    code, out, err = run(capsys, "backup", "--data-dir", d, "--out", usb)
    assert code == 0, err
    assert "khóa ghi" not in out + err
    (copy,) = usb.iterdir()
    assert (copy / "keys").is_dir() and any((copy / "keys").iterdir())


# -- --out naming a folder ----------------------------------------------------------------------------
def test_report_out_naming_a_folder_says_it_is_a_folder(tmp_path, capsys):
    """Windows says "access denied" when a file is renamed over a folder: the officer must read that
    the path is a folder, not the vague "no permission or the file is open"."""
    d = tmp_path / "xa"
    run(capsys, "demo", "--data-dir", d)
    code, _, err = run(capsys, "report", "--data-dir", d, "--period", "2019", "--out", tmp_path)
    assert code == 2 and "đây là một thư mục" in err and "không có quyền" not in err
    assert not list(tmp_path.glob("*.tmp"))


# -- paths with diacritics, and backslashes ----------------------------------------------------------
def test_data_and_reports_in_folders_with_vietnamese_names(tmp_path, capsys):
    root = tmp_path / "Tài liệu" / "Báo cáo UBND xã Quảng Thọ"
    d = root / "Dữ liệu"
    d_typed = str(d)  # on Windows: C:\...\Dữ liệu, backslashes as the officer types them
    assert run(capsys, "demo", "--data-dir", d_typed)[0] == 0
    pdf = root / "Báo cáo năm 2019 – bản trình ký.pdf"
    code, out, err = run(capsys, "report", "--data-dir", d_typed, "--period", "2019", "--out", str(pdf))
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")
    usb = root / "Ổ USB"
    usb.mkdir()
    usb_typed = str(usb) + ("\\" if WINDOWS else os.sep)  # a trailing separator, as in E:\
    assert run(capsys, "export", "--data-dir", d_typed, "--period", "2019", "--out", usb_typed)[0] == 0
    assert [p.suffix for p in usb.iterdir()] == [".ebgov"]


# -- names written on a FAT32 stick ------------------------------------------------------------------
_FAT32_BAD = re.compile(r'[\x00-\x1f"*/:<>?\\|]')


def _fat32_name(name: str) -> bool:
    return (name.isascii() and not _FAT32_BAD.search(name) and len(name) <= 255
            and not name.endswith((".", " ")) and name.upper().split(".")[0] not in
            {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))})


def test_what_is_written_on_the_usb_stick_has_fat32_names(tmp_path, capsys, windows_fsync):
    """Commune sticks are FAT32: plain ASCII names without : * ? " < > | — whatever the unit is called."""
    d = tmp_path / "xa"
    run(capsys, "demo", "--data-dir", d)
    usb = tmp_path / "usb"
    usb.mkdir()
    assert run(capsys, "export", "--data-dir", d, "--period", "2019", "--out", usb)[0] == 0
    assert run(capsys, "backup", "--data-dir", d, "--out", usb)[0] == 0
    names = [p.name for p in usb.rglob("*")]
    assert names and all(_fat32_name(n) for n in names), names


# -- removable drives -------------------------------------------------------------------------------
@only_windows
def test_removable_drives_are_offered_first_as_usb(monkeypatch):
    """GetDriveTypeW says which drives are removable; those are offered first, marked as USB. In CI,
    EBGOV_TEST_USB names a drive that Wine reports as removable."""
    kernel32 = ctypes.windll.kernel32
    mask = kernel32.GetLogicalDrives()
    drives = [f"{chr(65 + i)}:\\" for i in range(26) if mask & (1 << i)]
    removable = [d for d in drives if kernel32.GetDriveTypeW(ctypes.c_wchar_p(d)) == 2]
    found = candidate_target_dirs()
    assert [str(t.path) for t in found if t.removable] == removable
    assert found[:len(removable)] == [t for t in found if t.removable]
    assert all("USB" in t.label for t in found if t.removable)
    assert "C:\\" not in removable
    usb = os.environ.get("EBGOV_TEST_USB")
    if usb:
        assert usb in removable


# -- a report held open by a PDF viewer --------------------------------------------------------------
@only_windows
def test_a_report_held_open_by_a_viewer_is_explained_and_left_intact(tmp_path, capsys):
    """Acrobat Reader keeps the PDF open without sharing write or delete: writing the report again must
    say the file is open, keep the old file, and leave no temporary file."""
    from ctypes import wintypes

    d = tmp_path / "xa"
    run(capsys, "demo", "--data-dir", d)
    pdf = tmp_path / "bao-cao.pdf"
    assert run(capsys, "report", "--data-dir", d, "--period", "2019", "--out", pdf)[0] == 0
    before = pdf.read_bytes()
    create = ctypes.windll.kernel32.CreateFileW
    create.restype = wintypes.HANDLE
    create.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, wintypes.LPVOID, wintypes.DWORD,
                       wintypes.DWORD, wintypes.HANDLE]
    handle = create(str(pdf), 0x80000000, 0x1, None, 3, 0x80, None)  # GENERIC_READ, FILE_SHARE_READ
    assert handle not in (None, wintypes.HANDLE(-1).value)
    try:
        code, _, err = run(capsys, "report", "--data-dir", d, "--period", "2019", "--out", pdf)
    finally:
        ctypes.windll.kernel32.CloseHandle(handle)
    assert code == 2 and "đang được mở" in err, err
    assert pdf.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.pdf", "xa"]


# -- a Vietnamese console -----------------------------------------------------------------------------
def test_a_child_process_prints_vietnamese_readably_whatever_the_console_code_page(tmp_path):
    """On a Vietnamese Windows the console's code page is 1258 (LANG=vi_VN.UTF-8 under Wine): the
    program's output is UTF-8 whatever it is, so a pipe (a script, a log) reads the diacritics right."""
    proc = subprocess.run([sys.executable, "-m", "ebgov_desktop", "demo", "--data-dir", str(tmp_path / "xã")],
                          capture_output=True, env=dict(os.environ, PYTHONIOENCODING=""), timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode("utf-8")
    assert "Quảng Thọ" in out, out
    if WINDOWS:
        code_page = ctypes.windll.kernel32.GetACP()
        if os.environ.get("LANG", "").startswith("vi_VN"):
            assert code_page == 1258
