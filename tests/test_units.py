"""The official lists of administrative units and the `init` checks against them."""

import datetime as dt
import re

from ebgov_desktop.cli import main
from ebgov_desktop.domain.units import DEMO_CODE, Unit, UnitKind
from ebgov_desktop.services import units
from ebgov_desktop.services.datasets import demo_dataset
from ebgov_desktop.services.workspace import Workspace


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_lists_have_the_official_sizes():
    new, old = units.current_list(), units.legacy_list()
    assert len(new.provinces()) == 34 and len(new.communes()) == 3321
    assert len(old.provinces()) == 63 and len(old.districts()) == 696
    assert 10_000 <= len(old.communes()) <= 10_100


def test_the_list_follows_the_date_of_the_period():
    assert units.list_on(dt.date(2025, 6, 30)) is units.legacy_list()
    assert units.list_on(dt.date(2025, 7, 1)) is units.current_list()


def test_search_ignores_diacritics_and_finds_the_demo_commune_with_its_district():
    found = units.legacy_list().search("quang tho", province_code="46")
    assert [(u.code, u.full_name, u.district) for u in found] == [(DEMO_CODE, "Xã Quảng Thọ", "Quảng Điền")]
    assert units.legacy_list().get("D", "477").name == "Quảng Điền"
    assert [u.full_name for u in units.current_list().search("THUAN AN", province_code="46")] == [
        "Phường Thuận An"]


def test_the_demo_unit_carries_its_real_code():
    ds = demo_dataset()
    assert ds.unit.code == DEMO_CODE == "19894"
    assert units.unit_problems(ds.unit, ds.period.default_range()[1]) == []


def test_former_communes_of_a_new_one():
    olds = [(u.full_name, whole) for u, whole in units.former_communes("19867")]  # xã Quảng Điền, Huế
    assert ("Xã Quảng Thọ", True) in olds and len(olds) == 4


def test_a_code_with_another_name_is_explained():
    unit = Unit("476", UnitKind.HUYEN, "Quảng Điền", "Thừa Thiên Huế")
    assert units.unit_problems(unit, dt.date(2019, 12, 31)) == [
        "mã 476 trong danh mục trước 01/7/2025 là Thị xã Phong Điền, không phải huyện Quảng Điền"]


def test_init_refuses_a_commune_code_of_two_digits_even_when_confirmed(tmp_path, capsys):
    code, _, err = run(capsys, "init", "--data-dir", tmp_path / "w", "--kind", "xa", "--code", "12",
                       "--name", "Quảng Thọ", "--province", "Huế", "--unlisted")
    assert code == 2 and "phải gồm đúng 5 chữ số" in err
    assert not Workspace.exists(tmp_path / "w")


def test_init_refuses_a_code_not_in_the_list_for_its_date_unless_confirmed(tmp_path, capsys):
    args = ["init", "--data-dir", tmp_path / "w", "--kind", "xa", "--code", "19901", "--name", "Quảng Thọ",
            "--province", "Thừa Thiên Huế", "--period", "2019"]
    code, out, err = run(capsys, *args)
    assert code == 2 and "mã xã 19901 không có trong danh mục đơn vị hành chính trước 01/7/2025" in err
    assert "--unlisted" in err and out == ""
    # the demo commune's real code is in the 2019 list, but not in the list of 2026 (merged in 2025)
    assert run(capsys, "init", "--data-dir", tmp_path / "x", "--kind", "xa", "--code", DEMO_CODE, "--name",
               "Quảng Thọ", "--province", "Huế")[0] == 2
    code, out, _ = run(capsys, *args, "--unlisted")
    assert code == 0 and "Đã tạo dữ liệu cho UBND xã Quảng Thọ (mã 19901)" in out


def test_a_province_workspace_lists_its_communes_from_the_catalogue(tmp_path, capsys):
    d = tmp_path / "tinh"
    code, out, _ = run(capsys, "init", "--data-dir", d, "--kind", "tinh", "--code", "46", "--name", "Huế",
                       "--province", "Huế")
    assert code == 0 and "40 đơn vị" in out
    code, out, _ = run(capsys, "units", "--data-dir", d, "--list")
    lines = [line for line in out.splitlines() if re.match(r"\d{5} ", line)]
    assert code == 0 and len(lines) == 40
    assert any(line.startswith("19867  xã Quảng Điền") for line in lines)
    assert "40 đơn vị đang phải báo cáo" in out


def test_a_district_workspace_takes_its_communes_from_the_list_before_2025(tmp_path, capsys):
    d = tmp_path / "huyen"
    assert run(capsys, "init", "--data-dir", d, "--kind", "huyen", "--code", "477", "--name", "Quảng Điền",
               "--province", "Thừa Thiên Huế", "--period", "2019")[0] == 0
    out = run(capsys, "units", "--data-dir", d)[1]
    assert f"{DEMO_CODE}  xã Quảng Thọ" in out and "11 đơn vị đang phải báo cáo" in out
