"""Import at the superior level: classification, key pinning, one transaction per package, dry run."""

import shutil

import pytest

from ebgov_desktop.cli import main
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.tasks import TaskState
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.services.datasets import demo_dataset
from ebgov_desktop.services.packages import (
    ExchangeError,
    Outcome,
    accept_key_of_file,
    export_package,
    import_packages,
    list_packages,
    make_current,
    package_dataset,
    pinned_keys,
)
from ebgov_desktop.services.superior import SuperiorError
from ebgov_desktop.services.workspace import Workspace
from ebgov_desktop.storage.packages import PackageRepository


@pytest.fixture
def commune(tmp_path):
    ws = Workspace.open(tmp_path / "xa")
    ws.load_dataset(demo_dataset())
    yield ws
    ws.close()


@pytest.fixture
def superior(tmp_path):
    ws = Workspace.open(tmp_path / "huyen")
    ws.set_unit(Unit(code="476", kind=UnitKind.HUYEN, name="Quảng Điền", province="Thừa Thiên Huế",
                     province_code="46"))
    yield ws
    ws.close()


@pytest.fixture
def usb(tmp_path):
    d = tmp_path / "usb"
    d.mkdir()
    return d


def counts(ws):
    db = ws.store.db
    return tuple(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                 for t in ("package", "unit_key", "import_log"))


def edit_and_export(commune, usb, value):
    commune.set_value(Period.parse("2019"), "tthc.digitized", value)
    return export_package(commune, commune.snapshot(Period.parse("2019")), usb).path


def test_round_trip_demo_equals_the_original(commune, superior, usb):
    path = export_package(commune, commune.snapshot(Period.parse("2019")), usb).path
    report = import_packages(superior, [path])
    (result,) = report.results
    assert result.outcome is Outcome.NEW and result.unit_code == "19894" and result.revision == 1
    (record,) = list_packages(superior, status="current")
    ds = package_dataset(superior, record.id)
    assert ds == demo_dataset() == commune.dataset(Period.parse("2019"))
    assert ds.digest() == commune.dataset(Period.parse("2019")).digest() == record.payload_sha256


def test_the_same_package_three_times_is_one_record(commune, superior, usb):
    path = export_package(commune, commune.snapshot(Period.parse("2019")), usb).path
    outcomes = [import_packages(superior, [path]).results[0].outcome for _ in range(3)]
    assert outcomes == [Outcome.NEW, Outcome.IDENTICAL, Outcome.IDENTICAL]
    assert len(list_packages(superior)) == 1
    assert counts(superior) == (1, 1, 3)  # one package, one pinned key, three log lines


def test_a_re_export_of_unchanged_data_is_identical(commune, superior, usb, tmp_path):
    first = export_package(commune, commune.snapshot(Period.parse("2019")), usb).path
    other = tmp_path / "usb2"
    other.mkdir()
    second = export_package(commune, commune.snapshot(Period.parse("2019")), other).path
    assert second.name == first.name  # same revision: the data did not change
    assert [r.outcome for r in import_packages(superior, [first, second]).results] == \
        [Outcome.NEW, Outcome.IDENTICAL]


def test_newer_revision_supersedes_and_keeps_the_old_one(commune, superior, usb):
    r1 = export_package(commune, commune.snapshot(Period.parse("2019")), usb).path
    r2 = edit_and_export(commune, usb, 77)
    assert r2.name.endswith("_r2.ebgov")
    results = import_packages(superior, [r1, r2]).results
    assert [r.outcome for r in results] == [Outcome.NEW, Outcome.NEWER]
    records = list_packages(superior)
    assert [(r.revision, r.status) for r in records] == [(1, "superseded"), (2, "current")]
    assert records[0].superseded_by == records[1].id
    assert package_dataset(superior, records[1].id).get("tthc.digitized") == 77
    # the old file again: already kept, nothing changes
    assert import_packages(superior, [r1]).results[0].outcome is Outcome.IDENTICAL
    assert len(list_packages(superior)) == 2


def test_older_revision_is_refused(commune, superior, usb):
    r1 = export_package(commune, commune.snapshot(Period.parse("2019")), usb).path
    r2 = edit_and_export(commune, usb, 77)
    assert import_packages(superior, [r2]).results[0].outcome is Outcome.NEW
    (older,) = import_packages(superior, [r1]).results
    assert older.outcome is Outcome.OLDER and older.outcome.refused
    assert "cũ hơn" in older.reason and older.file.name in older.message
    assert [(r.revision, r.status) for r in list_packages(superior)] == [(2, "current")]


def test_conflict_is_kept_aside_and_the_officer_can_choose_it(commune, superior, usb, tmp_path):
    first = export_package(commune, commune.snapshot(Period.parse("2019")), usb).path
    # the commune lost all its export bookkeeping (the workspace's record and the one kept beside
    # the key, which a restore alone no longer loses: tests/test_cli_startup_and_revisions.py) and
    # changed the data
    commune.store.db.execute("DELETE FROM setting WHERE key = 'export.2019'")
    (commune.paths.keys_dir / "sent-revisions.json").unlink()
    commune.set_value(Period.parse("2019"), "tthc.digitized", 55)
    other = tmp_path / "usb2"
    other.mkdir()
    second = export_package(commune, commune.snapshot(Period.parse("2019")), other).path
    assert second.name == first.name  # both r1, different content
    results = import_packages(superior, [first, second]).results
    assert [r.outcome for r in results] == [Outcome.NEW, Outcome.CONFLICT]
    assert "khác" in results[1].reason
    assert [r.status for r in list_packages(superior)] == ["current", "conflict"]
    assert import_packages(superior, [second]).results[0].outcome is Outcome.IDENTICAL
    make_current(superior, results[1].package_id)
    assert [r.status for r in list_packages(superior)] == ["superseded", "current"]


def test_another_key_is_refused_until_the_officer_accepts_it(commune, superior, usb, tmp_path):
    r1 = export_package(commune, commune.snapshot(Period.parse("2019")), usb).path
    assert import_packages(superior, [r1]).results[0].outcome is Outcome.NEW
    # the commune's PC was replaced: same unit, new key, changed data
    shutil.rmtree(commune.paths.keys_dir)
    r2 = edit_and_export(commune, usb, 66)
    (wrong,) = import_packages(superior, [r2]).results
    assert wrong.outcome is Outcome.WRONG_KEY and wrong.outcome.refused
    assert wrong.fingerprint in wrong.reason and wrong.pinned_fingerprint in wrong.reason
    assert len(list_packages(superior)) == 1
    with pytest.raises(ExchangeError, match="khác mã khóa"):
        accept_key_of_file(superior, r2, "0000-0000-0000-0000-0000")
    accepted = accept_key_of_file(superior, r2, wrong.fingerprint.lower().replace("-", " "))
    key = accepted.key
    assert key.fingerprint == wrong.fingerprint and key.how == "accepted" and key.confirmed
    assert [k.fingerprint for k in pinned_keys(superior)] == [wrong.fingerprint]
    # the package kept aside is taken in: the first of its key, current whatever its revision
    assert [r.outcome for r in accepted.report.results] == [Outcome.NEW, Outcome.IDENTICAL]
    assert import_packages(superior, [r2]).results[0].outcome is Outcome.IDENTICAL
    # the old key is now the stranger
    assert import_packages(superior, [r1]).results[0].outcome is Outcome.WRONG_KEY


def test_dry_run_classifies_like_a_real_import_and_changes_nothing(commune, superior, usb):
    r1 = export_package(commune, commune.snapshot(Period.parse("2019")), usb).path
    r2 = edit_and_export(commune, usb, 77)
    (usb / "broken.ebgov").write_bytes(b"not a package")
    before = counts(superior)
    report = import_packages(superior, [r1, r1, r2, usb / "broken.ebgov"], dry_run=True)
    assert [r.outcome for r in report.results] == [Outcome.NEW, Outcome.NEWER, Outcome.INVALID]
    assert report.dry_run and "Chạy thử" in report.summary
    assert counts(superior) == before == (0, 0, 0)


def test_invalid_file_names_the_file_and_the_reason(superior, tmp_path):
    bad = tmp_path / "46_19894_2019_r1.ebgov"
    bad.write_bytes(b"PK\x03\x04 garbage")
    (result,) = import_packages(superior, [bad]).results
    assert result.outcome is Outcome.INVALID
    assert result.message.startswith("46_19894_2019_r1.ebgov: Không hợp lệ, từ chối — ")
    missing = import_packages(superior, [tmp_path / "gone.ebgov"]).results[0]
    assert missing.outcome is Outcome.INVALID and "không tìm thấy" in missing.reason
    assert counts(superior)[0] == 0


def test_a_commune_workspace_cannot_import(commune, usb):
    path = export_package(commune, commune.snapshot(Period.parse("2019")), usb).path
    with pytest.raises(SuperiorError, match="Nhập gói dữ liệu chỉ dùng ở cấp huyện, tỉnh"):
        import_packages(commune, [path])


def test_folders_are_searched_and_progress_and_cancel_work(commune, superior, usb):
    export_package(commune, commune.snapshot(Period.parse("2019")), usb)
    edit_and_export(commune, usb, 77)
    (usb / "notes.txt").write_text("x")
    seen = []
    report = import_packages(superior, [usb], state=TaskState(lambda d, t, name: seen.append((d, t, name))))
    assert [r.outcome for r in report.results] == [Outcome.NEW, Outcome.NEWER]
    assert seen[0] == (0, 2, "46_19894_2019_r1.ebgov") and seen[-1] == (2, 2, "")
    started = []  # cancelled once the second package has started: it acts inside that package
    state = TaskState(lambda d, t, name: started.append(name) or (len(started) > 1 and state.cancel()))
    report = import_packages(superior, [usb], state=state)
    assert report.cancelled and len(report.results) == 1


def test_a_failure_inside_the_transaction_leaves_nothing(commune, superior, usb, monkeypatch):
    path = export_package(commune, commune.snapshot(Period.parse("2019")), usb).path

    def boom(self, *a, **k):
        raise RuntimeError("power cut")

    monkeypatch.setattr(PackageRepository, "log", boom)
    with pytest.raises(RuntimeError):
        import_packages(superior, [path])
    monkeypatch.undo()
    assert counts(superior) == (0, 0, 0)


# -- command line ----------------------------------------------------------------------------------

def test_cli_export_then_import_prints_a_vietnamese_table(tmp_path, capsys):
    xa, huyen, usb = tmp_path / "xa", tmp_path / "huyen", tmp_path / "usb"
    usb.mkdir()
    assert main(["demo", "--data-dir", str(xa)]) == 0
    assert main(["export", "--data-dir", str(xa), "--period", "2019", "--out", str(usb)]) == 0
    out = capsys.readouterr().out
    assert "46_19894_2019_r1.ebgov" in out and "lần gửi 1" in out and "Mã khóa ký" in out
    assert main(["init", "--data-dir", str(huyen), "--kind", "huyen", "--code", "476", "--unlisted", "--name",
                 "Quảng Điền", "--province", "Thừa Thiên Huế"]) == 0
    capsys.readouterr()
    assert main(["import", "--data-dir", str(huyen), "--dry-run", str(usb)]) == 0
    out = capsys.readouterr().out
    assert "Đơn vị" in out and "Lần gửi" in out and "Kết quả" in out and "Lý do" in out
    assert "19894 Quảng Thọ" in out and "Mới" in out and "Chạy thử" in out
    assert main(["import", "--data-dir", str(huyen), str(usb)]) == 0
    assert main(["import", "--data-dir", str(huyen), str(usb)]) == 0
    assert "Đã có, không thay đổi" in capsys.readouterr().out
    (usb / "bad.ebgov").write_bytes(b"junk")
    assert main(["import", "--data-dir", str(huyen), str(usb / "bad.ebgov")]) == 1
    assert "bad.ebgov" in capsys.readouterr().out
    (tmp_path / "empty").mkdir()
    assert main(["import", "--data-dir", str(huyen), str(tmp_path / "empty")]) == 2
    assert "không tìm thấy tệp gói dữ liệu" in capsys.readouterr().err


def test_cli_export_refuses_while_errors_remain(tmp_path, capsys):
    xa, usb = tmp_path / "xa", tmp_path / "usb"
    usb.mkdir()
    main(["demo", "--data-dir", str(xa)])
    with Workspace.open(xa) as ws:
        ws.set_value(Period.parse("2019"), "staff.civil_servants_with_computer", 99)
    capsys.readouterr()
    assert main(["export", "--data-dir", str(xa), "--period", "2019", "--out", str(usb)]) == 2
    err = capsys.readouterr().err
    assert "Chưa xuất được" in err and "lỗi" in err
    assert list(usb.iterdir()) == []


def test_a_real_import_backs_the_workspace_up_first_a_dry_run_does_not(commune, superior, usb):
    from ebgov_desktop.services.backup import Reason, list_backups

    path = export_package(commune, commune.snapshot(Period.parse("2019")), usb).path
    import_packages(superior, [path], dry_run=True)
    assert list_backups(superior.paths) == []
    import_packages(superior, [path])
    assert [b.reason for b in list_backups(superior.paths)] == [Reason.BEFORE_IMPORT]


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="POSIX only")
def test_a_pipe_named_like_a_package_is_refused_without_blocking(superior, tmp_path):
    import os

    fifo = tmp_path / "trap.ebgov"
    os.mkfifo(fifo)
    (result,) = import_packages(superior, [fifo]).results
    assert result.outcome is Outcome.INVALID and "không phải tệp thường" in result.reason
