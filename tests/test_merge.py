"""The 2025 merger: a former commune's register and periods brought into the new commune."""

import pytest

from ebgov_desktop.cli import main
from ebgov_desktop.domain.periods import Period
from ebgov_desktop.domain.units import Unit, UnitKind
from ebgov_desktop.services import merge
from ebgov_desktop.services.backup import Reason, backup_now
from ebgov_desktop.services.paths import app_paths
from ebgov_desktop.services.workspace import Workspace

NEW = Unit("19867", UnitKind.XA, "Quảng Điền", "Huế", "46")  # formed on 01/7/2025 from Quảng Thọ …


@pytest.fixture
def new_ws(tmp_path):
    ws = Workspace.open(tmp_path / "moi")
    ws.set_unit(NEW)
    ws.create_period(Period.parse("2025"))
    yield ws
    ws.close()


def test_the_preview_changes_nothing_and_says_what_arrives(new_ws, former_package):
    preview = merge.preview_merge(new_ws, former_package)
    assert preview.ok and preview.listed and preview.periods == ["2019"]
    assert len(preview.rows) == 11 and new_ws.register_items() == []
    assert preview.summary.startswith("UBND xã Quảng Thọ (mã 19894): 11 dòng thiết bị (45 thiết bị) sẽ "
                                      "được thêm vào sổ")
    assert all("Từ xã Quảng Thọ (mã 19894), sáp nhập 01/7/2025" in r.notes for r in preview.rows)


def test_merging_adds_the_rows_with_their_origin_once_and_one_undo_takes_them_out(new_ws, former_package):
    ids = merge.apply_merge(new_ws, merge.preview_merge(new_ws, former_package), period=Period.parse("2025"))
    rows = new_ws.register_items()
    assert len(ids) == 11 and [r.id for r in rows] == ids
    assert all(r.notes.endswith("Từ xã Quảng Thọ (mã 19894), sáp nhập 01/7/2025") for r in rows)
    assert merge.reference_periods(new_ws) == [("19894", "2019")]
    again = merge.preview_merge(new_ws, former_package)
    assert again.rows == [] and again.already == 11
    assert new_ws.undo().startswith("Đã hoàn tác")
    assert new_ws.register_items() == []


def test_a_backup_of_the_former_commune_brings_all_its_periods(new_ws, demo_ws, tmp_path):
    info = backup_now(app_paths(demo_ws.paths.data_dir), Reason.MANUAL)
    preview = merge.preview_merge(new_ws, info.path)
    assert preview.ok and preview.periods == ["2019"] and len(preview.rows) == 11


def test_a_commune_the_list_does_not_name_needs_a_confirmation(tmp_path, former_package):
    ws = Workspace.open(tmp_path / "khac")
    ws.set_unit(Unit("19900", UnitKind.PHUONG, "Thuận An", "Huế", "46"))
    ws.create_period(Period.parse("2025"))
    preview = merge.preview_merge(ws, former_package)
    assert not preview.listed
    with pytest.raises(merge.MergeError, match="không sáp nhập vào phường Thuận An"):
        merge.apply_merge(ws, preview)
    assert ws.register_items() == []
    assert len(merge.apply_merge(ws, preview, confirm_unlisted=True)) == 11
    ws.close()


def test_own_data_is_refused(demo_ws, former_package):
    preview = merge.preview_merge(demo_ws, former_package)
    assert not preview.ok and "chính UBND xã Quảng Thọ" in preview.problems[0]


def test_cli_merge_dry_run_then_merge(tmp_path, former_package, capsys):
    d = tmp_path / "cli"
    assert main(["init", "--data-dir", str(d), "--kind", "xa", "--code", "19867", "--name", "Quảng Điền",
                 "--province", "Huế", "--period", "2025"]) == 0
    capsys.readouterr()
    assert main(["merge", "--data-dir", str(d), "--dry-run", str(former_package)]) == 0
    out = capsys.readouterr().out
    assert "11 dòng thiết bị" in out and "Chạy thử" in out
    assert main(["merge", "--data-dir", str(d), str(former_package)]) == 0
    assert "Đã gộp 11 dòng" in capsys.readouterr().out
    assert main(["merge", "--data-dir", str(d), str(tmp_path / "khong-co.ebgov")]) == 2
    assert "Không tìm thấy" in capsys.readouterr().err
