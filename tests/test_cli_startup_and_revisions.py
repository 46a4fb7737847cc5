"""Issue #12, points 6, 8 and 9: the export revision never goes down after a restore; every command goes
through the window's start-up check (damaged, 0-byte, read-only); a full stick, terminal escape codes in
names and leftover temporary files."""

import os
import sqlite3
import time

import pytest
from superior_data import DISTRICT, make_communes, package_bytes

from ebgov_desktop.cli import main
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.services import backup as backup_service
from ebgov_desktop.services import startup
from ebgov_desktop.services.backup import (
    BackupError,
    Reason,
    backup_now,
    export_copy,
    newest_good_backup,
    restore,
)
from ebgov_desktop.services.datasets import demo_dataset
from ebgov_desktop.services.packages import Outcome, export_package, export_preview, import_packages
from ebgov_desktop.services.paths import app_paths
from ebgov_desktop.services.workspace import Workspace


@pytest.fixture
def commune_dir(tmp_path):
    d = tmp_path / "xa"
    with Workspace.open(d) as ws:
        ws.load_dataset(demo_dataset())
    return d


# -- 6. the revision only goes up -------------------------------------------------------------------

def test_a_restore_never_winds_the_export_revision_back(commune_dir, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    paths = app_paths(commune_dir)
    with Workspace.open(commune_dir) as ws:
        assert export_package(ws, ws.snapshot(Period.parse("2019")), usb).revision == 1
        taken = backup_now(paths, Reason.MANUAL, store=ws.store)  # the backup knows only r1
        ws.set_value(Period.parse("2019"), "tthc.digitized", 7)
        assert export_package(ws, ws.snapshot(Period.parse("2019")), usb).revision == 2
    restore(paths, taken)  # back to the data of r1
    with Workspace.open(commune_dir) as ws:
        preview = export_preview(ws, ws.snapshot(Period.parse("2019")))
        # the restored data equal r1's, but r2 (other data) was sent after it: this one is r3
        assert preview.revision == 3 and not preview.already_exported and preview.highest_sent == 2
        ws.set_value(Period.parse("2019"), "tthc.digitized", 8)
        third = export_package(ws, ws.snapshot(Period.parse("2019")), usb)
    assert third.revision == 3
    # the superior takes the correction as newer, never as a conflict or as older
    sup_dir = tmp_path / "huyen"
    with Workspace.open(sup_dir) as sup_ws:
        sup_ws.set_unit(DISTRICT)
        outcomes = [r.outcome for r in import_packages(sup_ws, sorted(usb.glob("*.ebgov")), backup=False).results]
    assert outcomes == [Outcome.NEW, Outcome.NEWER, Outcome.NEWER]


def test_a_reinstall_from_a_usb_copy_keeps_the_highest_revision(commune_dir, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    paths = app_paths(commune_dir)
    with Workspace.open(commune_dir) as ws:
        export_package(ws, ws.snapshot(Period.parse("2019")), usb)
        ws.set_value(Period.parse("2019"), "tthc.digitized", 7)
        export_package(ws, ws.snapshot(Period.parse("2019")), usb)
        copy = export_copy(paths, usb)
    new_pc = app_paths(tmp_path / "may-moi")
    new_pc.ensure()
    restore(new_pc, copy / backup_service.COPY_WORKSPACE)
    with Workspace.open(new_pc.data_dir) as ws:
        ws.set_value(Period.parse("2019"), "tthc.digitized", 9)
        assert export_preview(ws, ws.snapshot(Period.parse("2019"))).revision == 3


def test_the_export_dialog_says_the_revision_never_goes_down():
    from ebgov_desktop.gui.export_dialog import revision_text

    class Preview:
        already_exported, revision, highest_sent = False, 3, 2

    assert revision_text(Preview()) == "3 (số liệu đã thay đổi từ lần gửi 2)"
    from ebgov_desktop.gui import export_dialog

    assert "chỉ tăng, kể cả sau khi phục hồi bản sao lưu" in export_dialog._NEVER_DOWN  # the tooltip


# -- 8. every command goes through the start-up check -----------------------------------------------

def _flip(path, offset):
    data = bytearray(path.read_bytes())
    for i in range(offset, offset + 64):
        data[i % len(data)] ^= 0x5A
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("offset", [0, 100, 4096, 8192, 12288, 16384])
def test_a_damaged_workspace_is_refused_by_every_command_and_kept(commune_dir, offset, capsys):
    paths = app_paths(commune_dir)
    with Workspace.open(commune_dir) as ws:
        backup_now(paths, Reason.MANUAL, store=ws.store)
    _flip(paths.workspace, offset if offset >= 0 else paths.workspace.stat().st_size + offset)
    if startup.check_workspace(paths).ok:
        pytest.skip("this flip hit unused space (the integrity check is happy)")
    broken = paths.workspace.read_bytes()
    d = str(commune_dir)
    for argv in (["check", "--data-dir", d, "--period", "2019"], ["key", "--data-dir", d],
                 ["export", "--data-dir", d, "--period", "2019", "--out", d],
                 ["demo", "--data-dir", d], ["backup", "--data-dir", d]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "không dùng được" in err and "restore" in err and "--latest" in err, err
        assert "Traceback" not in err
    assert paths.workspace.read_bytes() == broken  # kept as it was
    assert main(["restore", "--data-dir", d, "--latest"]) == 0  # the remedy offered works
    assert startup.check_workspace(paths).ok


def test_a_zero_byte_workspace_is_damaged_not_new(commune_dir, capsys):
    paths = app_paths(commune_dir)
    with Workspace.open(commune_dir) as ws:
        backup_now(paths, Reason.MANUAL, store=ws.store)
    paths.workspace.write_bytes(b"")
    assert startup.check_workspace(paths).state is startup.HealthState.BROKEN
    assert main(["check", "--data-dir", str(commune_dir), "--period", "2019"]) == 2
    assert "0 byte" in capsys.readouterr().err
    assert paths.workspace.stat().st_size == 0  # never silently replaced by an empty workspace
    assert newest_good_backup(paths) is not None


def test_a_read_only_folder_gets_its_own_message_and_restore_explains(commune_dir, monkeypatch, capsys):
    paths = app_paths(commune_dir)
    with Workspace.open(commune_dir) as ws:
        backup_now(paths, Reason.MANUAL, store=ws.store)
    # root ignores permission bits: the probe's answer is what a locked stick gives
    real_open = open

    def locked(file, mode="r", *args, **kwargs):
        if "w" in mode and str(file).startswith(str(commune_dir)):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", locked)
    health = startup.check_workspace(paths)
    assert health.state is startup.HealthState.READ_ONLY
    for argv in (["check", "--data-dir", str(commune_dir), "--period", "2019"],
                 ["restore", "--data-dir", str(commune_dir), "--latest"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "thư mục dữ liệu chỉ đọc" in err.lower() and "hỏng" not in err.split("không hỏng")[0]
    monkeypatch.undo()
    assert startup.check_workspace(paths).state is startup.HealthState.OK


def test_restore_explains_a_write_failure_instead_of_crashing(commune_dir, monkeypatch, capsys):
    paths = app_paths(commune_dir)
    with Workspace.open(commune_dir) as ws:
        backup_now(paths, Reason.MANUAL, store=ws.store)

    def fails(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("ebgov_desktop.cli.backup.restore", fails)
    assert main(["restore", "--data-dir", str(commune_dir), "--latest"]) == 2
    err = capsys.readouterr().err
    assert "Chưa phục hồi được" in err and "Traceback" not in err


# -- 9. a full stick, escape codes, leftovers ------------------------------------------------------

def test_backup_out_on_a_full_stick_says_so_and_leaves_nothing(commune_dir, tmp_path, monkeypatch):
    paths = app_paths(commune_dir)
    stick = tmp_path / "usb"
    stick.mkdir()

    def full(conn, dest):
        dest.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)  # half written
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup_service, "copy_database", full)
    with pytest.raises(BackupError) as info:
        export_copy(paths, stick)
    assert "Không ghi được bản sao" in str(info.value) and "Không đọc được" not in str(info.value)
    assert list(stick.iterdir()) == []


def test_names_with_terminal_escape_codes_are_printed_harmless(tmp_path, capsys):
    (c,) = make_communes(1, seed=5, code_base=32000)
    import dataclasses

    evil = dataclasses.replace(c.dataset, unit=dataclasses.replace(
        c.dataset.unit, name="Quảng\x1b]0;pwned\x07\x1b[2J Thọ"))
    (tmp_path / "e.ebgov").write_bytes(package_bytes(c, dataset=evil))
    d = str(tmp_path / "huyen")
    with Workspace.open(d) as ws:
        ws.set_unit(DISTRICT)
    main(["import", "--data-dir", d, str(tmp_path / "e.ebgov")])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Quảng\\x1b]0;pwned\\x07\\x1b[2J Thọ" in out


def test_leftover_temporary_files_are_removed_at_the_next_start(commune_dir):
    paths = app_paths(commune_dir)
    old = time.time() - 3600
    leftovers = [paths.data_dir / "workspace.sqlite.tmp", paths.backups_dir / "x.sqlite.tmp",
                 paths.keys_dir / "sent-revisions.json.tmp"]
    for p in leftovers:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"half")
        os.utime(p, (old, old))
    fresh = paths.data_dir / "settings.json.tmp"  # another running program's write: not touched
    fresh.write_bytes(b"now")
    assert main(["check", "--data-dir", str(commune_dir), "--period", "2019"]) in (0, 1)
    assert [p.exists() for p in leftovers] == [False, False, False]
    assert fresh.exists()


def test_the_window_says_read_only_too_and_offers_no_restore(commune_dir, monkeypatch):
    from ebgov_desktop.gui.startup_check import run_startup_check

    monkeypatch.setattr(startup, "writable", lambda folder: False)
    told, asked = [], []
    assert not run_startup_check(app_paths(commune_dir), ask=lambda h, p: asked.append(h),
                                 tell=lambda *a: told.append(a))
    assert asked == [] and "Thư mục dữ liệu chỉ đọc" in told[0][2]
