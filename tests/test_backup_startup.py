"""Start-up: a broken workspace is never worked on silently; the newest good backup is offered and the
broken file is kept aside. The open path backs up before a migration and once a day."""

import datetime as dt
import logging
import random

import pytest

from ebgov_desktop.domain.periods import Period
from ebgov_desktop.services import logs
from ebgov_desktop.services.backup import Reason, backup_now, list_backups
from ebgov_desktop.services.startup import (
    HealthState,
    check_workspace,
    open_workspace,
    recover,
    start_fresh,
)
from ebgov_desktop.services.workspace import Workspace
from ebgov_desktop.storage.schema import MIGRATIONS

T0 = dt.datetime(2024, 3, 10, 9, 30)


@pytest.fixture
def saved(demo_ws):
    """The demo workspace, backed up, then one more edit made; closed (WAL merged into the file)."""
    paths = demo_ws.paths
    good = backup_now(paths, Reason.START, now=T0)
    values = demo_ws.values(Period.parse("2019"))
    demo_ws.set_value(Period.parse("2019"), "staff.part_time", 77)
    demo_ws.close()
    return paths, good, values


def _truncate_half(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _overwrite_random(path):
    rng = random.Random(7)
    data = bytearray(path.read_bytes())
    for _ in range(6):
        at = rng.randrange(4096, len(data) - 1024)
        data[at:at + 1024] = rng.randbytes(1024)
    path.write_bytes(bytes(data))


def _overwrite_header(path):
    data = bytearray(path.read_bytes())
    data[0:100] = random.Random(3).randbytes(100)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_truncate_half, _overwrite_random, _overwrite_header,
                                    lambda p: p.write_bytes(b"")])
def test_a_damaged_workspace_offers_the_backup_and_keeps_the_broken_file(saved, damage):
    paths, good, values = saved
    damage(paths.workspace)
    broken = paths.workspace.read_bytes()

    health = check_workspace(paths)
    assert health.state is HealthState.BROKEN and not health.ok
    assert health.problem
    assert health.backup.path == good.path
    text = health.message()
    assert "không dùng được" in text and "không bị xóa" in text and "Bản sao lưu tốt gần nhất" in text
    assert paths.workspace.read_bytes() == broken  # checking changed nothing

    result = recover(paths)
    assert result.undo_backup is None  # a broken file is not "backed up" over good ones
    [aside] = [p for p in result.kept_aside if p.suffix == ".sqlite"]
    assert aside.parent == paths.data_dir and ".hong-" in aside.name
    assert aside.read_bytes() == broken
    assert check_workspace(paths).state is HealthState.OK
    with Workspace.open(paths=paths) as ws:
        assert ws.values(Period.parse("2019")) == values
        assert ws.store.integrity_ok()


def test_without_a_backup_the_officer_may_start_empty_and_the_file_is_kept(demo_ws):
    paths = demo_ws.paths
    demo_ws.close()
    _truncate_half(paths.workspace)
    broken = paths.workspace.read_bytes()
    health = check_workspace(paths)
    assert health.state is HealthState.BROKEN and health.backup is None
    assert "Không có bản sao lưu nào dùng được" in health.message()
    moved = start_fresh(paths)
    assert [p.read_bytes() for p in moved if p.suffix == ".sqlite"] == [broken]
    assert check_workspace(paths).state is HealthState.NEW


def test_new_and_ok_states(data_dir, demo_ws):
    from ebgov_desktop.services.paths import app_paths

    assert check_workspace(app_paths(data_dir / "elsewhere")).state is HealthState.NEW
    assert check_workspace(demo_ws.paths).state is HealthState.OK


def test_open_backs_up_before_a_migration_and_once_a_day(demo_ws):
    paths = demo_ws.paths
    demo_ws.close()

    @MIGRATIONS(name="m999_test_only")
    def _extra(db):
        db.execute("CREATE TABLE extra (id INTEGER)")

    try:
        with open_workspace(paths, now=T0) as ws:
            assert "extra" in ws.store.db.table_names()
        reasons = sorted(b.reason.value for b in list_backups(paths))
        assert reasons == ["before_migration", "start"]
        [before] = [b for b in list_backups(paths) if b.reason is Reason.BEFORE_MIGRATION]
        assert before.usable and before.periods == ("2019",)
        # that backup is the one copy: no second "truoc-nang-cap" file beside the workspace
        assert not list(paths.data_dir.glob("*truoc-nang-cap*"))
        with open_workspace(paths, now=T0 + dt.timedelta(hours=2)):
            pass
        assert len(list_backups(paths)) == 2  # no migration pending, start backup already today
        with open_workspace(paths, now=T0 + dt.timedelta(days=1)):
            pass
        assert len(list_backups(paths)) == 3
    finally:
        MIGRATIONS._migrations.pop()


def test_the_log_rotates_in_the_data_dir_logs_folder(data_dir):
    from ebgov_desktop.services.paths import app_paths

    paths = app_paths(data_dir)
    path = logs.setup_logging(paths, max_bytes=2000, backup_count=2)
    try:
        _check_log(path, data_dir)
    finally:
        logs.stop_logging()


def _check_log(path, data_dir):
    assert path == data_dir / "logs" / "ebgov-desktop.log"
    try:
        raise ValueError("hỏng <b>")
    except ValueError as exc:
        details = logs.log_exception(type(exc), exc, exc.__traceback__, "kiểm thử")
    assert "Traceback" in details and "ValueError: hỏng <b>" in details
    text = path.read_text(encoding="utf-8")
    assert "ValueError: hỏng <b>" in text and "_check_log" in text
    for i in range(100):
        logging.getLogger("ebgov_desktop.test").info("dòng %d %s", i, "x" * 50)
    assert (data_dir / "logs" / "ebgov-desktop.log.1").exists()
    assert (data_dir / "logs" / "ebgov-desktop.log.2").exists()
    assert not (data_dir / "logs" / "ebgov-desktop.log.3").exists()  # backup_count=2 kept
    assert all(p.stat().st_size <= 2000 for p in (data_dir / "logs").iterdir())
    assert "dòng 99 " in path.read_text(encoding="utf-8")  # the newest line is in the file itself
    assert "dòng 98 " in (path.read_text(encoding="utf-8")
                          + (data_dir / "logs" / "ebgov-desktop.log.1").read_text(encoding="utf-8"))
