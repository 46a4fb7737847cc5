"""Backups: made, listed, pruned, restored (and the restore undone), copied out to a USB folder."""

import datetime as dt
import sqlite3

import pytest

from ebgov_desktop.cli import main
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.register import RegisterItem
from ebgov_desktop.services.backup import (
    BackupError,
    Reason,
    backup_now,
    backup_on_start,
    export_copy,
    list_backups,
    newest_good_backup,
    plan_restore,
    prune,
    restore,
)
from ebgov_desktop.services.workspace import Workspace

T0 = dt.datetime(2024, 3, 10, 9, 30)


def test_backup_is_intact_and_listed_with_what_it_holds(demo_ws):
    info = backup_now(demo_ws.paths, Reason.MANUAL, now=T0)
    assert info.path.parent == demo_ws.paths.backups_dir
    assert info.ok and info.usable
    [listed] = list_backups(demo_ws.paths)
    assert listed.path == info.path
    assert listed.created == T0
    assert listed.reason is Reason.MANUAL and listed.reason_label == "Sao lưu theo yêu cầu"
    assert listed.unit_label == "xã Quảng Thọ"
    assert listed.periods == ("2019",) and listed.periods_label == "năm 2019"
    assert listed.last_change == demo_ws.store.last_change_time()
    assert listed.size == info.path.stat().st_size > 0
    with sqlite3.connect(info.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT name FROM unit").fetchone() == ("Quảng Thọ",)


def test_backup_through_the_open_store_and_by_reason_name(demo_ws):
    info = backup_now(demo_ws.paths, "before_import", store=demo_ws.store, now=T0)
    assert info.reason is Reason.BEFORE_IMPORT
    assert "truoc-nhap-goi" in info.path.name


def test_nothing_to_back_up_without_a_workspace(data_dir):
    from ebgov_desktop.services.paths import app_paths

    assert backup_now(app_paths(data_dir), Reason.MANUAL) is None


def test_start_backup_at_most_daily(demo_ws):
    assert backup_on_start(demo_ws.paths, now=T0) is not None
    assert backup_on_start(demo_ws.paths, now=T0 + dt.timedelta(hours=5)) is None
    assert backup_on_start(demo_ws.paths, now=T0 + dt.timedelta(days=1)) is not None
    assert len(list_backups(demo_ws.paths)) == 2


def test_keeps_the_last_ten_plus_one_a_month(demo_ws):
    made = []
    # 3 a month for 6 months, then 12 on one day
    for month in range(1, 7):
        for day in (3, 13, 23):
            made.append(backup_now(demo_ws.paths, Reason.START, now=dt.datetime(2023, month, day, 8)))
    for minute in range(12):
        made.append(backup_now(demo_ws.paths, Reason.MANUAL, now=dt.datetime(2023, 8, 1, 10, minute)))
    kept = {b.path for b in list_backups(demo_ws.paths)}
    newest_ten = {b.path for b in made[-10:]}
    newest_of_month = {made[3 * m + 2].path for m in range(6)}
    assert kept == newest_ten | newest_of_month
    assert len(kept) == 16
    assert prune(demo_ws.paths) == []  # stable


def test_restore_round_trip_and_the_restore_is_undoable(demo_ws):
    paths = demo_ws.paths
    yesterday = dt.datetime.now() - dt.timedelta(days=1)
    old = backup_now(paths, Reason.START, now=yesterday)
    before_values = demo_ws.values(Period.parse("2019"))
    before_rows = demo_ws.register_items()

    demo_ws.set_value(Period.parse("2019"), "staff.civil_servants", 99)
    demo_ws.set_value(Period.parse("2019"), "doc.signer_name", "Người khác")
    demo_ws.add_item(RegisterItem(kind="printer", description="Máy in mới", quantity=1))
    today_values = demo_ws.values(Period.parse("2019"))

    plan = plan_restore(paths, old)
    [p2019] = plan.periods
    assert (p2019.code, p2019.status, p2019.values_differing) == ("2019", "both", 2)
    assert plan.register_rows_differing == 1
    assert plan.register_rows_now == plan.register_rows_backup + 1
    text = "\n".join(plan.lines())
    assert "Kỳ năm 2019: 2 số liệu khác" in text
    assert "Sổ thiết bị: 1 dòng khác" in text
    assert "có thể hoàn tác" in text

    result = restore(paths, old)
    # the open workspace (as the window holds it) now sees yesterday's data
    assert demo_ws.values(Period.parse("2019")) == before_values
    assert demo_ws.register_items() == before_rows
    with Workspace.open(paths=paths) as fresh:
        assert fresh.values(Period.parse("2019")) == before_values
        assert fresh.store.integrity_ok()

    undo = result.undo_backup
    assert undo.reason is Reason.BEFORE_RESTORE and undo.usable
    restore(paths, undo)
    assert demo_ws.values(Period.parse("2019")) == today_values
    assert len(demo_ws.register_items()) == len(before_rows) + 1


def test_a_broken_backup_is_listed_as_such_and_refused(demo_ws):
    paths = demo_ws.paths
    good = backup_now(paths, Reason.START, now=T0)
    bad = backup_now(paths, Reason.MANUAL, now=T0 + dt.timedelta(hours=1))
    data = bytearray(bad.path.read_bytes())
    data[100:4000] = b"\x5a" * 3900
    bad.path.write_bytes(bytes(data))
    listed = list_backups(paths)
    assert [b.ok for b in listed] == [False, True]
    assert listed[0].problem
    assert newest_good_backup(paths).path == good.path
    before = paths.workspace.read_bytes()
    with pytest.raises(BackupError, match="không dùng được"):
        restore(paths, bad.path)
    assert paths.workspace.read_bytes() == before


def test_copy_to_usb_folder_with_the_key_and_restore_on_a_new_pc(demo_ws, tmp_path):
    paths = demo_ws.paths
    paths.keys_dir.mkdir()
    (paths.keys_dir / "commune.key").write_bytes(b"secret-key-bytes")
    usb = tmp_path / "usb"
    usb.mkdir()
    folder = export_copy(paths, usb, store=demo_ws.store, now=T0)
    assert folder.name == "ebgov-sao-luu-19894-20240310-093000"
    assert (folder / "keys" / "commune.key").read_bytes() == b"secret-key-bytes"
    assert [p.name for p in usb.iterdir()] == [folder.name]  # no half-written leftovers

    from ebgov_desktop.services.paths import app_paths

    new_pc = app_paths(tmp_path / "newpc")
    result = restore(new_pc, folder)
    assert result.undo_backup is None
    assert (new_pc.keys_dir / "commune.key").read_bytes() == b"secret-key-bytes"
    with Workspace.open(paths=new_pc) as ws:
        assert ws.values(Period.parse("2019")) == demo_ws.values(Period.parse("2019"))


def test_copy_to_a_missing_folder_says_what_to_do(demo_ws, tmp_path):
    with pytest.raises(BackupError, match="Hãy cắm USB"):
        export_copy(demo_ws.paths, tmp_path / "nope")


# -- the headless commands ------------------------------------------------------------------------
def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_backup_list_restore_latest_and_undo(tmp_path, capsys):
    d = tmp_path / "d"
    assert run(capsys, "demo", "--data-dir", d)[0] == 0
    code, out, _ = run(capsys, "backup", "--data-dir", d)
    assert code == 0 and "Đã sao lưu" in out
    with Workspace.open(d) as ws:
        original = ws.values(Period.parse("2019"))["staff.civil_servants"]
        ws.set_value(Period.parse("2019"), "staff.civil_servants", original + 5)

    code, out, _ = run(capsys, "restore", "--data-dir", d, "--list")
    assert code == 0 and "xã Quảng Thọ; năm 2019" in out and "Sao lưu theo yêu cầu" in out

    code, out, _ = run(capsys, "restore", "--data-dir", d, "--latest")
    assert code == 0
    assert "Kỳ năm 2019: 1 số liệu khác" in out and "Để hoàn tác" in out
    with Workspace.open(d) as ws:
        assert ws.values(Period.parse("2019"))["staff.civil_servants"] == original

    undo_file = out.split("Để hoàn tác: ")[1].split('"')[3]
    assert run(capsys, "restore", "--data-dir", d, undo_file)[0] == 0
    with Workspace.open(d) as ws:
        assert ws.values(Period.parse("2019"))["staff.civil_servants"] == original + 5


def test_cli_backup_out_and_errors(tmp_path, capsys):
    d = tmp_path / "d"
    code, _, err = run(capsys, "backup", "--data-dir", d)
    assert code == 2 and "chưa có dữ liệu" in err
    code, _, err = run(capsys, "restore", "--data-dir", d, "--latest")
    assert code == 2 and "không có bản sao lưu" in err
    run(capsys, "demo", "--data-dir", d)
    usb = tmp_path / "usb"
    usb.mkdir()
    code, out, _ = run(capsys, "backup", "--data-dir", d, "--out", usb)
    assert code == 0 and "ebgov-sao-luu-19894-" in out
    before = (d / "workspace.sqlite").read_bytes()
    code, _, err = run(capsys, "restore", "--data-dir", d, tmp_path / "missing.sqlite")
    assert code == 2 and "Không tìm thấy bản sao lưu" in err
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    code, _, err = run(capsys, "restore", "--data-dir", d, junk)
    assert code == 2 and "không dùng được" in err
    assert (d / "workspace.sqlite").read_bytes() == before
